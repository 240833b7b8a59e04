import Foundation

/// Reads a ship-to as the block people write: an address, a recipient and a phone, labelled or
/// not, on one line or several, in a sentence ("送店裡：高雄市…415號，電話 07-385-6677，收件人黃國華")
/// or under a label ("Ship to:" / "Attn: …" / street / city / "Phone: …"). Each piece is told by
/// its label when it has one and by its shape when it has none.
enum ShipToReader {
    struct Block: Equatable {
        var recipient: String?
        var address: String?
        var phone: String?
        /// The customer pointed at an address on file ("our usual address", "同上次"): no
        /// address is written, and the default stands.
        var usesAddressOnFile = false

        var isEmpty: Bool { recipient == nil && address == nil && phone == nil && !usesAddressOnFile }
    }

    enum Piece: Equatable {
        case recipient(String), address(String), phone(String), addressOnFile
        /// A billing or invoice address: it ends the ship-to block.
        case billing
        case other
    }

    // MARK: - Pieces

    /// What one piece of a ship-to is: by its label ("電話 07-…", "收件人 黃國華", "Attn: …"),
    /// else by its shape (a phone number, an address, a short name).
    /// Where a piece stands: in a sentence (only an address-shaped clause is an address), in a
    /// labelled block (a line that is no name or phone is part of the address, as on an envelope),
    /// or as a block's first line (which may also be a place name: "Mong Kok Branch").
    enum Position { case prose, block, firstInBlock }

