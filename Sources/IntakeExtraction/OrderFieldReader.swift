import Foundation
import IntakeMIME

/// Reads order-level fields into the builder from located text lines, labelled (`Ship to:`, `付款方式：`, `PO:` …)
/// and in prose; apart from the document readers because every format ends in text lines read the same way.
enum OrderFieldReader {
    /// Order-level labelled fields (`Ship to:`, `付款方式：`, `PO:` …) and the same facts in prose.
    static func read(_ rawLines: [TextLine], into builder: inout DocumentBuilder) {
        // "收貨人：周美華  電話：0910-555-222": one labelled field per segment.
        let textLines = rawLines.flatMap { line in
            FieldLabels.segments(line.text).map { TextLine(text: $0, location: line.location) }
        }
        let signature = FigureAudit.signatureStart(in: textLines, itemLocations: Set(builder.lines.map(\.origin.location)), names: builder.senderNames) ?? textLines.count
        var index = 0
        while index < textLines.count {
            let line = textLines[index]
            defer { index += 1 }
            guard let (field, label, value) = FieldLabels.split(ListMarker.strip(line.text, bulletsOnly: true).text) else { continue }
            readLabelled(field, label: label, value: value, line: line, at: &index, in: textLines, signature: signature, into: &builder)
        }
        readSenderAddress(textLines, into: &builder)
        // The same facts written in sentences.
        let text = textLines.map(\.text).joined(separator: "\n")
        readProse(text, ownLines: textLines.prefix(signature), into: &builder)
        PurchaseOrderFinder.findInProse(text, into: &builder)
        if builder.document.requestedDeliveryDate == nil {
            DeliveryDateReader.readInProse(text, ownLines: textLines.prefix(signature), into: &builder)
        }
    }

    /// One labelled field, read when the document has none yet (a ship-to block moves `index`
    /// past the lines it takes).
    private static func readLabelled(_ field: FieldLabels.Field, label: String, value: String, line: TextLine, at index: inout Int, in textLines: [TextLine],
                                     signature: Int, into builder: inout DocumentBuilder) {
        let rule = "label \"\(label)\""
        switch field {
        case .purchaseOrder where builder.document.purchaseOrder == nil && !value.isEmpty:
            PurchaseOrderFinder.readLabelled(value, line: line, rule: rule, into: &builder)
        case .paymentMethod where builder.document.paymentMethod == nil:
            readPaymentMethod(value, line: line, rule: rule, into: &builder)
        case .paymentTerms where builder.document.paymentTerms == nil && !value.isEmpty:
            readPaymentTerms(value, line: line, rule: rule, into: &builder)
        // (A site's name under 收貨地點 gives way to the address written under 地址 below it.)
        case .shipToAddress where builder.document.shipTo.address == nil
            || (!ShipToReader.looksLikeAddress(builder.document.shipTo.address ?? "") && ShipToReader.looksLikeAddress(value)):
            ShipToFieldReader.readBlock(value, label: label, line: line, rule: rule, at: &index, in: textLines, signature: signature, into: &builder)
        case .shipToRecipient where (builder.document.shipTo.recipient == nil || (builder.recipientIsContact && !ShipToFieldReader.contactLabels.contains(label))) && !value.isEmpty:
            ShipToFieldReader.readRecipient(value, label: label, line: line, rule: rule, at: index, in: textLines, signature: signature, into: &builder)
        // "电话：0592-5715230 … 收货电话：139 0601 2345" (a buyer's PO sheet): the plain phone was the
        // buyer's own, the delivery phone is the one named so.
        case .shipToPhone where builder.shipToPhoneIsPlain && ShipToFieldReader.deliveryPhoneLabels.contains(label) && !value.isEmpty:
            ShipToFieldReader.readPhone(value, label: label, line: line, rule: rule, at: index, signature: signature, into: &builder)
        case .shipToPhone where builder.contactPhone == nil && ShipToFieldReader.plainPhoneLabels.contains(label) && !value.isEmpty
            && builder.document.shipTo.phone != nil:
            builder.contactPhone = ShipToReader.nameAndPhone(value).phone ?? value
        case .shipToPhone where builder.document.shipTo.phone == nil && !value.isEmpty:
            ShipToFieldReader.readPhone(value, label: label, line: line, rule: rule, at: index, signature: signature, into: &builder)
        case .orderDate where !builder.referenceFromHeader && !builder.referenceFromDocument:
            // A file's own date: what "到貨日：10/7（三）" and "next Friday" count from.
            if case .date(let day)? = builder.dateResolver.resolve(value) {
                builder.referenceDay = day
                builder.referenceFromDocument = true
                builder.note("referenceDay", line.location, rule, line.text)
            }
        case .requestedDate where builder.document.requestedDeliveryDate == nil:
            DeliveryDateReader.resolve(value, line: line, rule: rule, into: &builder)
        case .currency where builder.writtenCurrency == nil:
            builder.writtenCurrency = PaymentParser.currency(in: value) ?? (value.count == 3 ? value.uppercased() : nil)
            if builder.writtenCurrency != nil { builder.note("currency", line.location, rule, line.text) }
        case .orderReference where builder.document.purchaseOrder == nil && !value.isEmpty:
            PurchaseOrderFinder.readOrderReferenceLabel(value, line: line, rule: rule, into: &builder)
        case .company where builder.document.customer.company == nil && !value.isEmpty:
            builder.document.customer.company = value
            builder.note("customer.company", line.location, rule, line.text)
        case .contactName where builder.document.customer.name == nil && !value.isEmpty:
            builder.document.customer.name = value
            builder.note("customer.name", line.location, rule, line.text)
        case .email where builder.document.customer.email == nil:
            if let address = AddressParser.parseList(Array(value.utf8)).first {
                builder.document.customer.email = address.normalized
                builder.note("customer.email", line.location, rule, line.text)
            }
        default:
            break
        }
    }

