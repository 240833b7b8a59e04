import Foundation
import IntakeMIME
import IntakeModel

/// One contract document while it is read from an email or a file: the document, where each field came
/// from, and what the readers tell each other. `OrderExtractor` makes it; the readers (`EmailReader`, the
/// file readers, `OrderFieldReader` and those it hands to) fill it; `OrderFinisher` turns it into the
/// extraction.
struct DocumentBuilder {
    let context: ExtractionContext
    var document: OrderDocument
    var origins: [FieldOrigin] = []
    var isAutomated = false
    var threadIDs: [String] = []
    var surveyToken: String?
    var optOut = false
    /// The message's own text lines, for the check that no counted item was left unread
    /// (made in `finish`, for orders only).
    var bodyLines: [TextLine] = []
    /// The value of the first plain "Phone:"/"電話：" label (not a delivery phone's): the
    /// sender's own number, for a customer not on file.
    var contactPhone: String?
    /// Whether the ship-to phone so far came from a plain phone label (a delivery phone label wins).
    var shipToPhoneIsPlain = false
    /// The name under a contact label ("联系人：何俊"): the sender's own when they are not on file.
    var contactName: String?
    /// Whether the ship-to recipient so far is only the contact person (a recipient label wins).
    var recipientIsContact = false
    /// The text the order was read from (the body, or the HTML alternative, the forwarded or
    /// quoted order the items came from): every figure in it must be explained (`FigureAudit`).
    var auditLines: [TextLine] = []
    var forwardedBuyer: MailAddress?
    /// The sender's name and company as the message and customers.csv give them: a line holding
    /// one of them after the items opens the signature.
    var senderNames: [String] = []
    /// "Deliver to our usual address": the customer's address on file is meant.
    var addressOnFileRequested = false
    /// Whether `referenceDay` is the message's own Date header; a file without one counts
    /// relative dates from the order date it writes (下單時間, order date), if any.
    var referenceFromHeader = false
    var referenceFromDocument = false
    /// Lines of a forwarded or quoted list that the sender excepted: read, and left out.
    var excludedLocations: Set<String> = []
    var excludedSKUs: Set<String> = []
    var referenceDay: CalendarDate
    var lines: [ParsedLine] = []
    var writtenCurrency: String?
    var subjectText = ""
    var bodyText = ""
    var quotedText = ""
    /// The body as decoded, before normalisation: fields copied as written are found in it.
    var writtenBody = ""
    /// The header rows of the tables read (CSV, XLSX, HTML), joined: "单价(元)" says whose money.
    var tableHeaders: [String] = []
    /// While a message's attachments are read: the labelled rows above and below their tables,
    /// read after the body, so that what the sender typed in the mail ("送貨地點：…") wins over
    /// a form's printed field.
    var attachmentFieldLines: [TextLine]?

    init(context: ExtractionContext, fileLabel: String) {
        self.context = context
        self.document = OrderDocument(kind: .other, source: .init(file: fileLabel))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: context.receivedAt)
        self.referenceDay = CalendarDate(year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? CalendarDate(year: 2026, month: 1, day: 1)!
    }

    mutating func note(_ field: String, _ location: String, _ rule: String, _ excerpt: String? = nil) {
        origins.append(FieldOrigin(field: field, location: location, rule: rule, excerpt: excerpt))
    }

    func result(language: String? = nil) -> Extraction {
        var document = document
        Self.makeNamesOneLine(&document)
        var extraction = Extraction(document: document, origins: origins, language: language, isAutomated: isAutomated, threadIDs: threadIDs)
        extraction.surveyToken = surveyToken
        extraction.optOut = optOut
        extraction.writtenOn = referenceFromHeader || referenceFromDocument ? referenceDay : nil
        if document.kind == .complaint || document.kind == .changeRequest || document.kind == .cancellation || document.kind == .surveyResponse {
            extraction.summary = Self.summary(of: bodyText)
        }
        if document.kind == .complaint { extraction.complaintCategory = ComplaintCategory.of(subjectText + "\n" + bodyText) }
        return extraction
    }

    /// The language a message is written in, to answer in when the customer's is not on file:
    /// `zh-TW` or `zh-CN` by the Han characters only one script uses, `en` for Latin text with
    /// few Han characters; nil when it cannot be told (the desk's language then).
    static func writtenLanguage(_ text: String) -> String? {
        var han = 0, latin = 0, traditional = 0, simplified = 0
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                if (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A { latin += 1 }
            } else if scalar.value >= 0x3400, FuzzyProductMatcher.isHan(Character(scalar)) {
                han += 1
                if TextNormalizer.traditionalToSimplified[scalar] != nil { traditional += 1 } else if HanScript.simplifiedMembers.contains(scalar) { simplified += 1 }
            }
        }
        // A Han character says about what three Latin letters do: an English mail signed with
        // a Chinese company name is English.
        if han >= 4 && han * 3 >= latin {
            if traditional > simplified { return "zh-TW" }
            if simplified > traditional { return "zh-CN" }
            return nil
        }
        return latin >= 20 ? "en" : nil
    }

    mutating func unreadable(_ issue: Issue) -> Extraction {
        document.kind = .unreadable
        document.issues = [issue]
        document.confidence = 0
        return result()
    }

    /// Dates read against the message's day, in the writer's day/month order: the customer's
    /// language's region when it has one, else where the customer is (`addressDayFirst`), else
    /// the desk's.
    var dateResolver: DateResolver {
        let language = customerOnFile?.language
        return DateResolver(reference: referenceDay, dayFirst: DateResolver.dayFirst(language: language) ?? addressDayFirst
                                ?? DateResolver.dayFirst(language: context.deskLanguage))
    }

    /// The customer on file for the buyer: the one a field names, else the forwarded order's
    /// sender, else the message's (fields are read before the buyer is settled, and a date's
    /// day/month order depends on who wrote it).
    var customerOnFile: Customer? {
        context.master.customer(email: document.customer.email ?? forwardedBuyer?.normalized ?? document.source.from)
    }

    /// The day/month order of the country the customer's mail domain (`….com.my`, `….hk`) or
    /// phone on file (+60, +852) is in, when their language names no region. Weaker than a
    /// language: a date read this way is flagged (see `DeliveryDateReader.record`).
    var addressDayFirst: Bool? {
        let customer = customerOnFile
        guard DateResolver.dayFirst(language: customer?.language) == nil else { return nil }
        if let domain = (document.customer.email ?? document.source.from)?.split(separator: ".").last,
           let found = DateResolver.dayFirst(language: "und-" + domain) { return found }
        guard let phone = customer?.phone?.replacingOccurrences(of: " ", with: ""), phone.hasPrefix("+") else { return nil }
        let regions = [("+852", "HK"), ("+853", "MO"), ("+65", "SG"), ("+60", "MY"), ("+44", "GB"), ("+61", "AU"), ("+64", "NZ"), ("+91", "IN"), ("+353", "IE"), ("+1", "US")]
        return regions.first { phone.hasPrefix($0.0) }.flatMap { DateResolver.dayFirst(language: "und-" + $0.1) }
    }

    /// The first 160 characters of the customer's own words, on one line.
    static func summary(of text: String) -> String? {
        let joined = text.split(whereSeparator: \.isNewline).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !joined.isEmpty else { return nil }
        return joined.count > 160 ? String(joined.prefix(159)) + "…" : joined
    }
}