    static func piece(_ raw: String, at position: Position) -> Piece {
        let text = trimmed(raw)
        guard !text.isEmpty else { return .other }
        if refersToAddressOnFile(text) { return .addressOnFile }
        let lower = text.lowercased()
        // "Receiving contact: …", "工地聯絡人：…", "发票寄送：…": a label of our kinds by its last word.
        if let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }), text.distance(from: text.startIndex, to: colon) <= 25 {
            let label = String(lower[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(text[text.index(after: colon)...]).trimmingCharacters(in: labelEdges)
            if billingWords.contains(where: { label.contains($0) }) { return .billing }
            if recipientLabels.contains(where: { label.hasSuffix($0) }), !value.isEmpty { return .recipient(value) }  // split by `assemble`
            if phoneLabels.contains(where: { label.hasSuffix($0) }), isPhone(value) { return .phone(value) }
        }
        for label in phoneLabels where lower.hasPrefix(label) {
            let value = String(text.dropFirst(label.count)).trimmingCharacters(in: labelEdges)
            if isPhone(value) { return .phone(value) }
            // "电话13823456789（李师傅）": a phone with its person; `assemble` splits the two.
            if nameAndPhone(value).phone != nil { return .recipient(value) }
        }
        for label in recipientLabels where lower.hasPrefix(label) {
            let value = String(text.dropFirst(label.count)).trimmingCharacters(in: labelEdges)
            if !value.isEmpty { return .recipient(value) }
        }
        if isPhone(text) { return .phone(text) }
        // "Mr. Lam Chi Ho (Library)", "Ms Wong": a person by their title, with no figure.
        if position != .prose, RegexCache.firstRange(#"^(?:Mr|Mrs|Ms|Miss|Mdm|Dr)\.?\s+\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,3}(?:\s*\([^()\d]{1,30}\))?$"#, in: text) != nil {
            return .recipient(text)
        }
        // "李静 137 2345 6789": a name with a phone; `assemble` splits the two.
        if position != .prose, case (let name, _?) = nameAndPhone(text), name != text, looksLikeName(name) { return .recipient(text) }
        if looksLikeAddress(text) { return .address(text) }
        guard position != .prose else { return .other }
        if looksLikeName(text) { return .recipient(text) }
        if text.count <= 80 && !looksLikeSentence(text) && (position == .firstInBlock || text.contains(",") || looksLikePlace(text)) { return .address(text) }
        return .other
    }

    /// The pieces of a value written on one line: CJK clauses split at `，；`, an address line with
    /// a phone at its end split in two (`台北市…88號 (02)2345-6789`, `…, Tel 0912-…`).
    static func pieces(ofLine value: String) -> [String] {
        // "…石沙路1688号3栋 收货人 梁工 139 2233 4455": a recipient label after a space, without
        // its colon, starts a piece of its own.
        var value = value
        if value.contains(where: { $0 == "收" || $0 == "联" || $0 == "聯" }),
           let range = RegexCache.firstRange(#"\s+(?=(?:收货人|收貨人|收件人|联系人|聯絡人)\s*[:：]?\s*\S)"#, in: value), range.lowerBound > value.startIndex {
            value.replaceSubrange(range, with: "，")
        }
        return cjkClauses(of: value).flatMap(splitClause).map(trimmed).filter { !$0.isEmpty }
    }

    /// Clauses end at CJK punctuation, and at a comma between CJK words (normalised text has
    /// ASCII commas); a comma in a Latin address stays.
    private static func cjkClauses(of value: String) -> [String] {
        var cjkSplit: [String] = []
        var current = ""
        let characters = Array(value)
        for (offset, character) in characters.enumerated() {
            let isBreak = "，；;、".contains(character)
                || (character == "," && ((offset > 0 && !characters[offset - 1].isASCII) || (offset + 1 < characters.count && !characters[offset + 1].isASCII && characters[offset + 1] != " ")))
            if isBreak {
                cjkSplit.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cjkSplit.append(current)
        return cjkSplit
    }

    /// One clause of a line in pieces: a phone in brackets or at the end, an addressee marked
    /// 收, a name between the address and the phone each its own; a remark before a colon dropped.
    private static func splitClause(_ clause: String) -> [String] {
        var clauses: [String] = []
        // "…705室(電話 2766 5432)": a phone in brackets at the end is its own piece.
        var clause = clause
        if let range = RegexCache.firstRange(#"(?i)\s*[(（]\s*(?:tel|phone|mobile|電話|电话|手機|手机)?\s*[:：.]?\s*(\+?\(?\d[\d\s\-()]{6,}\d)\s*[)）]\s*$"#, in: clause),
           range.lowerBound > clause.startIndex {
            let phone = String(clause[range]).trimmingCharacters(in: CharacterSet(charactersIn: " ()（）"))
            clauses.append(String(clause[..<range.lowerBound]))
            clauses.append(phone)
            return clauses
        }
        // "屏東縣屏東市民族路55號 張美玲收": the addressee after the address, marked 收.
        if let regex = RegexCache.regex(#"\s+(\p{Han}{2,4}?)\s*收(?:\s+(\+?[\d\-\s()]{7,}\d))?\s*$"#),
           let match = regex.firstMatch(in: clause, range: NSRange(clause.startIndex..., in: clause)),
           let whole = Range(match.range, in: clause), let name = Range(match.range(at: 1), in: clause),
           looksLikeAddress(String(clause[..<whole.lowerBound])) {
            clauses.append(String(clause[..<whole.lowerBound]))
            clauses.append("收件人 " + String(clause[name]))
            if let phone = Range(match.range(at: 2), in: clause) { clauses.append(String(clause[phone])) }
            return clauses
        }
        // "我們新倉庫：台中市…": a remark before a colon in front of the address.
        if let colon = clause.firstIndex(where: { $0 == ":" || $0 == "：" }), clause.distance(from: clause.startIndex, to: colon) <= 12,
           looksLikeAddress(String(clause[clause.index(after: colon)...])), !looksLikeAddress(String(clause[..<colon])),
           !billingWords.contains(where: { clause[..<colon].lowercased().hasSubstring($0) }) {
            clause = String(clause[clause.index(after: colon)...])
        }
        // A phone (maybe with its label) at the end of an address: its own piece.
        if let range = RegexCache.firstRange(#"(?i)[,\s]*(?:(?:tel|phone|mobile|mob|電話|电话|手機|手机)\s*[.:：]?\s*)?\+?\(?\d[\d\s\-()]{6,}\d\s*$"#, in: clause),
           range.lowerBound > clause.startIndex {
            let head = String(clause[..<range.lowerBound])
            if looksLikeAddress(head) || head.count > 12 {
                // "…宝华大厦6楼602 刘芳 139 2345 6789": a name between the address and the phone.
                if let name = RegexCache.firstRange(#"\s+\p{Han}{2,4}\s*$"#, in: head), looksLikeAddress(String(head[..<name.lowerBound])),
                   looksLikeName(String(head[name]).trimmedSpaces()), !looksLikeAddress(String(head[name])) {
                    clauses.append(String(head[..<name.lowerBound]))
                    clauses.append("收件人 " + String(head[name]).trimmedSpaces())
                } else {
                    clauses.append(head)
                }
                clauses.append(String(clause[range]))
                return clauses
            }
        }
        clauses.append(clause)
        return clauses
    }

    /// A piece without the punctuation around it, but with an abbreviation's point ("Sha Tin, N.T.").
    static func trimmed(_ clause: String) -> String {
        let trimmed = clause.trimmingCharacters(in: edges)
        return clause.trimmingCharacters(in: .whitespaces).hasSuffix(".") && RegexCache.firstRange(#"(?:^|[\s.])[A-Z]\.[A-Z]$"#, in: trimmed) != nil
            ? trimmed + "." : trimmed
    }

    /// Assembles pieces into a block: the first address (continuation pieces joined with ", "),
    /// the first recipient, the first phone.
    static func assemble(_ pieces: [Piece]) -> Block {
        var block = Block()
        var addressParts: [String] = []
        for piece in withNamesInsideTheAddress(pieces) {
            switch piece {
            case .recipient(let value):
                let (name, phone) = nameAndPhone(value)
                if block.recipient == nil { block.recipient = name }
                if block.phone == nil, let phone { block.phone = phone }
            case .address(let part): addressParts.append(part)
            case .phone(let phone): if block.phone == nil { block.phone = trimmed(phone) }
            case .addressOnFile: block.usesAddressOnFile = true
            case .billing: return finished(block, addressParts)
            case .other: continue
            }
        }
        return finished(block, addressParts)
    }

    /// "No. 12, Jalan …" / "Kawasan Perindustrian Tebrau," / "81100 Johor Bahru" / "收货人：陈志成":
    /// a line shaped like a name between two address lines, in a block that names its recipient
    /// elsewhere, is a line of the address (an estate, a building, a district).
    static func withNamesInsideTheAddress(_ pieces: [Piece]) -> [Piece] {
        let recipients = pieces.indices.filter { if case .recipient = pieces[$0] { true } else { false } }
        guard recipients.count >= 2 else { return pieces }
        func isAddress(_ index: Int) -> Bool { if case .address = pieces[index] { true } else { false } }
        var result = pieces
        for index in recipients {
            guard case .recipient(let value) = pieces[index], nameAndPhone(value).phone == nil,
                  pieces[..<index].indices.contains(where: isAddress), pieces[(index + 1)...].indices.contains(where: isAddress) else { continue }
            result[index] = .address(value)
        }
        return result
    }

    private static func finished(_ block: Block, _ addressParts: [String]) -> Block {
        var block = block
        if !addressParts.isEmpty { block.address = addressParts.joined(separator: ", ") }
        return block
    }

    // MARK: - Prose

    /// "送店裡：ADDRESS，電話 …，收件人 …。", "Please deliver to 12 Harbour Rd, Kwun Tong by Friday.",
    /// "Please deliver to our usual address": the sentence after a delivery phrase, as a block.
    static func prose(in text: String) -> (Block, String)? {
        guard let regex = RegexCache.regex(prosePattern, options: [.anchorsMatchLines]) else { return nil }
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range(at: 1), in: text), let whole = Range(match.range, in: text) else { continue }
            var sentence = String(text[range])
            if let end = sentence.firstIndex(where: { "。\n".contains($0) }) { sentence = String(sentence[..<end]) }
            // "請在7/15前送到，麻煩送到花蓮縣…": the last delivery phrase of the sentence leads to the address.
            if let again = sentence.range(of: #"(?:送到|送至|寄到|寄至|運到|运到|送往|寄往|deliver to|ship to|send to)\s*[:：]?"#, options: [.regularExpression, .backwards, .caseInsensitive]) {
                sentence = String(sentence[again.upperBound...])
            }
            if let end = RegexCache.firstRange(#"\.(?:\s|$)"#, in: sentence) { sentence = String(sentence[..<end.lowerBound]) }
            sentence = trimmingDeadline(sentence)
            let leadIn = RegexCache.firstRange(#"(?i)^(?:(?:our|the|my)\s+(?:new\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:at|in|on)\s+)"#, in: sentence)
            if let leadIn { sentence.removeSubrange(leadIn) }
            let block = assemble(pieces(ofLine: sentence).map { piece($0, at: .prose) })
            if block.address != nil || block.usesAddressOnFile { return (block, String(text[whole])) }
        }
        return addressUnderDeliveryLine(in: text)
    }

    /// "Delivery Mon 20/4 before 7am please, to the school kitchen at:" / "18 Pokfield Road,
    /// Kennedy Town, Hong Kong": a delivery sentence ending in a colon, and the address on the
    /// lines under it (up to three that read as address lines).
    static func addressUnderDeliveryLine(in text: String) -> (Block, String)? {
        let lines = text.lineSlices(omittingEmpty: false).map { $0.trimmedSpaces() }
        for (index, line) in lines.enumerated() where line.hasSuffix(":") || line.hasSuffix("：") {
            // The colon follows "to"/"at" or a place word: "Please send:" opens the items.
            guard RegexCache.firstRange(#"(?i)\b(?:deliver|delivery|ship|shipping|send)\b.*\b(?:to|at)\b.*[:：]$|(?:送到|寄到|送至|寄至|運到|运到|送往)[^:：]{0,12}[:：]$"#, in: line) != nil,
                  FieldLabels.split(line) == nil else { continue }
            var parts: [String] = []
            var contact: (name: String, phone: String)?
            for next in lines[(index + 1)...].prefix(3) {
                // "何小姐 9876 5432" under the address: the recipient and phone, and the end of it.
                if !parts.isEmpty, case (let name, let phone?) = nameAndPhone(next), name != next, looksLikeName(name) {
                    contact = (name, phone)
                    break
                }
                // "Use the side gate on Pokfield Rd.": words without a number are an instruction.
                let words = next.split(separator: " ").count
                // ("The Pulse, 28 Beach Road, …" opens with "The" and is a venue's address.)
                let addressLine = next.contains(where: \.isNumber) && looksLikeAddress(next) && !next.hasSuffix(".")
                guard !next.isEmpty, FieldLabels.split(next) == nil, RegexCache.firstRange(#"^[^:：\d]{1,20}[:：]\s*\S"#, in: next) == nil,
                      !looksLikeSentence(next) || addressLine, ItemQuantity.countedQuantities(in: next) == 0,
                      words < 5 || next.contains(where: \.isNumber),
                      looksLikeAddress(next) || (!parts.isEmpty && looksLikePlace(next)) else { break }
                parts.append(next)
            }
            guard !parts.isEmpty else { continue }
            var block = Block(recipient: contact?.name, address: parts.joined(separator: ", "), phone: contact?.phone)
            // "Contact on the day: Joanne Lau, +852 9123 4567" under the address.
            for next in lines[(index + 1 + parts.count)...].prefix(3) where block.recipient == nil {
                guard let range = RegexCache.firstRange(#"(?i)^(?:contact|attn|attention|receiver|recipient|聯絡人|联系人|联络人|收件人|收貨人|收货人)[^:：]{0,20}[:：]\s*"#, in: next) else { continue }
                let (name, phone) = nameAndPhone(String(next[range.upperBound...]))
                if looksLikeName(name) { block.recipient = name }
                block.phone = block.phone ?? phone
            }
            return (block, line + "\n" + parts.joined(separator: "\n"))
        }
        return nil
    }

    static let prosePattern = #"(?i)(?:\b(?:ship|deliver|send)(?:\s+(?:it|them|everything|all|the goods|the order|these|this))?\s+to\b|"#
        // "pls send 10x 12spd chains + 4x cassettes to 3 Ubi Road 1, #05-12, Singapore 408694":
        // the items between the verb and "to", when a street number and a street word follow.
        + #"\b(?:ship|deliver|send)\b[^\n]{1,160}?\bto(?=\s+\d{1,5}[A-Za-z]?\s+[^\n]{0,40}?\b(?:road|rd|street|st|avenue|ave|jalan|jln|lane|drive|way|lorong|boulevard|blvd|crescent|terrace)\b)|"#
        + #"送到|送至|寄到|寄至|運到|运到|送往|寄往|送貨到|送货到|配送到|送店裡|送店里|送來|送来|(?:一樣|一样|照樣|照样|直接|請|请|麻煩|麻烦)送(?=\S{2,3}[市縣县區区]))\s*[:：]?\s*([^\n]{4,200})"#

    /// "12 Harbour Rd by Friday", "… before 20 Dec", "… no later than the 10th": the deadline is
    /// not part of the address.
    static func trimmingDeadline(_ sentence: String) -> String {
        guard let range = RegexCache.firstRange(#"(?i)\s+(?:by|before|on|no later than|until|asap|this|next|within)\b.*$|(?:之前|以前|前送|下週|下周|本週|本周|明天|後天|后天).*$"#, in: sentence) else { return sentence }
        return String(sentence[..<range.lowerBound])
    }

    // MARK: - Shapes

    static func refersToAddressOnFile(_ text: String) -> Bool {
        RegexCache.firstRange(#"(?i)\b(?:(?:our|the|my)\s+usual\s+(?:address|place|warehouse|site|shop|store|office)|same\s+(?:address|place|as\s+(?:last|before|usual|always|previous))|address\s+on\s+file|as\s+usual)\b|老地方|原地址|同上次|跟上次一樣|跟上次一样|和上次一樣|和上次一样|照舊|照旧|原址"#, in: text) != nil
    }

    static func isPhone(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: edges)
        guard RegexCache.firstRange(#"^(?:\(?\+?\d{1,4}\)?[\s\-.]?)?(?:\(?\d{1,5}\)?[\s\-.]?){1,5}\d{2,5}(?:\s*(?:ext\.?|#|分機|分机)\s*\d{1,5})?$"#, in: trimmed) != nil else { return false }
        return trimmed.filter(\.isNumber).count >= 7
    }

    /// Stricter than `looksLikeAddress`: a place and a house number ("中正路128號", "市…區…路…号"),
    /// or a number before a street word ("18 Jalan Burma", "123 Nathan Road").
    static func looksLikeStreetAddress(_ text: String) -> Bool {
        guard text.count >= 6, text.count <= 160 else { return false }
        if RegexCache.firstRange(#"[路街道巷弄段里村]\s*[0-9０-９一二三四五六七八九十百]+\s*[號号]"#, in: text) != nil { return true }
        return RegexCache.firstRange(#"(?i)\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\p{L}'.-]*\s+){0,3}(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|dr|jalan|jln|highway|way)\b|\b(?:jalan|jln)\s+\p{L}+"#, in: text) != nil
    }

    static func looksLikeAddress(_ text: String) -> Bool {
        guard text.count >= 5, text.count <= 160, text.contains(where: { $0.isNumber || "一二三四五六七八九十".contains($0) }) else { return false }
        if RegexCache.firstRange(#"[市區区縣县鄉乡鎮镇村里路街巷弄號号樓楼段道室廠厂棟栋]"#, in: text) != nil { return true }
        return RegexCache.firstRange(#"(?i)\b(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|drive|dr|way|highway|hwy|parkway|pkwy|court|ct|place|pl|terrace|crescent|square|sq|floor|fl|unit|suite|ste|bldg|building|block|blk|no|sec|section|district|dist|city|industrial|park|plaza|tower|centre|center|warehouse|dock|pier|kowloon|hong kong|taiwan|singapore|china|usa|germany|japan|[A-Z]{2}\s+\d{5})\b|\b\d{5}(?:-\d{4})?\b|\b\d{3,6}\s*$|^\d{1,6}[A-Za-z]?\s+\p{L}{3,}|(?:straße|strasse|str\.|weg|platz|gasse)\b"#, in: text) != nil
    }

    /// "Please call before delivery.", "Thanks!": words, not an envelope line.
    static func looksLikeSentence(_ text: String) -> Bool {
        // Opening hours and instructions ("Receiving hours Mon-Fri 9:00-17:00") are no address line.
        RegexCache.firstRange(#"(?i)^(?:please|pls|kindly|thanks|thank|regards|we |i |our |the |if |note|請|请|謝|谢|麻煩|麻烦|如|若|備註|备注)|(?<![A-Z])[.!?。！？]$|\d{1,2}:\d{2}|\b(?:hours|open|closed|mon-fri|weekdays)\b|營業|营业|收貨時間|收货时间"#, in: text) != nil
    }

    /// A place without a number: a branch, a site, a district or country written alone.
    static func looksLikePlace(_ text: String) -> Bool {
        RegexCache.firstRange(#"(?i)\b(?:branch|shop|store|office|warehouse|kitchen|restaurant|hotel|campus|site|plant|factory|depot|centre|center|building|tower|plaza|district|dock|reception|loading|gate|entrance|lobby|storeroom|store room|hong kong|kowloon|taiwan|singapore|china|usa|japan|germany|macau|macao|taipei|shanghai|beijing|shenzhen|guangzhou|malaysia|kuala lumpur|taman|jalan|jln|kampung|persiaran|lorong|lebuh|kawasan|perindustrian|bandar|bukit|seksyen|desa|wisma|menara|selangor|johor|penang)\b|[店廠厂倉仓館馆樓楼區区市省縣县園园]"#, in: text) != nil
    }

    /// A person's name: two to four CJK characters, or one to four capitalised words, maybe with
    /// a title; no digits.
    static func looksLikeName(_ text: String) -> Bool {
        guard !text.contains(where: \.isNumber), text.count <= 40 else { return false }
        if RegexCache.firstRange(#"^(?:[\p{Han}]{2,4}|[\p{Han}]{1,3}(?:先生|小姐|女士|師傅|师傅|經理|经理|老闆|老板))$"#, in: text) != nil { return true }
        guard !looksLikePlace(text) else { return false }
        return RegexCache.firstRange(#"^(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-\.]*){0,3}$"#, in: text) != nil
    }

    static let phoneLabels = ["tel.", "tel", "phone", "mobile", "mob.", "mob", "cell", "電話", "电话", "手機", "手机", "聯絡電話", "联系电话", "連絡電話"]
        .sorted { $0.count > $1.count }
    static let recipientLabels = ["attn.", "attn", "attention", "recipient", "receiver", "consignee", "contact on site", "site contact", "on-site contact", "contact",
                                  "contact person", "收件人", "收貨人", "收货人", "聯絡人", "联系人", "聯繫人", "联络人", "现场联系人", "現場聯絡人", "收件", "c/o"]
        .sorted { $0.count > $1.count }
    static let billingWords = ["bill", "invoice", "發票", "发票", "帳單", "账单", "開票", "开票", "請款", "请款"]

    /// `許志強 電話 0955-123-789`, `Marcus Tan (head chef), +65 9123 4567` → the name and the phone,
    /// without the phone's label or a role in brackets.
    static func nameAndPhone(_ value: String) -> (name: String, phone: String?) {
        var name = value
        var phone: String?
        if let range = RegexCache.firstRange(#"\+?\(?\d[\d\s\-()]{6,}\d(?:\s*(?:#|ext\.?|x|轉|转|分機|分机)\s*\d{1,5})?"#, in: value) {
            phone = String(value[range]).trimmingCharacters(in: .whitespaces)
            name.replaceSubrange(range, with: "")
        }
        // "Marcus Tan (head chef)": a role in brackets goes; "13823456789（李师傅）": the name in them stays.
        let withoutBrackets = RegexCache.replacing(#"[(（][^)）]{0,30}[)）]"#, in: name, with: "")
        name = withoutBrackets.trimmingCharacters(in: edges).isEmpty
            ? RegexCache.replacing(#"[(（)）]"#, in: name, with: "") : withoutBrackets
        name = RegexCache.replacing(#"(?i)\s*(?:tel\.?|phone|mobile|mob\.?|cell|電話|电话|手機|手机)\s*[:：]?\s*$"#, in: name, with: "")
        name = name.trimmingCharacters(in: edges.union(CharacterSet(charactersIn: ":：/")))
        return (name.isEmpty ? value : name, phone)
    }

    static let edges = CharacterSet.whitespaces.union(CharacterSet(charactersIn: ",，。.;；、|"))
    static let labelEdges = CharacterSet.whitespaces.union(CharacterSet(charactersIn: ":：,，|"))
}
