import Foundation
import IntakeMIME
import IntakeModel

extension DocumentBuilder {
    /// Order-level labelled fields (`Ship to:`, `付款方式：`, `PO:` …) and the same facts in prose.
    mutating func readOrderFields(_ rawLines: [TextLine]) {
        // "收貨人：周美華  電話：0910-555-222": one labelled field per segment.
        let textLines = rawLines.flatMap { line in
            FieldLabels.segments(line.text).map { TextLine(text: $0, location: line.location) }
        }
        let signature = FigureAudit.signatureStart(in: textLines, itemLocations: Set(lines.map(\.origin.location)), names: senderNames) ?? textLines.count
        var index = 0
        while index < textLines.count {
            let line = textLines[index]
            defer { index += 1 }
            guard let (field, label, value) = FieldLabels.split(ListMarker.strip(line.text, bulletsOnly: true).text) else { continue }
            let rule = "label \"\(label)\""
            switch field {
            case .purchaseOrder where document.purchaseOrder == nil && !value.isEmpty:
                // "貴司單號：SO-2026-01178（我方PO：KE-2605-09）": our order number is no PO; the
                // customer's own, in brackets after it, is.
                if RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: value) != nil {
                    if let inner = RegexCache.firstRange(#"(?i)(?<=PO[:：#]|PO\s|單號[:：]|单号[:：])\s*[A-Za-z0-9][A-Za-z0-9\-/_.]{3,}"#, in: value),
                       value[inner].containsNumber {
                        document.purchaseOrder = value[inner].trimmedSpaces().trimming(Self.numberEdges)
                        note("purchaseOrder", line.location, rule + ", the customer's number beside ours", line.text)
                    }
                    continue
                }
                // "XM-LC-1014，请安排出货：": the number, not the sentence after it.
                let first = value.pieces(separatedBy: "  ").first?.trimmedSpaces() ?? value
                // (Asked once: asked per character, a long line made this quadratic.)
                let hasFigure = first.contains(where: \.isNumber)
                // "(PO:KS-2603-118):": the bracket the label opened before it closes after the number.
                document.purchaseOrder = first.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == ";" || $0 == "；" || ($0 == " " && hasFigure) })
                    .first.map { String($0).trimming(Self.numberEdges) }.map(Self.withoutUnopenedBracket) ?? first
                note("purchaseOrder", line.location, rule, line.text)
            case .paymentMethod where document.paymentMethod == nil:
                if let method = PaymentParser.method(in: value) {
                    document.paymentMethod = method
                    note("paymentMethod", line.location, rule, line.text)
                }
                if document.paymentTerms == nil, let terms = PaymentParser.terms(in: value) {
                    document.paymentTerms = terms
                    note("paymentTerms", line.location, rule, line.text)
                }
            case .paymentTerms where document.paymentTerms == nil && !value.isEmpty:
                // "Net 30 as usual." is Net 30; wording the parser does not know is kept as written.
                document.paymentTerms = PaymentParser.terms(in: value) ?? value.trimming(Self.sentenceEnd)
                note("paymentTerms", line.location, rule, line.text)
                if document.paymentMethod == nil, let method = PaymentParser.method(in: value) { document.paymentMethod = method }
                // "PAYMENT_TERMS: 30 DAYS": days to pay under a terms label are net terms.
                if document.paymentMethod == nil, RegexCache.firstRange(#"(?i)^\s*\d{1,3}\s*(?:days?|天|日)\b"#, in: value) != nil { document.paymentMethod = .netTerms }
            // (A site's name under 收貨地點 gives way to the address written under 地址 below it.)
            case .shipToAddress where document.shipTo.address == nil
                || (!ShipToReader.looksLikeAddress(document.shipTo.address ?? "") && ShipToReader.looksLikeAddress(value)):
                // An address in the signature ("Address: …" under the name) is the sender's
                // office, not where the goods go; a labelled "Ship to" is never in a signature.
                if index >= signature && Self.genericLabels.contains(label) { continue }
                // "Delivery: tomorrow morning (Friday) please": a when, not a where.
                let withoutDates = value.replacingOccurrences(of: #"\d{1,4}\s*[/.\-年]\s*\d{1,2}(?:\s*[/.\-月]\s*\d{1,4})?\s*日?"#, with: " ", options: .regularExpression)
                if !value.isEmpty, !ShipToReader.looksLikeAddress(withoutDates),
                   ShipToReader.looksLikeSentence(value) || dateResolver.resolve(value) != nil { continue }
                var pieces = ShipToReader.pieces(ofLine: value).map { ShipToReader.piece($0, at: .firstInBlock) }
                // The block goes on over the next lines until a blank line, another label, a
                // table or a line that is no part of a ship-to.
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
                       Self.isOrganisationLine(text, company: context.master.customer(email: document.customer.email ?? document.source.from)?.company) {
                        next += 1
                        continue
                    }
                    pieces += linePieces
                    next += 1
                }
                let block = ShipToReader.assemble(pieces)
                if let address = block.address {
                    document.shipTo.address = address
                    note("shipTo.address", line.location, rule, line.text)
                }
                if document.shipTo.recipient == nil || recipientIsContact, let recipient = block.recipient {
                    document.shipTo.recipient = recipient
                    recipientIsContact = false
                    note("shipTo.recipient", line.location, "\(rule) block", recipient)
                }
                if document.shipTo.phone == nil, let phone = block.phone {
                    document.shipTo.phone = phone
                    note("shipTo.phone", line.location, "\(rule) block", phone)
                }
                if block.usesAddressOnFile { addressOnFileRequested = true }
                index = next - 1
            case .shipToRecipient where (document.shipTo.recipient == nil || (recipientIsContact && !Self.contactLabels.contains(label))) && !value.isEmpty:
                if index >= signature && Self.genericLabels.contains(label) { continue }
                // "李晓，地址还是老地址": the name is the first clause.
                let firstClause = ShipToReader.pieces(ofLine: value).first ?? value
                let (name, phone) = ShipToReader.nameAndPhone(ShipToReader.nameAndPhone(firstClause).phone != nil || ShipToReader.nameAndPhone(value).phone == nil ? firstClause : value)
                document.shipTo.recipient = name
                // "聯絡人：梁國輝 … 收貨人：梁生": the contact is the recipient until one is named.
                recipientIsContact = Self.contactLabels.contains(label)
                if recipientIsContact, contactName == nil { contactName = name }
                if document.shipTo.phone == nil, let phone { document.shipTo.phone = phone }
                note("shipTo.recipient", line.location, rule, line.text)
                // "No. 23, Jalan SS2/24, 47300 Petaling Jaya" / "收件人：Mei Ling …": an address
                // written right above the recipient, without a label, is where the goods go.
                if document.shipTo.address == nil, index < signature, let address = Self.addressAbove(index, in: textLines) {
                    document.shipTo.address = address
                    note("shipTo.address", textLines[index - 1].location, "unlabelled address above the recipient", address)
                }
            case .shipToPhone where contactPhone == nil && ["phone", "tel", "telephone", "mobile", "電話", "电话", "手機", "手机"].contains(label) && !value.isEmpty
                && document.shipTo.phone != nil:
                contactPhone = ShipToReader.nameAndPhone(value).phone ?? value
            case .shipToPhone where document.shipTo.phone == nil && !value.isEmpty:
                if contactPhone == nil, ["phone", "tel", "telephone", "mobile", "電話", "电话", "手機", "手机"].contains(label) {
                    contactPhone = ShipToReader.nameAndPhone(value).phone ?? value
                }
                // The sender's own phone in the signature is not the delivery contact.
                if index >= signature { continue }
                // "139-5922-0187,地址照旧": the number, not the words after it.
                document.shipTo.phone = ShipToReader.nameAndPhone(value).phone ?? value
                note("shipTo.phone", line.location, rule, line.text)
            case .orderDate where !referenceFromHeader && !referenceFromDocument:
                // A file's own date: what "到貨日：10/7（三）" and "next Friday" count from.
                if case .date(let day)? = dateResolver.resolve(value) {
                    referenceDay = day
                    referenceFromDocument = true
                    note("referenceDay", line.location, rule, line.text)
                }
            case .requestedDate where document.requestedDeliveryDate == nil:
                resolveDate(value, line: line, rule: rule)
            case .currency where writtenCurrency == nil:
                writtenCurrency = PaymentParser.currency(in: value) ?? (value.count == 3 ? value.uppercased() : nil)
                if writtenCurrency != nil { note("currency", line.location, rule, line.text) }
            case .orderReference where document.purchaseOrder == nil && !value.isEmpty:
                // "Order ref: KS-0803" on a customer's form is their own number; ours (SO-…) is a reference.
                let first = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" }).first.map(String.init) ?? value
                if first.containsNumber, RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: first) == nil {
                    document.purchaseOrder = first.trimming(Self.numberEdges)
                    note("purchaseOrder", line.location, rule, line.text)
                }
            case .company where document.customer.company == nil && !value.isEmpty:
                document.customer.company = value
                note("customer.company", line.location, rule, line.text)
            case .contactName where document.customer.name == nil && !value.isEmpty:
                document.customer.name = value
                note("customer.name", line.location, rule, line.text)
            case .email where document.customer.email == nil:
                if let address = AddressParser.parseList(Array(value.utf8)).first {
                    document.customer.email = address.normalized
                    note("customer.email", line.location, rule, line.text)
                }
            default:
                continue
            }
        }
        // A file names its sender on a line of its own ("From 由: 李嘉欣 (clinic@…)"): the first
        // address not on a To, Cc or supplier line is the customer's.
        if document.customer.email == nil, document.source.from == nil {
            for line in textLines {
                let lower = TextNormalizer.lowercased(line.text.trimmedSpaces())
                guard !["to", "cc", "致", "供應商", "供应商", "supplier", "vendor", "廠商", "厂商"].contains(where: { lower.hasPrefix($0) }),
                      let address = Self.firstEmailAddress(in: line.text) else { continue }
                document.customer.email = address.lowercased()
                note("customer.email", line.location, "an address in the file", line.text)
                break
            }
        }
        // The same facts written in sentences.
        let text = textLines.map(\.text).joined(separator: "\n")
        if document.paymentMethod == nil, let method = PaymentParser.method(in: text) {
            document.paymentMethod = method
            note("paymentMethod", "text", "payment wording")
        }
        if document.paymentTerms == nil, let terms = PaymentParser.terms(in: text) {
            document.paymentTerms = terms
            note("paymentTerms", "text", "payment terms wording", terms)
        }
        if document.shipTo.address == nil, !addressOnFileRequested {
            let ownWords = textLines.prefix(signature).map(\.text).joined(separator: "\n")
            if let (block, excerpt) = ShipToReader.prose(in: ownWords) {
                if let address = block.address {
                    document.shipTo.address = address
                    note("shipTo.address", "text", "delivery address in a sentence", excerpt)
                }
                if document.shipTo.recipient == nil || recipientIsContact, let recipient = block.recipient {
                    document.shipTo.recipient = recipient
                    recipientIsContact = false
                    note("shipTo.recipient", "text", "recipient in the delivery sentence", excerpt)
                }
                if document.shipTo.phone == nil, let phone = block.phone {
                    document.shipTo.phone = phone
                    note("shipTo.phone", "text", "phone in the delivery sentence", excerpt)
                }
                if block.usesAddressOnFile { addressOnFileRequested = true }
            }
        }
        if writtenCurrency == nil, let currency = PaymentParser.currency(in: text) {
            writtenCurrency = currency
            note("currency", "text", "currency named")
        }
        // The subject and the text, where a purchase order is looked for.
        let subjectAndText = subjectText + "\n" + text
        if document.purchaseOrder == nil {
            if Self.mayNamePurchaseOrder(subjectAndText), let match = RegexCache.firstRange(#"(?i)\bP\.?O\.?(?![a-z])\s*(?:no\.?|number|#|号|號)?(?:\s+for this(?: order)?)?(?:\s+is)?\s*[:#]?\s*([A-Z0-9][A-Z0-9\-/]{3,})"#, in: subjectAndText) {
                let found = String(subjectAndText[match])
                if let value = RegexCache.firstRange(#"[A-Za-z0-9][A-Za-z0-9\-/]{3,}$"#, in: found), found[value].containsNumber {
                    document.purchaseOrder = String(found[value])
                    note("purchaseOrder", "text", "PO number pattern", found)
                }
            }
        }
        // "DX-PO-115052 這張單想調整一下", "EB/PO/2604/118": a number with PO inside it names itself.
        // "KS-JT-PO-2603-118": the PO may come after more than one part.
        if document.purchaseOrder == nil, let match = RegexCache.firstRange(#"(?<![A-Za-z0-9\-/])(?:[A-Z0-9]{1,8}[-/_]){1,3}PO[-/_]?[A-Z0-9][A-Z0-9\-/_]{2,}"#, in: subjectAndText),
           subjectAndText[match].containsNumber {
            document.purchaseOrder = String(subjectAndText[match]).trimming(Self.numberEdges)
            note("purchaseOrder", "text", "a number with PO inside it", String(subjectAndText[match]))
        }
        // "我方采购单号 PC-PO-20260702-03", "補貨單 PM260721", "叫貨，單號 DX-0713" in a sentence
        // (not a courier's 運單號 or 物流單號).
        if document.purchaseOrder == nil, let match = RegexCache.firstRange(#"(?:採購單號|采购单号|採購單|采购单|訂購單號|订购单号|客戶單號|客户单号|補貨單|补货单|要貨單|要货单|請購單|请购单|(?<![遞递運运流票])單號|(?<![遞递運运流票])单号)\s*(?:號|号)?\s*[:：]?\s*[A-Za-z0-9][A-Za-z0-9\-/_.#]{3,}"#, in: text) {
            let found = String(text[match])
            if let value = RegexCache.firstRange(#"[A-Za-z0-9][A-Za-z0-9\-/_.#]{3,}$"#, in: found), found[value].containsNumber,
               RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: String(found[value])) == nil {
                document.purchaseOrder = String(found[value]).trimming(Self.numberEdges)
                note("purchaseOrder", "text", "order number after the word for purchase order", found)
            }
        }
        // "Please accept our order HB-2604-117": the customer's own order number in a sentence.
        if document.purchaseOrder == nil, let match = RegexCache.firstRange(#"(?i)\bour\s+(?:order|purchase order|PO)(?:\s+(?:no\.?|number|#))?\s*[:#]?\s*(?=[A-Z0-9\-/]*\d)(?=[A-Z0-9\-/]*[A-Z])[A-Z0-9][A-Z0-9\-/]{3,}"#, in: text),
           let value = RegexCache.firstRange(#"[A-Za-z0-9][A-Za-z0-9\-/]{3,}$"#, in: String(text[match])),
           RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: String(String(text[match])[value])) == nil {
            let found = String(text[match])
            document.purchaseOrder = String(found[value]).trimming(Self.numberEdges)
            note("purchaseOrder", "text", "the customer's order number in a sentence", found)
        }
        if document.purchaseOrder == nil, let written = Self.purchaseOrderInSubject(subjectText) {
            document.purchaseOrder = written
            note("purchaseOrder", "subject", "number after the word order", subjectText)
        }
        if document.requestedDeliveryDate == nil {
            // Only the words the text can hold (a sentence's lower case is part of the text's):
            // every sentence was searched for all of them.
            let pairs = BytePairSet(TextNormalizer.lowercased(text))
            let possible = Self.deliveryWords.filter(pairs.mayContain)
            // Sentences, not lines: "could you please deliver\non the 20th instead" is wrapped.
            // All of them: "原定週五到貨。……麻煩改到20號" moves the date in a later sentence.
            let resolver = dateResolver
            var found: [(candidate: DateResolver.Candidate, sentence: TextLine)] = []
            for sentence in Self.sentences(textLines.prefix(signature)) where !possible.isEmpty {
                let lower = TextNormalizer.lowercased(sentence.text)
                guard possible.contains(where: { lower.hasSubstring($0) }) else { continue }
                found += resolver.candidates(sentence.text).map { ($0, sentence) }
            }
            // An order's own words name no delivery, but a day to come ("next Tuesday, please:",
            // "月底前"): in an order that is when the goods are wanted. Only relative days, in
            // sentences that do not look back.
            if found.isEmpty, !lines.isEmpty {
                for sentence in Self.sentences(textLines.prefix(signature)) {
                    let lower = TextNormalizer.lowercased(sentence.text)
                    guard !Self.pastWords.contains(where: { lower.hasSubstring($0) }),
                          let outcome = resolver.relativeDay(sentence.text) else { continue }
                    found.append((DateResolver.Candidate(outcome: outcome, old: false, change: false), sentence))
                    break
                }
            }
            // "We have the wedding on Saturday the 25th and I need …" and "Everything needs to be
            // here by Thursday the 23rd at the latest": a sentence that says when the goods must
            // arrive outranks one that only needs something on a day.
            let strong = found.filter { entry in
                let lower = TextNormalizer.lowercased(entry.sentence.text)
                return Self.strongDeliveryWords.contains { lower.hasSubstring($0) }
            }
            let ranked = strong.contains(where: { !$0.candidate.old }) && !found.contains(where: { $0.candidate.change && !$0.candidate.old }) ? strong : found
            let candidates = ranked.map(\.candidate)
            if let chosen = DateResolver.choose(candidates), let index = candidates.firstIndex(where: { $0.outcome == chosen }) {
                record(chosen, line: ranked[index].sentence, rule: "delivery wording")
            }
        }
    }

    /// Whether `text` can match the order-number pattern `S\s*O\s*[-–—_ ]?\s*20\d{2}`: "20" and
    /// a digit pair, an O before them across spaces, dashes and underscores, and an S before
    /// that across spaces. Any non-ASCII byte counts as a space, a dash or a digit (ICU's \s and
    /// \d are Unicode's), and as a possible S when it stands before the O (ICU folds ſ to s).
    static func mayNameOrderNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func isDigit(_ byte: UInt8) -> Bool { (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80 }
            func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x80 }
            guard bytes.count >= 6 else { return false }
            for year in 2..<(bytes.count - 3) where bytes[year] == UInt8(ascii: "2") && bytes[year + 1] == UInt8(ascii: "0")
                && isDigit(bytes[year + 2]) && isDigit(bytes[year + 3]) {
                var index = year - 1
                while index >= 0, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: "#") { index -= 1 }
                guard index >= 1, bytes[index] | 0x20 == UInt8(ascii: "o") else { continue }
                index -= 1
                var nonASCII = false
                while index >= 0, isSpace(bytes[index]) {
                    if bytes[index] >= 0x80 { nonASCII = true }
                    index -= 1
                }
                if nonASCII || (index >= 0 && bytes[index] | 0x20 == UInt8(ascii: "s")) { return true }
            }
            return false
        }
    }

    /// Whether `text` has a P at a possible word start, then an optional dot and an O: what the
    /// purchase-order pattern needs before ICU is asked (and the text converted for it).
    /// Non-ASCII bytes before the P count as a possible boundary.
    static func mayNamePurchaseOrder(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] | 0x20 == UInt8(ascii: "p") {
            if index > 0 {
                let before = bytes[index - 1]
                if before < 0x80 && (before == UInt8(ascii: "_") || (before | 0x20 >= UInt8(ascii: "a") && before | 0x20 <= UInt8(ascii: "z"))
                    || (before >= UInt8(ascii: "0") && before <= UInt8(ascii: "9"))) { continue }
            }
            var next = index + 1
            if next < bytes.count && bytes[next] == UInt8(ascii: ".") { next += 1 }
            if next < bytes.count && bytes[next] | 0x20 == UInt8(ascii: "o") { return true }
        }
        return false
    }

    mutating func resolveDate(_ value: String, line: TextLine, rule: String) {
        if let outcome = dateResolver.resolveRequested(value) { record(outcome, line: line, rule: rule) }
    }

    mutating func record(_ outcome: DateResolver.Outcome, line: TextLine, rule: String) {
        switch outcome {
        case .date(let date):
            document.requestedDeliveryDate = date.description
            note("requestedDeliveryDate", line.location, rule, line.text)
            // "05/01/2027" from a .hk address: read day first, as Hong Kong writes, but only the
            // customer's language would have settled it; a person confirms.
            if let dayFirst = addressDayFirst, DateResolver.dayFirst(language: context.deskLanguage) == nil,
               case .ambiguous? = DateResolver(reference: referenceDay).resolveRequested(line.text),
               !document.issues.contains(where: { $0.code == .ambiguousDate }) {
                document.issues.append(Issue(code: .ambiguousDate, field: "requestedDeliveryDate",
                    message: "read as \(date) (\(dayFirst ? "day/month" : "month/day"), as the customer's country writes dates); confirm with the customer"))
            }
            // A delivery before the message or more than half a year after it is more likely a
            // misread (a year rolled over, an order date) than a wish: a person looks.
            if let days = referenceDay.days(until: date), days < 0 || days > 183 {
                document.issues.append(Issue(code: .unusualDate, field: "requestedDeliveryDate",
                    message: "the requested date \(date) is \(days < 0 ? "before the message" : "more than six months after the message") (\(referenceDay)); check it"))
            }
        case .ambiguous(let why):
            if !document.issues.contains(where: { $0.code == .ambiguousDate }) {
                document.issues.append(Issue(code: .ambiguousDate, field: "requestedDeliveryDate", message: "\(why); ask the customer or set it by hand"))
            }
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

    static func looksLikeAddressContinuation(_ text: String) -> Bool {
        text.count <= 80 && (text.containsNumber || text.utf8.contains(UInt8(ascii: ",")) || RegexCache.firstRange(#"[市區区縣县路街號号樓楼]"#, in: text) != nil
            || RegexCache.firstRange(#"(?i)\b(street|st\.|road|rd\.|ave|avenue|suite|floor|usa|taiwan|china|hong kong)\b"#, in: text) != nil)
    }

    /// `王小明 0912-345-678` → (王小明, 0912-345-678).
    static func splitNameAndPhone(_ value: String) -> (String, String?) {
        if let range = RegexCache.firstRange(#"\+?\d[\d\s\-()]{6,}\d"#, in: value) {
            let name = value.replacingCharacters(in: range, with: "").trimming(Self.nameEdges)
            return (name.isEmpty ? value : name, String(value[range]))
        }
        return (value, nil)
    }

    /// Our order number in the subject, the text (also full-width or without the dash) or the thread.
    mutating func findOrderReference() {
        // "ISO 20345" is a standard, not SO-2034-5: the S starts a word.
        // ("SO#2026-00489": a number sign after SO too; "SO2026/00776": a slash between.)
        let pattern = #"(?i)(?<![A-Za-z])S\s*O\s*[-–—_ #/]?\s*(20\d{2})\s*[-–—_ /]?\s*(\d{1,5})(?!\d)"#
        for (text, location) in [(subjectText, "subject"), (bodyText, "body"), (quotedText, "quoted text")] {
            // The pattern needs an S and an O before a year "20yy": text without is spared ICU
            // (the whole body was converted for it on every message).
            guard Self.mayNameOrderNumber(text) else { continue }
            if let range = RegexCache.firstRange(pattern, in: text), let number = Self.orderNumber(String(text[range])) {
                document.orderReference = number.description
                note("orderReference", location, "order number", String(text[range]))
                return
            }
        }
        for id in threadIDs {
            if let range = RegexCache.firstRange(#"SO-\d{4}-\d{5}"#, in: id), let number = OrderNumber(String(id[range])) {
                document.orderReference = number.description
                note("orderReference", "thread headers", "our Message-ID names the order", id)
                return
            }
        }
    }

    static let sentenceEnd = ScalarSet(".。;；", spaces: true)
    /// Words near which a date is the one the goods are wanted on (or moved to).
    static let deliveryWords = ["deliver", "delivery", "need", "required", "arrive", "ship by", "before", "at the latest", "no later than", "deadline",
                                "instead", "postpone", "reschedule", "move it to", "push", "到貨", "到货", "送達", "送达", "交貨", "交货", "出貨", "发货", "送",
                                "之前", "前到", "要到", "前要", "寄", "要用", "急需", "需要", "改到", "改為", "改为", "改成", "改在", "延", "收貨", "收货", "交期",
                                "到店", "have everything", "have it", "have them", "get it", "get them", "get everything",
                                // Malay, as Malaysian and Singapore buyers mix it in: "Hantar paling lewat 15/4".
                                "hantar", "penghantaran", "paling lewat", "sebelum"]

    /// Delivery words that say when goods must arrive (not "need", 要用 or 寄 alone).
    static let strongDeliveryWords = ["deliver", "delivery", "arrive", "ship by", "at the latest", "no later than", "deadline", "by ", "before",
                                      "到貨", "到货", "送達", "送达", "交貨", "交货", "送到", "寄到", "之前", "前到", "前送", "交期", "收貨", "收货"]

    /// Words of a sentence about the past: its days are not the delivery.
    static let pastWords = ["last ", "ago", "since", "received", "arrived", "delivered", "上週", "上周", "上星期", "上個", "上个", "收到", "以前的", "昨天", "前天"]

    /// The text's sentences: lines joined within a paragraph and cut at sentence ends, each
    /// located at the line it starts on.
    static func sentences(_ lines: some Collection<TextLine>) -> [TextLine] {
        var result: [TextLine] = []
        var current = ""
        var location = ""
        func flush() {
            // (A Latin sentence ends at ". " inside a joined line too.)
            for piece in current.split(whereSeparator: { "。!！?？".contains($0) }).flatMap({ $0.pieces(separatedBy: ". ") }) where !piece.trimmedSpaces().isEmpty {
                result.append(TextLine(text: String(piece), location: location))
            }
            current = ""
        }
        for line in lines {
            let trimmed = line.text.trimmedSpaces()
            if trimmed.isEmpty { flush(); continue }
            // A labelled line ("要求到货：12月4日前", a forward's "Date: …"), a marker line or a
            // table row stands alone.
            if FieldLabels.split(trimmed) != nil || trimmed.contains("\t") || trimmed.contains("  ") || !FigureAudit.isProse(line.location)
                || RegexCache.firstRange(#"^(?:[\p{L}][\p{L} .'-]{0,14}\s*:|-{3,}|_{3,}|={3,})"#, in: trimmed) != nil {
                flush()
                location = line.location
                current = trimmed
                flush()
                continue
            }
            if current.isEmpty { location = line.location }
            // A Latin sentence ends at ". " too; a line ending in one closes it.
            current += current.isEmpty ? trimmed : " " + trimmed
            if trimmed.hasSuffix(".") || trimmed.hasSuffix(":") || trimmed.hasSuffix("：") { flush() }
        }
        flush()
        return result
    }
    /// Labels that a signature uses as much as a ship-to block.
    /// Labels of the person to contact, who receives the goods only when no recipient is named.
    static let contactLabels: Set<String> = ["contact", "contact person", "聯絡人", "联系人", "聯繫人"]

    static let genericLabels: Set<String> = ["address", "地址", "tel", "phone", "telephone", "mobile", "電話", "电话", "手機", "手机", "contact", "聯絡人", "联系人"]
    /// Made once: a set built per call (now with its ASCII bitmask) was work on every subject.
    static let numberEdges = ScalarSet("._-/")

    /// "采购单 HX-2026-118", "訂單 HY-PO-20261221", "Purchase order 4500123": the customer's own
    /// number right after the word for order in the subject. It needs a digit, and our own order
    /// numbers (SO-…) are references, not purchase orders.
    static func purchaseOrderInSubject(_ subject: String) -> String? {
        let pattern = #"(?i)(?:採購訂單|采购订单|採購單|采购单|訂購單|订购单|訂貨單|订货单|叫貨單|叫货单|補貨單|补货单|要貨單|要货单|請購單|请购单|訂單|订单|purchase order|order)\s*(?:no\.?|number|#|號|号)?\s*[:：#]?\s*([A-Za-z0-9][A-Za-z0-9\-/_.]{3,})"#
        guard let regex = RegexCache.regex(pattern),
              let match = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)),
              let range = Range(match.range(at: 1), in: subject) else { return nil }
        let value = String(subject[range]).trimming(Self.numberEdges)
        guard value.containsNumber, value.count >= 4,
              RegexCache.firstRange(#"(?i)^S\s*O\s*[-–—_ ]?\s*20\d{2}"#, in: value) == nil else { return nil }
        return value
    }

    static func orderNumber(_ written: String) -> OrderNumber? {
        let digits = written.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard digits.count >= 1 else { return nil }
        if digits.count >= 2, let year = Int(digits[0]), let sequence = Int(digits[1]), sequence > 0 {
            return OrderNumber(year: year, sequence: sequence)
        }
        let joined = digits[0]
        guard joined.count >= 5, let year = Int(joined.prefix(4)), let sequence = Int(joined.dropFirst(4)), sequence > 0 else { return nil }
        return OrderNumber(year: year, sequence: sequence)
    }
}

extension DocumentBuilder {
    /// What is cut from both ends of a contact name (made once: a set of scalars built per call was a visible cost).
    static let nameEdges = ScalarSet(",/()-:", spaces: true)

    /// The unlabelled address lines right above line `index` (up to three, no blank line between),
    /// when each reads as an address and none as a sentence.
    static func addressAbove(_ index: Int, in textLines: [TextLine]) -> String? {
        var parts: [String] = []
        var above = index - 1
        while above >= 0, parts.count < 3 {
            let text = textLines[above].text.trimmedSpaces()
            // "本週五前送到北屯店：" introduces the address; it is none.
            guard !text.isEmpty, !text.hasSuffix(":"), !text.hasSuffix("："), FieldLabels.split(text) == nil, !ShipToReader.looksLikeSentence(text),
                  ShipToReader.pieces(ofLine: text).map({ ShipToReader.piece($0, at: .block) }).allSatisfy({ if case .address = $0 { true } else { false } }),
                  ShipToReader.looksLikeAddress(text) || ShipToReader.looksLikePlace(text) else { break }
            parts.insert(text, at: 0)
            above -= 1
        }
        guard let last = parts.last, ShipToReader.looksLikeAddress(last) else { return nil }
        return parts.joined(separator: ", ")
    }
}
