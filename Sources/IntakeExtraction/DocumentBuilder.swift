import Foundation
import IntakeMIME
import IntakeModel

/// Assembles one contract document from an email or a file; `OrderExtractor` drives it.
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

    // MARK: - Email

    mutating func fromEmail(_ bytes: [UInt8]) -> Extraction {
        let message: MIMEMessage
        do {
            message = try MIMEParser(limits: context.limits, headerFallbackCharset: context.fallbackCharsets.first).parse(bytes)
        } catch {
            let code: Issue.Code = error.code == .messageTooLarge ? .tooLarge : .decodeError
            return unreadable(Issue(code: code, field: nil, message: "\(document.source.file): \(error.message); the original is kept"))
        }
        document.source.messageId = message.messageID
        // Parsed once: the getter reads the header again on every call.
        let sender = message.from.first
        document.source.from = sender?.normalized
        let subject = message.subject  // decoded once: the getter decodes on every call
        document.source.subject = subject
        subjectText = TextNormalizer.normalize(subject ?? "")
        threadIDs = message.inReplyTo + message.references
        if let date = message.date {
            var calendar = Calendar(identifier: .gregorian)
            // A Date stamped in UTC (+0000, as servers and some clients write it) says nothing of
            // where the sender is: the desk's own zone counts the day then ("後天" written at
            // 23:14 UTC on Sunday, Monday morning in Taipei).
            calendar.timeZone = date.utcOffsetSeconds == 0 ? context.timeZone : (TimeZone(secondsFromGMT: date.utcOffsetSeconds) ?? context.timeZone)
            let parts = calendar.dateComponents([.year, .month, .day], from: date.date)
            if let day = CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0) {
                referenceDay = day
                referenceFromHeader = true
            }
        }

        var texts: [String] = []
        for part in message.bodyParts() {
            let decoded = part.decodedText(fallbackCharsets: context.fallbackCharsets)
            if decoded.lossy {
                return unreadable(Issue(code: .decodeError, field: nil,
                    message: "\(document.source.file): the text part declared as charset \"\(part.contentType["charset"] ?? "us-ascii")\" has bytes that no known charset decodes; the original is kept"))
            }
            for defect in decoded.defects where defect.code == .charsetMismatch || defect.code == .unknownCharset {
                document.issues.append(Issue(code: .charsetMismatch, field: nil, message: defect.detail))
            }
            texts.append(part.contentType.subtype == "html" ? HTMLText.text(fromHTML: decoded.text) : decoded.text)
        }
        if let embedded = message.root.allParts.first(where: { $0.isEmbeddedMessage }), let inner = embedded.children.first {
            forwardedBuyer = MIMEMessage(root: inner).from.first
        }
        writtenBody = texts.joined(separator: "\n")
        let (fresh, quoted) = Self.splitReply(TextNormalizer.normalize(writtenBody))
        bodyText = fresh
        quotedText = quoted
        var textLines = TextLine.numbered(fresh, location: "body")
        if forwardedBuyer == nil, let inline = Self.inlineForwardSender(fresh) { forwardedBuyer = inline }

        attachmentFieldLines = []
        for attachment in message.attachments {
            let name = attachment.filename ?? "unnamed"
            let shown = Self.displayName(name)
            if let read = DocumentReaderRegistry.standard.reader(forAttachmentNamed: attachment.filename, mediaType: attachment.contentType.value)?.readAttachment {
                textLines += read(&self, attachment, shown)
            } else if attachment.contentType.type == "image" && (attachment.headers.contains("Content-ID") || attachment.disposition?.value == "inline") {
                continue  // signature logos and inline pictures
            } else {
                document.issues.append(Issue(code: .unsupportedAttachment, field: nil,
                    message: "attachment \(shown) (\(attachment.contentType.value)) is not read yet; check it by hand"))
            }
        }
        if lines.isEmpty { lines = LineItemParser(master: context.master).parse(TextLine.joiningWrappedProse(textLines)) }
        // "See the HTML version": when the plain alternative has no lines, its HTML sibling may.
        if lines.isEmpty, let htmlLines = htmlAlternativeLines(message), !htmlLines.isEmpty {
            let found = LineItemParser(master: context.master).parse(htmlLines)
            if !found.isEmpty {
                lines = found
                textLines += htmlLines
            }
        }
        // "Please process the order below" above a quoted ("> ") order: a forward written as a
        // reply. Only then are quoted lines read for items: a reply's own quoted history is not
        // an order.
        if lines.isEmpty, Self.pointsAtQuotedOrder(subject: subjectText, fresh: fresh) {
            var quotedLines = TextLine.numbered(Self.unquoted(quoted), location: "quoted text")
            var found = LineItemParser(master: context.master).parse(quotedLines)
            // Forwarded the Outlook way (a separator, a header block, the text unquoted): the
            // forwarded message is the order, and its sender the buyer.
            if found.isEmpty, let forwarded = Self.forwardedBlock(quoted) {
                quotedLines = TextLine.numbered(forwarded.body, location: "forwarded text")
                found = LineItemParser(master: context.master).parse(quotedLines)
                if !found.isEmpty, forwardedBuyer == nil { forwardedBuyer = forwarded.from }
            }
            if !found.isEmpty {
                lines = found
                textLines += quotedLines
            } else if Self.isForward(subject: subjectText, fresh: fresh), let forwarded = Self.forwardedBlock(quoted) {
                // A forward whose items the rules cannot read is still the forwarded sender's
                // message: their address, dates and ship-to, and the figures to account for.
                forwardedBuyer = forwardedBuyer ?? forwarded.from
                textLines += TextLine.numbered(forwarded.body, location: "forwarded text")
            }
        }
        // "Order: 20 boxes A4 copy paper" with a body that says only "as per subject".
        if lines.isEmpty, let subject = Self.subjectAsItemLine(subjectText) {
            let found = LineItemParser(master: context.master).parse([TextLine(text: subject, location: "subject")])
            if !found.isEmpty { lines = found }
        }
        // "Please supply everything on Winnie's list below except the body lotion": the
        // sender's own words take items off a list they forward or quote.
        if lines.contains(where: { !$0.origin.location.hasPrefix("body") }) {
            let excluded = Self.excludedProducts(fresh, master: context.master)
            excludedSKUs = excluded
            if !excluded.isEmpty {
                for line in lines where line.product.map({ excluded.contains($0.sku) }) == true {
                    excludedLocations.insert(line.origin.location)
                    note("lines", line.origin.location, "left out: the sender excepts it", line.origin.excerpt)
                }
                lines.removeAll { $0.product.map { excluded.contains($0.sku) } == true }
            }
        }
        bodyLines = textLines.filter { $0.location.hasPrefix("body") }
        senderNames = [sender?.name, forwardedBuyer?.name].compactMap { $0 }
        if let known = context.master.customer(email: (forwardedBuyer ?? sender)?.normalized) {
            senderNames += [known.name, known.company].compactMap { $0 }
        }
        auditLines = Self.linesToAudit(textLines, itemsFrom: lines)
        readOrderFields(textLines)
        if let fromAttachments = attachmentFieldLines {
            attachmentFieldLines = nil
            readOrderFields(fromAttachments)
        }
        findOrderReference()
        // A reply that names no order may still answer our confirmation or survey: our
        // Message-IDs name the purpose, our survey subjects carry a token.
        var threadKind: MessageKind?
        surveyToken = SurveyReader.token(in: subjectText)
        if surveyToken != nil || threadIDs.contains(where: { $0.contains(".survey.") }) {
            threadKind = .surveyResponse
        }
        optOut = SurveyReader.asksToUnsubscribe(subject: subjectText, body: fresh)
        // A reply that quotes a satisfaction survey (ours, whatever its Message-ID) and gives a
        // rating answers it; without a store to ask, the quoted survey says what was asked.
        let isReply = !threadIDs.isEmpty || RegexCache.firstRange(#"(?i)^\s*(?:re|aw|回覆|回复|答复)\s*[:：]"#, in: subjectText) != nil
        let surveyScale = SurveyReader.invitationScale(in: subjectText + "\n" + quoted)
        if threadKind == nil, isReply, let scale = surveyScale, SurveyReader.rating(in: fresh, scale: scale, legend: quoted) != nil {
            threadKind = .surveyResponse
        }
        if !threadIDs.isEmpty, let lookup = context.threadLookup, let reference = lookup(threadIDs) {
            threadKind = reference.isSurvey ? .surveyResponse : (threadKind ?? .order)
            if document.orderReference == nil, let number = reference.orderNumber {
                document.orderReference = number
                note("orderReference", "headers In-Reply-To/References", "reply to \(reference.description)", number)
            }
        }

        let verdict = MessageClassifier().classify(message: message, sender: document.source.from, subject: subjectText, body: fresh, hasLines: !lines.isEmpty,
                                                   orderReference: document.orderReference, threadKind: threadKind,
                                                   hasPurchaseOrder: document.purchaseOrder != nil)
        isAutomated = verdict.isAutomated
        document.kind = verdict.kind
        note("kind", "message", verdict.reason)
        // A forward inside the customer's own company is the forwarder's when the forwarder
        // acts on it ("Please supply everything on Winnie's list except the lotion. Our PO no.
        // is …", "Could you send the missing 8 bottles"): purchasing orders on a colleague's
        // list. Passed on as it is ("FYI, forwarding our buyer's order", "转发一下，请处理"),
        // or from another domain (our salesperson, an agent), it is the original sender's.
        if let forwarded = forwardedBuyer, let sender, Self.domain(of: forwarded.normalized) == Self.domain(of: sender.normalized),
           Self.forwarderActs(fresh) {
            forwardedBuyer = nil
        }
        // "转发: 发货通知 SO-…": our own notice forwarded back, its sender the mailbox the
        // message was sent to (or that mailbox's domain), is no customer's: the forwarder is.
        if let forwarded = forwardedBuyer, message.to.contains(where: { $0.normalized == forwarded.normalized || Self.domain(of: $0.normalized) == Self.domain(of: forwarded.normalized) }),
           let sender, Self.domain(of: sender.normalized) != Self.domain(of: forwarded.normalized) {
            forwardedBuyer = nil
        }
        let buyer = forwardedBuyer ?? sender
        if let buyer {
            document.customer.email = document.customer.email ?? buyer.normalized
            note("customer.email", forwardedBuyer != nil ? "forwarded message" : "header From", forwardedBuyer != nil ? "sender of the forwarded order" : "sender", buyer.description)
            if document.customer.name == nil, let name = buyer.name, !name.contains("@") { document.customer.name = name }
        }
        if document.kind == .surveyResponse {
            document.survey.rating = SurveyReader.rating(in: fresh, scale: surveyScale ?? 10, legend: quoted)
            document.survey.comment = Self.surveyComment(fresh)
        }
        return finish()
    }

    /// The body, and the text the items were read from when it is not the body; when the items
    /// came from the HTML alternative, the plain one (the same words) is left out.
    static func linesToAudit(_ textLines: [TextLine], itemsFrom lines: [ParsedLine]) -> [TextLine] {
        let sources = Set(lines.compactMap { FigureAudit.position($0.origin.location)?.0 })
        return textLines.filter { line in
            guard let family = FigureAudit.position(line.location)?.0 else { return false }
            return sources.contains(family) || (family == "body line" && !sources.contains("html line"))
        }
    }

    /// The text lines of the HTML part of a multipart/alternative whose plain part was read.
    func htmlAlternativeLines(_ message: MIMEMessage) -> [TextLine]? {
        guard let html = message.root.allParts.first(where: { $0.contentType.value == "text/html" && !$0.isAttachment }),
              !message.bodyParts().contains(where: { $0.contentType.value == "text/html" }) else { return nil }
        let decoded = html.decodedText(fallbackCharsets: context.fallbackCharsets)
        guard !decoded.lossy else { return nil }
        let fresh = Self.splitReply(TextNormalizer.normalize(HTMLText.text(fromHTML: decoded.text))).fresh
        return TextLine.numbered(fresh, location: "html")
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
    /// language: a date read this way is flagged (see `record`).
    var addressDayFirst: Bool? {
        let customer = customerOnFile
        guard DateResolver.dayFirst(language: customer?.language) == nil else { return nil }
        if let domain = (document.customer.email ?? document.source.from)?.split(separator: ".").last,
           let found = DateResolver.dayFirst(language: "und-" + domain) { return found }
        guard let phone = customer?.phone?.replacingOccurrences(of: " ", with: ""), phone.hasPrefix("+") else { return nil }
        let regions = [("+852", "HK"), ("+853", "MO"), ("+65", "SG"), ("+60", "MY"), ("+44", "GB"), ("+61", "AU"), ("+64", "NZ"), ("+91", "IN"), ("+353", "IE"), ("+1", "US")]
        return regions.first { phone.hasPrefix($0.0) }.flatMap { DateResolver.dayFirst(language: "und-" + $0.1) }
    }

    /// Separates what the sender wrote from the quoted history below it.
    static func splitReply(_ text: String) -> (fresh: String, quoted: String) {
        var fresh: [Substring] = []
        var quoted: [Substring] = []
        var inQuote = false
        var quotedByAttribution = false
        var seenQuoteMark = false
        /// A separator or a second attribution ends the inline answers: below it all is history.
        func quotedStops(_ trimmed: String) -> Bool {
            trimmed.hasPrefix("-----") || trimmed.hasPrefix("_____") || trimmed.hasSuffix("wrote:") || trimmed.hasSuffix("寫道:") || trimmed.hasSuffix("写道:")
                || trimmed.hasSuffix("寫道：") || trimmed.hasSuffix("写道：")
        }
        let allLines = text.lineSlices(omittingEmpty: false)
        // Outlook quotes a message under its header block alone ("From: …" / "Sent: …" / "To: …"),
        // without a separator line: the block opens the quoted history.
        let headerBlock = Self.quotedHeaderBlockStart(allLines)
        let markers = ["-----original message-----", "-----原始郵件-----", "-----原始邮件-----", "________________________________"]
        let patterns = [#"^On .{4,200} wrote:\s*$"#, #"^在.{2,120}(寫道|写道)\s*:?\s*$"#, #"^.{2,120}於.{2,80}寫道\s*:?\s*$"#]
        for (index, line) in allLines.enumerated() {
            let trimmed = line.trimmedSpaces()
            if !inQuote && index == headerBlock { inQuote = true }
            if !inQuote {
                // Lower-cased only where a marker (- or _) or a disclaimer can open: a line whose
                // first scalar is ASCII or a CJK ideograph and none of those opens neither, and
                // most lines were lower-cased for nothing.
                var mayOpenMarker = !trimmed.isEmpty
                if let first = trimmed.unicodeScalars.first, first.isASCII || (0x4E00...0x9FFF).contains(first.value) {
                    let folded = (0x41...0x5A).contains(first.value) ? Unicode.Scalar(UInt8(first.value) + 32) : first
                    mayOpenMarker = folded == "-" || folded == "_" || Self.disclaimerFirstScalars.contains(folded)
                }
                let lower = mayOpenMarker ? TextNormalizer.lowercased(trimmed) : ""
                let mayBeAttribution = trimmed.hasSubstring("wrote") || trimmed.hasSubstring("寫道") || trimmed.hasSubstring("写道")
                // The markers begin with - or _, which have no other spelling: other lines skip them.
                let mayBeMarker = lower.utf8.first == UInt8(ascii: "-") || lower.utf8.first == UInt8(ascii: "_")
                let attribution = mayBeAttribution && patterns.contains(where: { RegexCache.firstRange($0, in: trimmed) != nil })
                if (mayBeMarker && (markers.contains(where: { lower.hasPrefix($0) }) || RegexCache.firstRange(Self.dashedMarker, in: lower) != nil))
                    || attribution
                    || line == "-- " || trimmed == "--" || (mayOpenMarker && Self.startsDisclaimer(lower)) {
                    inQuote = true
                    quotedByAttribution = attribution
                }
            }
            let quoteMark = trimmed.utf8.first == UInt8(ascii: ">") && trimmed.hasPrefix(">")
            if quoteMark { seenQuoteMark = true }
            // "Answers inline below.": under "On … wrote:", lines without ">" between and after
            // the quoted ones are the sender's answers, written into our message.
            if quotedByAttribution, seenQuoteMark, !quoteMark, !trimmed.isEmpty, !quotedStops(trimmed) {
                fresh.append(line)
                continue
            }
            if quotedByAttribution, seenQuoteMark, !quoteMark, !trimmed.isEmpty, quotedStops(trimmed) { quotedByAttribution = false }
            if inQuote || quoteMark { quoted.append(line) } else { fresh.append(line) }
        }
        return (fresh.joined(separator: "\n"), quoted.joined(separator: "\n"))
    }

    /// The line where a quoted message's header block begins: a "From:" line with a "Sent:" or
    /// "Date:" line among the next four.
    static func quotedHeaderBlockStart(_ lines: [Substring]) -> Int? {
        guard lines.contains(where: { $0.hasPrefix("From") || $0.hasPrefix("寄件") || $0.hasPrefix("发件") || $0.hasPrefix("發件") }) else { return nil }
        for (index, line) in lines.enumerated() {
            guard RegexCache.firstRange(#"^\s*(?:from|寄件者|寄件人|发件人|發件人)\s*[:：]\s*\S"#, in: String(line), options: .caseInsensitive) != nil else { continue }
            for next in lines[(index + 1)..<min(lines.count, index + 5)]
            where RegexCache.firstRange(#"^\s*(?:sent|date|寄件日期|发送时间|發送時間|日期|時間|时间)\s*[:：]"#, in: String(next), options: .caseInsensitive) != nil {
                return index
            }
        }
        return nil
    }

    /// `------------------ 原始邮件 ------------------` (QQ Mail, Foxmail), `--- Original Message ---`.
    static let dashedMarker = #"^-{2,}\s*(?:original message|原始郵件|原始邮件|原始信件|轉寄郵件|转发邮件)\s*-{2,}$"#

    /// "This email and any attachments are confidential…", "本郵件及附件可能含有機密資訊…": a legal
    /// footer, set aside like a signature (its sample figures are not an order).
    static func startsDisclaimer(_ lower: String) -> Bool {
        // Text whose first scalar is ASCII or a CJK ideograph (neither has another canonically
        // equivalent spelling) and not an opening's first (t, c, d, 本, 此, 免) opens with none of
        // them: most lines, spared fourteen prefix comparisons each.
        if let first = lower.unicodeScalars.first, first.isASCII || (0x4E00...0x9FFF).contains(first.value),
           !disclaimerFirstScalars.contains(first) {
            return false
        }
        return disclaimerOpenings.contains { lower.hasPrefix($0) } && disclaimerSubjects.contains { lower.hasSubstring($0) }
    }

    static let disclaimerOpenings = ["this email", "this e-mail", "this message", "the information contained", "confidentiality notice", "disclaimer",
                                     "本郵件", "本邮件", "此郵件", "此邮件", "本信件", "此信件", "免責聲明", "免责声明"]
    /// The first scalars of `disclaimerOpenings`.
    static let disclaimerFirstScalars = Set(disclaimerOpenings.compactMap(\.unicodeScalars.first))
    static let disclaimerSubjects = ["confidential", "intended", "recipient", "privileged", "機密", "机密", "保密", "收件人"]

    /// The subject without reply/forward prefixes and an "Order:" label, when it could hold an item.
    static func subjectAsItemLine(_ subject: String) -> String? {
        var text = subject.trimmedSpaces()
        while let prefix = RegexCache.firstRange(#"(?i)^(?:re|fw|fwd|aw|wg|回覆|回复|轉寄|转发)\s*[:：]\s*"#, in: text) { text.removeSubrange(prefix) }
        if let label = RegexCache.firstRange(#"(?i)^(?:order|purchase order|訂購|订购|訂單|订单)\s*[:：]\s*"#, in: text) { text.removeSubrange(label) }
        return text.isEmpty || RegexCache.firstRange(#"(?i)S\s*O\s*[-–—_ ]?\s*20\d{2}"#, in: text) != nil ? nil : text
    }

    /// The SKUs the text excepts: "except the body lotion", "but not the caps", "除了沐浴乳",
    /// "沐浴乳不要".
    static func excludedProducts(_ text: String, master: MasterData) -> Set<String> {
        var skus = Set<String>()
        let patterns = [#"(?i)\b(?:except(?: for)?|but not|apart from|other than|minus|excluding)\s+(?:the\s+)?([^.;,\n]{2,60})"#,
                        #"(?:除了|除)\s*([^,，。;；\n]{1,30}?)(?:以外|之外|外)"#, #"([^,，。;；\n]{1,30}?)\s*(?:不要了|先不要|不用了|暫不|暂不)"#]
        for pattern in patterns {
            guard let regex = RegexCache.regex(pattern) else { continue }
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                // "the body lotion – we still have plenty": the item ends where the reason begins.
                var phrase = String(text[range])
                if let cut = RegexCache.firstRange(#"(?i)\s+(?:[–—-]|we|as|because|since|for now|this time)\b.*$|[（(].*$"#, in: phrase) { phrase.removeSubrange(cut) }
                let named = master.allMentions(in: phrase)
                if !named.isEmpty {
                    for product in named { skus.insert(product.sku) }
                } else if let product = master.product(matching: phrase) {
                    skus.insert(product.sku)
                }
            }
        }
        return skus
    }

    /// Whether the forwarder's own words order or ask for something themselves.
    static func forwarderActs(_ fresh: String) -> Bool {
        let lower = TextNormalizer.lowercased(String(fresh.prefix(1500)))
        return ["please supply", "please send", "please deliver", "please ship", "could you", "can you", "our po", "po no", "po number", "except",
                "replace", "missing", "instead", "訂購", "订购", "補發", "补发", "換貨", "换货", "除了", "以外", "採購單號", "采购单号", "麻煩", "麻烦"]
            .contains { lower.hasSubstring($0) }
    }

    static func domain(of address: String) -> Substring? {
        address.split(separator: "@").last
    }

    /// A forward by its subject ("Fwd:", "FW:", 轉寄) or a forward marker in the text.
    static func isForward(subject: String, fresh: String) -> Bool {
        let lowerSubject = subject.lowercased()
        if ["fw:", "fwd:", "fw：", "fwd：", "轉寄", "转发", "轉發", "wg:"].contains(where: { lowerSubject.hasPrefix($0) }) { return true }
        let lower = fresh.lowercased()
        return ["forwarded message", "轉寄的郵件", "转发的邮件", "轉發的郵件"].contains { lower.hasSubstring($0) }
    }

    static func pointsAtQuotedOrder(subject: String, fresh: String) -> Bool {
        let lowerSubject = subject.lowercased()
        if ["fw:", "fwd:", "轉寄", "转发", "轉發", "wg:"].contains(where: { lowerSubject.hasPrefix($0) }) { return true }
        let lower = fresh.lowercased()
        return ["order below", "below order", "following order", "order underneath", "forwarded", "see below",
                "如下", "以下訂單", "以下订单", "下面的訂單", "下面的订单", "轉寄", "转发"].contains { lower.hasSubstring($0) }
    }

    /// The lines of a quote with their `>` marks taken off.
    static func unquoted(_ text: String) -> String {
        text.lineSlices(omittingEmpty: false).compactMap { line -> Substring? in
            let trimmed = line.trimmedSpaces()
            guard trimmed.hasPrefix(">") else { return nil }
            return trimmed.drop { $0 == ">" || $0 == " " }
        }.joined(separator: "\n")
    }

    /// The `From:` line under an inline "Forwarded message" marker.
    static func inlineForwardSender(_ text: String) -> MailAddress? {
        let markers = ["forwarded message", "begin forwarded message", "轉寄的郵件", "转发的邮件", "轉發的郵件", "原始郵件", "fwd:"]
        // A marker in a line is a marker in the whole text (lower-casing maps scalar by scalar
        // and no marker holds a line break): most messages are answered by one look.
        let lowerText = TextNormalizer.lowercased(text)
        guard markers.contains(where: { lowerText.hasSubstring($0) }) else { return nil }
        let lines = text.lineSlices()
        guard let start = lines.firstIndex(where: { line in
            let lower = line.lowercased()
            return markers.contains { lower.hasSubstring($0) }
        }) else { return nil }
        for line in lines[start...].prefix(8) {
            let trimmed = line.trimmedSpaces()
            for label in ["from:", "寄件者:", "发件人:", "寄件人:"] where trimmed.lowercased().hasPrefix(label) {
                let value = trimmed.dropFirst(label.count)
                return AddressParser.parseList(Array(value.utf8)).first
            }
        }
        return nil
    }

    /// A file name as the sender wrote it, made safe to show (no path, no control characters).
    static func displayName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        return String(last.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init)).prefix(100).description
    }

    /// Lines that count more things than the items read from them ("two cartons of paper and a
    /// dozen pens" giving one line): an item may have been missed, which confidence must show.
    /// Labelled quantity lines belong to the item block above them and are not counted alone.
    static func unreadQuantities(_ textLines: [TextLine], lines: [ParsedLine]) -> [TextLine] {
        var read: [String: Int] = [:]
        for line in lines { read[line.origin.location, default: 0] += 1 }
        // A table row is one item by construction: "蚝油 5kg | 6 | 桶" counts a size and a quantity.
        let tableRows = Set(lines.filter { $0.origin.rule.hasPrefix("table") }.map(\.origin.location))
        let correctable = FigureAudit.correctableValues(lines)
        return textLines.filter { line in
            guard !tableRows.contains(line.location) else { return false }
            // "瑤柱要5斤唔係3斤": a correction whose figures are an item's counts, now and before.
            if read[line.location] == nil, ItemCorrections.correctsALine(line.text) {
                let figures = FigureAudit.tokens(in: line.text).compactMap(\.value)
                if !figures.isEmpty, figures.allSatisfy(correctable.contains) { return false }
            }
            // A line that cannot hold a number counts nothing: its label need not be read.
            guard ItemQuantity.mayHoldNumber(line.text) else { return false }
            if let labelled = FieldLabels.split(line.text), labelled.field != .product { return false }
            // Pack sizes in brackets and weights before a count ("鮪魚飼料2公斤 二十包") count nothing.
            var stripped = line.text.replacingOccurrences(of: #"[(（][^()（）]{0,30}[)）]"#, with: " ", options: .regularExpression)
                .replacingOccurrences(of: #"(?i)\d+(?:\.\d+)?\s*(?:kg|公斤|千克|g|克|ml|毫升|l|升)(?![a-z])(?=.*\d|.*[一二兩两三四五六七八九十百千])"#, with: " ", options: .regularExpression)
            // "3 bags cake flour 25kg": a weight after a count in another unit is the pack's size too.
            if RegexCache.firstRange(#"(?i)\d\s*(?:bags?|boxes|box|cases?|cartons?|packs?|tins?|bottles?|包|袋|箱|盒|罐|瓶|桶)\b.*\d\s*(?:kg|g|ml|l|lb)\b"#, in: stripped) != nil {
                stripped = stripped.replacingOccurrences(of: #"(?i)\d+(?:\.\d+)?\s*(?:kg|g|ml|l|lb)\b"#, with: " ", options: .regularExpression)
            }
            let counted = ItemQuantity.countedQuantities(in: stripped)
            return counted > 0 && counted > (read[line.location] ?? 0)
        }
    }

    /// The first 160 characters of the customer's own words, on one line.
    static func summary(of text: String) -> String? {
        let joined = text.split(whereSeparator: \.isNewline).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
        guard !joined.isEmpty else { return nil }
        return joined.count > 160 ? String(joined.prefix(159)) + "…" : joined
    }

    static func surveyComment(_ text: String) -> String? {
        let cleaned = text.lineSlices().map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        let joined = cleaned.joined(separator: " ")
        let withoutRating = joined.replacingOccurrences(of: #"^(?i)(?:rating|score|評分|评分)?\s*[:=]?\s*\d{1,2}\s*(?:/\s*(?:5|10)|分|stars?)?\s*[,，、。.!！:：;；\-–—)）]?\s*"#, with: "", options: .regularExpression)
        return withoutRating.isEmpty ? nil : withoutRating
    }
}
