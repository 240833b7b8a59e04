import Foundation
import IntakeModel

/// A reply that accepts our quotation, or part of it: "please proceed with items 1 and 3 at the
/// quoted prices, but for item 1 we need 1,000 pcs instead of 500", "第1、2、4項照報價下單，第3項這次先
/// 不要，第2項數量改成 40 副". The items are in the quotation the reply quotes, numbered; the
/// customer's own words say which of them they order and which counts change.
enum QuotationReply {
    /// Whether the message answers a quotation and accepts some of it: the quotation named in
    /// the subject or the sender's words, and a word of acceptance in theirs.
    static func accepts(subject: String, fresh: String) -> Bool {
        let text = (subject + "\n" + fresh).lowercased()
        // Most messages name no quotation: the rest is not looked for.
        guard ["quote", "報價", "报价", "估價", "估价"].contains(where: { text.hasSubstring($0) }) else { return false }
        let lower = fresh.lowercased()
        let accepting = ["proceed", "go ahead", "we accept", "accept the", "confirm", "place the order", "please supply", "we'll take", "we will take",
                         "確認", "确认", "下單", "下单", "照報價", "照报价", "按報價", "按报价", "同意", "訂購", "订购"].contains { lower.hasSubstring($0) }
        return accepting && Self.namesItems(fresh)
    }