    /// Payment method, and terms when the same value names them ("月结30天").
    private static func readPaymentMethod(_ value: String, line: TextLine, rule: String, into builder: inout DocumentBuilder) {
        if let method = PaymentParser.method(in: value) {
            builder.document.paymentMethod = method
            builder.note("paymentMethod", line.location, rule, line.text)
        }
        if builder.document.paymentTerms == nil, let terms = PaymentParser.terms(in: value) {
            builder.document.paymentTerms = terms
            builder.note("paymentTerms", line.location, rule, line.text)
        }
    }

    /// Payment terms as written or as the parser reads them; days to pay mean net terms.
    private static func readPaymentTerms(_ value: String, line: TextLine, rule: String, into builder: inout DocumentBuilder) {
        // "Net 30 as usual." is Net 30; wording the parser does not know is kept as written.
        builder.document.paymentTerms = PaymentParser.terms(in: value) ?? value.trimming(Self.sentenceEnd)
        builder.note("paymentTerms", line.location, rule, line.text)
        if builder.document.paymentMethod == nil, let method = PaymentParser.method(in: value) { builder.document.paymentMethod = method }
        // "PAYMENT_TERMS: 30 DAYS": days to pay under a terms label are net terms.
        if builder.document.paymentMethod == nil, RegexCache.firstRange(#"(?i)^\s*\d{1,3}\s*(?:days?|天|日)\b"#, in: value) != nil { builder.document.paymentMethod = .netTerms }
    }

    /// A file names its sender on a line of its own ("From 由: 李嘉欣 (clinic@…)"): the first
    /// address not on a To, Cc or supplier line is the customer's.
    private static func readSenderAddress(_ textLines: [TextLine], into builder: inout DocumentBuilder) {
        if builder.document.customer.email == nil, builder.document.source.from == nil {
            for line in textLines {
                let lower = TextNormalizer.lowercased(line.text.trimmedSpaces())
                guard !["to", "cc", "致", "供應商", "供应商", "supplier", "vendor", "廠商", "厂商"].contains(where: { lower.hasPrefix($0) }),
                      let address = firstEmailAddress(in: line.text) else { continue }
                builder.document.customer.email = address.lowercased()
                builder.note("customer.email", line.location, "an address in the file", line.text)
                break
            }
        }
    }

    /// Payment, ship-to and currency written in sentences, for what no label gave; a ship-to only
    /// in the sender's own words (`ownLines`, above the signature).
    private static func readProse(_ text: String, ownLines: ArraySlice<TextLine>, into builder: inout DocumentBuilder) {
        if builder.document.paymentMethod == nil, let method = PaymentParser.method(in: text) {
            builder.document.paymentMethod = method
            builder.note("paymentMethod", "text", "payment wording")
        }
        if builder.document.paymentTerms == nil, let terms = PaymentParser.terms(in: text) {
            builder.document.paymentTerms = terms
            builder.note("paymentTerms", "text", "payment terms wording", terms)
        }
        if builder.document.shipTo.address == nil, !builder.addressOnFileRequested {
            ShipToFieldReader.readProse(ownLines.map(\.text).joined(separator: "\n"), into: &builder)
        }
        if builder.writtenCurrency == nil, let currency = PaymentParser.currency(in: text) {
            builder.writtenCurrency = currency
            builder.note("currency", "text", "currency named")
        }
    }

    /// The first email address in a text. The pattern runs only on a window around each "@"
    /// (64 characters before, 255 after, as an address allows): run on a whole line, its
    /// leading `[\w.+-]+` backtracked from every position, and a long line of word characters
    /// without an "@" (a note pasted into a web form's box) took seconds per 20 KB.
    static func firstEmailAddress(in text: String) -> String? {
        let bytes = Array(text.utf8)
        for at in bytes.indices where bytes[at] == UInt8(ascii: "@") {
            let window = String(decoding: bytes[max(0, at - 64)..<min(bytes.count, at + 256)], as: UTF8.self)
            if let range = RegexCache.firstRange(#"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#, in: window) { return String(window[range]) }
        }
        return nil
    }

    static let sentenceEnd = ScalarSet(".。;；", spaces: true)
}
