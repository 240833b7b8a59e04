import Foundation
import IntakeModel

/// Applies what later lines say about items already read: a corrected count, a declined item, a
/// price written apart. Apart from the readers, as it looks at the lines that gave no item and
/// changes the items the others read.
struct ItemCorrections {
    let master: MasterData

    /// "更正：白蓮蓉要25桶，唔係20桶", "Correction: the tonic water should be 3 cases, not 2": a
    /// later line that corrects and names a product already read gives that item its count; it
    /// is no second line of the same product.
    func applyingCorrections(_ items: [ParsedLine], lines: [TextLine] = []) -> [ParsedLine] {
        var result: [ParsedLine] = []
        // "畫架今次唔要住" in a line after the list: a product named in a declining clause,
        // already read from an earlier line, is taken off again.
        var declined: Set<String> = []
        var recounted: [Int: (Decimal, String?)] = [:]
        var repriced: [Int: PricedPhrase] = [:]
        let itemLocations = Set(items.map(\.origin.location))
        for line in lines where !itemLocations.contains(line.location) {
            var previous: String?
            for clause in line.text.components(separatedBy: ItemClauses.clauseSeparators).flatMap(ItemClauses.splitOnCommas) {
                defer { previous = clause }
                if Self.declines(clause) {
                    for product in master.allMentions(in: clause) where items.contains(where: { $0.line.sku == product.sku }) {
                        declined.insert(product.sku)
                    }
                    // "畫架今次唔要住": the item read as 木畫架 150cm, named by its own words.
                    if let index = Self.referredItem(Self.withoutDeclineWords(clause), in: items), let sku = items[index].line.sku { declined.insert(sku) }
                } else if let word = Self.correctionWords.first(where: { clause.hasSubstring($0) }), let range = clause.range(of: word),
                          let count = ItemQuantity.quantity(in: String(clause[range.upperBound...])),
                          let index = Self.referredItem(String(clause[..<range.lowerBound]), in: items) {
                    // "白色塑膠彩改做 12 樽，唔係 10 樽": the item before, given its new count.
                    recounted[index] = count
                } else if let (phrase, count) = Self.countSaidInsteadOfAnother(clause, line: line.text),
                          let index = Self.referredItem(phrase, in: items) {
                    // "不好意思，内存条是8根，不是10根": the item, and the count it is, not the one written.
                    recounted[index] = count
                } else {
                    // "Pricing as per your quote: S$23.00 per bag for the wonton, S$29.50 for the
                    // har gow": a price for an item read elsewhere, named by its words.
                    for piece in clause.pieces(separatedBy: " and ") {
                        for priced in PricedPhrase.phrases(in: piece, previous: previous) {
                            // "RM 9.50 per tube for the 75ml acrylics": every item the words fit as well.
                            for index in Self.referredItems(priced.phrase, in: items, aliases: true) where items[index].line.unitPrice == nil && repriced[index] == nil {
                                repriced[index] = priced
                            }
                        }
                    }
                }
            }
        }
        for (index, original) in items.enumerated() where !(original.line.sku.map(declined.contains) ?? false) {
            var item = original
            if let (quantity, unit) = recounted[index] {
                item.correctedFrom = DecimalText.parse(item.line.quantity)
                item.line.quantity = DecimalText.format(quantity)
                if let unit, let normalized = ItemUnits.normalizeUnit(unit) { item.line.unit = normalized }
            }
            if let priced = repriced[index] { item.takePrice(priced.price, currency: priced.currency) }
            if let sku = item.line.sku, Self.correctsALine(item.origin.excerpt),
               let earlier = result.lastIndex(where: { $0.line.sku == sku && $0.origin.location != item.origin.location }) {
                result[earlier].line.quantity = item.line.quantity
                if let unit = item.line.unit { result[earlier].line.unit = unit }
                if let price = item.line.unitPrice { result[earlier].line.unitPrice = price }
                continue
            }
            result.append(item)
        }
        return result
    }

    /// "内存条是8根" in a line that also says "不是10根" (or 唔係, not): the item's words and the
    /// count it really is.
    static func countSaidInsteadOfAnother(_ clause: String, line: String) -> (String, (Decimal, String?))? {
        guard !clause.isASCII, ["不是", "唔係", "唔系", "not "].contains(where: { line.hasSubstring($0) }) else { return nil }
        // "瑤柱要5斤唔係3斤": 要 (wants) says it as well.
        for word in ["是", "係", "系", "要"] {
            guard let range = clause.range(of: word), !clause[..<range.lowerBound].hasSuffix("不"), !clause[..<range.lowerBound].hasSuffix("唔"),
                  let count = ItemQuantity.quantity(in: String(clause[range.upperBound...])) else { continue }
            let phrase = String(clause[..<range.lowerBound])
            return phrase.isEmpty ? nil : (phrase, count)
        }
        return nil
    }

