import Foundation

/// Reads where the goods go into the builder: a labelled ship-to block and the lines under it, a recipient
/// or delivery phone label, a delivery sentence; apart from `OrderFieldReader` because a ship-to runs over
/// several lines and tells the sender's signature from the delivery.
enum ShipToFieldReader {
    /// The ship-to block a label opens at `index`, over the lines under it; `index` moves to its last line.
    static func readBlock(_ value: String, label: String, line: TextLine, rule: String, at index: inout Int, in textLines: [TextLine], signature: Int,
                          into builder: inout DocumentBuilder) {
        // An address in the signature ("Address: …" under the name) is the sender's
        // office, not where the goods go; a labelled "Ship to" is never in a signature.
        if index >= signature && Self.genericLabels.contains(label) { return }
        // "Delivery: tomorrow morning (Friday) please": a when, not a where.
        let withoutDates = RegexCache.replacing(#"\d{1,4}\s*[/.\-年]\s*\d{1,2}(?:\s*[/.\-月]\s*\d{1,4})?\s*日?"#, in: value, with: " ")
        if !value.isEmpty, !ShipToReader.looksLikeAddress(withoutDates),
           ShipToReader.looksLikeSentence(value) || builder.dateResolver.resolve(value) != nil { return }
        let (pieces, next) = blockPieces(value, at: index, in: textLines, of: builder)
        apply(ShipToReader.assemble(pieces), into: &builder) { field, value in
            field == "shipTo.address" ? (line.location, rule, line.text) : (line.location, "\(rule) block", value)
        }
        index = next - 1
    }

    /// The pieces of the block: the labelled line's, then each line under it until a blank line,
    /// another label, a table or a line that is no part of a ship-to; and the line after the block.
    private static func blockPieces(_ value: String, at index: Int, in textLines: [TextLine], of builder: DocumentBuilder) -> ([ShipToReader.Piece], Int) {
        // "台北市信義區松仁路58號12樓（聯絡人 陳冠宇 0928-551-302）": the contact in brackets receives.
        var value = value
        var contact: String?
        if let match = RegexCache.regex(#"(?i)[(（]\s*(?:聯絡人|联络人|聯繫人|联系人|收件人|收貨人|收货人|contact|attn\.?|attention)\s*[:：]?\s*([^()（）]+?)\s*[)）]"#)?
            .firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
           let whole = Range(match.range, in: value), let inner = Range(match.range(at: 1), in: value) {
            contact = String(value[inner])
            value = (String(value[..<whole.lowerBound]) + String(value[whole.upperBound...])).trimmedSpaces().trimmingCharacters(in: CharacterSet(charactersIn: "。."))
        }
        var pieces = ShipToReader.pieces(ofLine: value).map { ShipToReader.piece($0, at: .firstInBlock) }
        if let contact { pieces.append(.recipient(contact)) }
        var next = index + 1
        while next < textLines.count, next - index <= 6 {
            let text = textLines[next].text.trimmedSpaces()
            if text.isEmpty || (TableCells.mayHoldCells(text) && TableHeader.columns(forHeader: TableCells.splitCells(text)) != nil) { break }
            if let labelled = FieldLabels.split(text) ?? FieldLabels.spaceSeparated(text, fields: [.shipToPhone, .shipToRecipient]) {
                // Within a ship-to block a contact is the recipient ("Contact on site: …").
                if labelled.field == .shipToRecipient || labelled.field == .contactName { pieces.append(.recipient(labelled.value)) }
                // "收貨：蔡佳穎 0922-118-765" under "店址：…": who receives, under a label that may also head an address.
                else if labelled.field == .shipToAddress, case (let name, _?) = ShipToReader.nameAndPhone(labelled.value), ShipToReader.looksLikeName(name) {
                    pieces.append(.recipient(labelled.value))
                }
                else if labelled.field == .shipToPhone {
                    // "電話：0912-345-678 阿凱": the number, and the name beside it.
                    let (name, phone) = ShipToReader.nameAndPhone(labelled.value)
                    pieces.append(.phone(phone ?? labelled.value))
                    if phone != nil, name != labelled.value, ShipToReader.looksLikeName(name) { pieces.append(.recipient(name)) }
                }
                else { break }
                next += 1
                continue
            }
            let linePieces = ShipToReader.pieces(ofLine: text).map { ShipToReader.piece($0, at: pieces.isEmpty ? .firstInBlock : .block) }
            // "Dock: Receiving Dock B1 (deliveries 09:00-16:00)", "Note: …": a label the
            // desk does not read, before no contact, is another field, not the address going on.
            if RegexCache.firstRange(#"^[^:：\d]{1,20}[:：]\s*\S"#, in: text) != nil,
               !linePieces.contains(where: { if case .recipient = $0 { true } else if case .phone = $0 { true } else { false } }) { break }
            if linePieces.isEmpty || linePieces.contains(.other) || linePieces.contains(.billing) { break }
            // "Sunny Juice Bar Central Kitchen" over "Lot 12, Jalan SS 13/5, …": the
            // customer's own name alone on the block's first line is who receives, the
            // envelope's organisation line, not a line of the address.
            if pieces.isEmpty, linePieces.count == 1, case .address = linePieces[0],
               Self.isOrganisationLine(text, company: builder.context.master.customer(email: builder.document.customer.email ?? builder.document.source.from)?.company) {
                next += 1
                continue
            }
            pieces += linePieces
            next += 1
        }
        return (pieces, next)
    }

    /// Puts a block's address, recipient and phone on the document, each where it has none yet (a
    /// recipient that is only the contact person gives way); `origin` gives each one's note
    /// (location, rule, excerpt) from the field and the value.
    private static func apply(_ block: ShipToReader.Block, into builder: inout DocumentBuilder,
                              origin: (_ field: String, _ value: String) -> (location: String, rule: String, excerpt: String)) {
        if let address = block.address {
            builder.document.shipTo.address = address
            let note = origin("shipTo.address", address)
            builder.note("shipTo.address", note.location, note.rule, note.excerpt)
        }
        if builder.document.shipTo.recipient == nil || builder.recipientIsContact, let recipient = block.recipient {
            builder.document.shipTo.recipient = recipient
            builder.recipientIsContact = false
            let note = origin("shipTo.recipient", recipient)
            builder.note("shipTo.recipient", note.location, note.rule, note.excerpt)
        }
        // A phone in the ship-to block beats one under a plain "电话" read before it (a PO sheet's
        // buyer line): the block's is the delivery's.
        if builder.document.shipTo.phone == nil || builder.shipToPhoneIsPlain, let phone = block.phone {
            builder.document.shipTo.phone = phone
            builder.shipToPhoneIsPlain = false
            let note = origin("shipTo.phone", phone)
            builder.note("shipTo.phone", note.location, note.rule, note.excerpt)
        }
        if block.usesAddressOnFile { builder.addressOnFileRequested = true }
    }

    /// The recipient a label names (the first clause, its phone apart), and an unlabelled address right above it.
    static func readRecipient(_ value: String, label: String, line: TextLine, rule: String, at index: Int, in textLines: [TextLine], signature: Int,
                              into builder: inout DocumentBuilder) {
        if index >= signature && Self.genericLabels.contains(label) { return }
        // "李晓，地址还是老地址": the name is the first clause.
        let firstClause = ShipToReader.pieces(ofLine: value).first ?? value
        let (name, phone) = ShipToReader.nameAndPhone(ShipToReader.nameAndPhone(firstClause).phone != nil || ShipToReader.nameAndPhone(value).phone == nil ? firstClause : value)
        builder.document.shipTo.recipient = name
        // "聯絡人：梁國輝 … 收貨人：梁生": the contact is the recipient until one is named.
        builder.recipientIsContact = Self.contactLabels.contains(label)
        if builder.recipientIsContact, builder.contactName == nil { builder.contactName = name }
        if builder.document.shipTo.phone == nil, let phone { builder.document.shipTo.phone = phone }
        builder.note("shipTo.recipient", line.location, rule, line.text)
        // "No. 23, Jalan SS2/24, 47300 Petaling Jaya" / "收件人：Mei Ling …": an address
        // written right above the recipient, without a label, is where the goods go.
        if builder.document.shipTo.address == nil, index < signature, let address = Self.addressAbove(index, in: textLines) {
            builder.document.shipTo.address = address
            builder.note("shipTo.address", textLines[index - 1].location, "unlabelled address above the recipient", address)
        }
    }

    /// The delivery phone a label gives, unless it is in the signature; the first plain phone label is also the sender's own.
    static func readPhone(_ value: String, label: String, line: TextLine, rule: String, at index: Int, signature: Int, into builder: inout DocumentBuilder) {
        let plainLabel = Self.plainPhoneLabels.contains(label)
        if builder.contactPhone == nil, plainLabel {
            builder.contactPhone = ShipToReader.nameAndPhone(value).phone ?? value
        }
        // The sender's own phone in the signature is not the delivery contact.
        if index >= signature { return }
        // "139-5922-0187,地址照旧": the number, not the words after it.
        builder.document.shipTo.phone = ShipToReader.nameAndPhone(value).phone ?? value
        builder.shipToPhoneIsPlain = plainLabel
        builder.note("shipTo.phone", line.location, rule, line.text)
    }

    /// A delivery sentence in the sender's own words ("please send it to …").
    static func readProse(_ ownWords: String, into builder: inout DocumentBuilder) {
        guard let (block, excerpt) = ShipToReader.prose(in: ownWords) else { return }
        let rules = ["shipTo.address": "delivery address in a sentence", "shipTo.recipient": "recipient in the delivery sentence",
                     "shipTo.phone": "phone in the delivery sentence"]
        apply(block, into: &builder) { field, _ in ("text", rules[field] ?? "", excerpt) }
    }

    /// A line that is the customer's company named alone (no figure, no comma): its first two
    /// words are the first two of the company on file ("Sunny Juice Bar Central Kitchen" for
    /// Sunny Juice Bar Sdn Bhd).
    static func isOrganisationLine(_ text: String, company: String?) -> Bool {
        guard let company, !text.contains(where: \.isNumber), !text.contains(","), !text.contains("，") else { return false }
        let words = TextNormalizer.lowercased(company).split(whereSeparator: { !$0.isLetter }).prefix(2)
        guard words.count == 2 else { return false }
        let lineWords = TextNormalizer.lowercased(text).split(whereSeparator: { !$0.isLetter }).prefix(2)
        return Array(lineWords) == Array(words)
    }

    /// Phone labels that say nothing of delivery: the first is the sender's own number too.
    static let plainPhoneLabels: Set<String> = ["phone", "tel", "telephone", "mobile", "電話", "电话", "手機", "手机",
                                                // The orderer's own number in a form's buyer section.
                                                "聯絡電話", "联系电话", "聯繫電話", "联络电话", "contact phone"]
    /// Phone labels that name the delivery's phone in so many words.
    static let deliveryPhoneLabels: Set<String> = ["收貨電話", "收货电话", "收件電話", "收件电话", "收件人電話", "收件人电话", "收貨人電話", "收货人电话",
                                                   "收件手機", "收件手机", "收件人手機", "收件人手机", "收貨人手機", "收货人手机",
                                                   "delivery phone", "recipient phone", "receiver phone"]

    /// Labels of the person to contact, who receives the goods only when no recipient is named.
    static let contactLabels: Set<String> = ["contact", "contact person", "聯絡人", "联系人", "聯繫人"]
    /// Labels that a signature uses as much as a ship-to block.
    static let genericLabels: Set<String> = ["address", "地址", "tel", "phone", "telephone", "mobile", "電話", "电话", "手機", "手机", "contact", "聯絡人", "联系人"]

    /// The unlabelled address lines right above line `index` (up to three, no blank line between),
    /// when each reads as an address and none as a sentence.
    static func addressAbove(_ index: Int, in textLines: [TextLine]) -> String? {
        var parts: [String] = []
        var above = index - 1
        while above >= 0, parts.count < 3 {
            let text = textLines[above].text.trimmedSpaces()
            // "本週五前送到北屯店：" introduces the address; it is none.
            // ("廠商: 日嶺太陽能零組件有限公司 交貨日期 115/06/15": a label of any field is no address.)
            guard !text.isEmpty, !text.hasSuffix(":"), !text.hasSuffix("："), FieldLabels.split(text) == nil, !ShipToReader.looksLikeSentence(text),
                  RegexCache.firstRange(#"^[^:：\s\d]{1,8}\s*[:：]"#, in: text) == nil,
                  ShipToReader.pieces(ofLine: text).map({ ShipToReader.piece($0, at: .block) }).allSatisfy({ if case .address = $0 { true } else { false } }),
                  ShipToReader.looksLikeAddress(text) || ShipToReader.looksLikePlace(text) else { break }
            parts.insert(text, at: 0)
            above -= 1
        }
        guard let last = parts.last, ShipToReader.looksLikeAddress(last) else { return nil }
        return parts.joined(separator: ", ")
    }
}