    /// Whether the words name quoted items by their numbers ("items 1 and 3", "第1、2、4項") or all
    /// of them ("all items", "全部").
    static func namesItems(_ fresh: String) -> Bool {
        RegexCache.firstRange(#"(?i)\bitems?\s*(?:no\.?\s*)?#?\d|第\s*\d+(?:\s*[、,，和及與与]\s*\d+)*\s*[項项條条]|\ball (?:the )?(?:quoted )?items\b|全部|所有品項|所有品项"#, in: fresh) != nil
    }

    /// The quoted lines the reply orders, with the counts it changes; each line keeps where it
    /// was quoted. Lines are numbered by their list marker, else by their order in the quote.
    static func accepted(_ quoted: [ParsedLine], from lines: [TextLine], fresh: String) -> [ParsedLine] {
        let textAt = Dictionary(lines.map { ($0.location, $0.text) }, uniquingKeysWith: { first, _ in first })
        let numbered = quoted.enumerated().map { index, line in
            (number: Self.listNumber(textAt[line.origin.location] ?? line.origin.excerpt) ?? index + 1, line: line)
        }
        // Sentences end at a stop followed by a space (not inside "1.74"); clauses at a comma not
        // followed by a number (not inside "第1、2、4項", whose 、 normalises to a comma).
        let sentences = Self.pieces(fresh, at: #"[。!！;；\n]|\.(?=\s|$)"#)
        var chosen: Set<Int>?
        var dropped = Set<Int>()
        var counts: [Int: (Decimal, String?)] = [:]
        for sentence in sentences {
            // A clause of a sentence each: "第1、2、4項照報價下單，第3項這次先不要".
            var named: [Int] = []
            for clause in Self.pieces(sentence, at: #"[,，](?!\s*\d)"#) {
                let numbers = Self.itemNumbers(in: clause)
                // "第1、2項照報價，但數量各改成30雙": a count for each of the items the sentence named.
                if numbers.isEmpty, !named.isEmpty, let change = Self.changedCount(in: clause),
                   named.count == 1 || Self.eachWords.contains(where: { clause.lowercased().hasSubstring($0) }) {
                    for number in named { counts[number] = change }
                    chosen = (chosen ?? []).union(named)
                    continue
                }
                guard !numbers.isEmpty else { continue }
                named = numbers
                if let change = Self.changedCount(in: clause), numbers.count == 1 || Self.eachWords.contains(where: { clause.lowercased().hasSubstring($0) }) {
                    // "第3項HB鉛筆改成30打": an item given a new count is ordered with it.
                    for number in numbers { counts[number] = change }
                    chosen = (chosen ?? []).union(numbers)
                } else if Self.declines(clause) {
                    dropped.formUnion(numbers)
                } else {
                    chosen = (chosen ?? []).union(numbers)
                }
            }
            // "for item 1 we need 1,000 pcs instead of 500": a count given to one item in a
            // sentence of its own, after a comma.
            for piece in Self.pieces(sentence, at: #"[,，](?!\s*\d)"#) {
                let numbers = Self.itemNumbers(in: piece)
                if numbers.count == 1, let change = Self.changedCount(in: piece) { counts[numbers[0]] = change }
            }
        }
        var result: [ParsedLine] = []
        for (number, line) in numbered where (chosen?.contains(number) ?? true) && !dropped.contains(number) {
            var line = line
            if let (quantity, unit) = counts[number] {
                line.correctedFrom = DecimalText.parse(line.line.quantity)
                line.line.quantity = DecimalText.format(quantity)
                if let unit { line.line.unit = ItemUnits.normalizeUnit(unit) }
            }
            result.append(line)
        }
        return result
    }

    /// `text` cut at every match of `separator`, the separators dropped.
    static func pieces(_ text: String, at separator: String) -> [String] {
        RegexCache.pieces(of: text, cutBy: RegexCache.regex(separator), dropping: true)
    }

    /// "1. STM32F103C8T6 …", "> 2. MJ-L167-SV-BLU …": the list number a quoted line starts with.
    static func listNumber(_ text: String?) -> Int? {
        guard let text else { return nil }
        guard let range = RegexCache.firstRange(#"^[\s>]*(?:item\s*|no\.?\s*|#)?\d{1,2}(?=[.)、:]|\s)"#, in: text) else { return nil }
        return Int(text[range].filter(\.isNumber))
    }

    /// The item numbers a clause names: "items 1 and 3", "item 2", "第1、2、4項", "第3項".
    static func itemNumbers(in clause: String) -> [Int] {
        var numbers: [Int] = []
        let patterns = [#"(?i)\bitems?\s*(?:no\.?\s*)?#?(\d{1,2}(?:\s*(?:,|and|&|、)\s*\d{1,2})*)"#, #"第\s*(\d{1,2}(?:\s*[、,，和及與与]\s*\d{1,2})*)\s*[項项條条]"#]
        for pattern in patterns {
            guard let regex = RegexCache.regex(pattern) else { continue }
            for match in regex.matches(in: clause, range: NSRange(clause.startIndex..., in: clause)) {
                guard let range = Range(match.range(at: 1), in: clause) else { continue }
                numbers += clause[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            }
        }
        return numbers
    }

    /// Words that give one count to each of several items ("各改成30雙", "30 each", "both to 12").
    static let eachWords = ["各", "每項", "每项", "each", "both", "all to"]

    /// "we will skip", "先不要", "cancel item 3", "except item 2": the clause leaves the items out.
    static func declines(_ clause: String) -> Bool {
        let lower = clause.lowercased()
        return ["skip", "not need", "don't need", "do not need", "no need", "drop", "remove", "cancel", "except", "without", "leave out",
                "不要", "不用", "取消", "先不", "暫不", "暂不", "除外", "刪除", "删除"].contains { lower.hasSubstring($0) }
    }

    /// The new count of a clause that changes one: "1,000 pcs instead of 500", "數量改成 40 副",
    /// "改為 30", "change to 12 boxes", "we need 40".
    static func changedCount(in clause: String) -> (Decimal, String?)? {
        let patterns = [#"(?i)(\d{1,3}(?:,\d{3})+|\d+)\s*([^\s\d,.]{1,6})?\s+instead of"#,
                        #"(?:改成|改為|改为|調整為|调整为|變更為|变更为|更改為|更改为)\s*(\d{1,3}(?:,\d{3})+|\d+)\s*([^\s\d,，。]{1,3})?"#,
                        #"(?i)(?:change(?:d)? (?:it |the quantity |qty )?to|increase(?:d)? to|reduce(?:d)? to|make it|we need|need)\s+(\d{1,3}(?:,\d{3})+|\d+)\s*([A-Za-z]{1,8})?"#]
        for pattern in patterns {
            guard let regex = RegexCache.regex(pattern),
                  let match = regex.firstMatch(in: clause, range: NSRange(clause.startIndex..., in: clause)),
                  let numberRange = Range(match.range(at: 1), in: clause),
                  let number = TextNormalizer.number(String(clause[numberRange])) else { continue }
            let unit = Range(match.range(at: 2), in: clause).map { String(clause[$0]) }.flatMap { word in
                ItemUnits.units.contains(word.lowercased()) ? word : nil
            }
            return (number, unit)
        }
        return nil
    }
}