    /// Words after which a clause gives an item its new count: "改做 12 樽", "change it to 5".
    static let correctionWords = ["改做", "改成", "改為", "改为", "要改", "change to", "changed to", "should be", "make that", "make it"]

    /// The item an afterthought refers to by its own words ("白色塑膠彩" for 塑膠彩300ml 白色,
    /// "畫架" for 木畫架 150cm): the one read item whose written words hold most of the phrase's
    /// (at least half, with a word of two characters or more), when no other holds as many.
    static func referredItem(_ phrase: String, in items: [ParsedLine]) -> Int? {
        let found = referredItems(phrase, in: items)
        return found.count == 1 ? found.first : nil
    }

    /// Every read item whose words hold the most of the phrase's (at least half): "the 75ml
    /// acrylics" for each 75ml acrylic colour read.
    /// `aliases`: the product's aliases count as its words too ("防割手套每双38元" for the line
    /// written "M码 200双" after "防割手套 A4 的 L码 300双").
    static func referredItems(_ phrase: String, in items: [ParsedLine], aliases: Bool = false) -> [Int] {
        let wanted = FuzzyProductMatcher.features(of: phrase).filter { $0.count >= 2 && !$0.allSatisfy(\.isNumber) }
        guard !wanted.isEmpty else { return [] }
        let shares = items.map { item -> Int in
            let names = [item.line.description, item.product?.name].compactMap { $0 } + (aliases ? item.product?.aliases ?? [] : [])
            let written = FuzzyProductMatcher.features(of: names.joined(separator: " "))
            return wanted.filter { written.contains($0) }.count
        }
        guard let best = shares.max(), best * 2 >= wanted.count, best > 0 else { return [] }
        return shares.indices.filter { shares[$0] == best }
    }

    /// A declining clause without its declining and time words: what is declined.
    static func withoutDeclineWords(_ clause: String) -> String {
        var text = TextNormalizer.lowercased(clause)
        for word in declineWords + ["今次", "這次", "这次", "呢次", "本次", "this time", "for now", "住", "下個月", "下个月", "先再訂", "先再订", "再訂", "再订"] {
            text = text.replacingOccurrences(of: word, with: " ")
        }
        return text
    }

    /// Wording that corrects what was written before it, anywhere in a line.
    static func correctsALine(_ text: String?) -> Bool {
        guard let text else { return false }
        let lower = TextNormalizer.lowercased(text)
        return ["更正", "修正", "更改", "改成", "改為", "改为", "改做", "唔係", "不是", "correction", "instead of", "should be", "make that", "make it"].contains { lower.hasSubstring($0) }
            || RegexCache.firstRange(#"(?i)\bnot\s+\d"#, in: text) != nil
    }

    /// A clause that corrects the count before it: "actually, make that five", "make it 6", 改成3箱, 不对，3箱.
    static func corrects(_ clause: String) -> Bool {
        let lower = TextNormalizer.lowercased(clause).trimmedSpaces()
        return ["make that", "make it", "actually", "correction", "i mean", "改成", "改為", "改为", "不對", "不对", "更正"].contains { lower.hasPrefix($0) }
    }

    /// "the same number of …", "同樣數量的…": the count of the item before.
    static func meansSameCount(_ clause: String) -> Bool {
        let lower = TextNormalizer.lowercased(clause)
        return ["the same number of", "the same quantity of", "the same amount of", "same number of", "same quantity of", "同樣數量", "同样数量", "一樣多", "一样多", "同樣多", "同样多"]
            .contains { lower.hasSubstring($0) }
    }

    /// "make that four" → "four": the count a correction gives, without its words.
    static func withoutCorrectionWords(_ clause: String) -> String {
        RegexCache.replacing(#"(?i)^\s*(?:make that|make it|actually|correction|i mean)\s*[:,]?\s*"#, in: clause, with: "")
    }

    /// A clause that declines an item: skip, hold off, no need, not this time, 不要, 先不, 暫不.
    static func declines(_ clause: String) -> Bool {
        let lower = TextNormalizer.lowercased(clause)
        return Self.declineWords.contains { lower.hasSubstring($0) }
    }

    static let declineWords = ["skip", "hold off", "no need", "don't need", "do not need", "not this time", "not needed", "we'll pass", "cancel the",
                               "will not take", "won't take", "not take the",
                               "不要了", "先不要", "先不用", "不用了", "暫不", "暂不", "這次不", "这次不", "先不訂", "先不订", "取消",
                               // Cantonese: "畫架今次唔要住", "唔使住", "唔需要".
                               "唔要", "唔使", "唔需要", "唔洗", "don't send", "do not send"]
}
