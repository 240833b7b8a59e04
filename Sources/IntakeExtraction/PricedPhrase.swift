import Foundation

/// A price written apart from its item, with the words that name the item: "S$23.00 per bag
/// for the wonton", "S$29.50 for the har gow", "虾饺￥110/包", "the siu mai at S$25".
struct PricedPhrase: Equatable {
    var phrase: String
    var price: Decimal
    var currency: String?

    /// An amount with its currency written: `S$23.00`, `HK$ 1,150`, `￥110`, `118元`.
    /// "港幣三十元", "六十五元": the amount in Chinese numerals too.
    private static let writtenAmount = RegexCache.regex(#"(?:"# + ItemPrices.currencyPattern + #"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一二三四五六七八九十百千兩两]+(?=\s*(?:元|块|塊)))|(\d+(?:\.\d+)?|[一二三四五六七八九十百千兩两]+)\s*(?:元|块|塊))"#, options: [.caseInsensitive])
    /// What may stand between an amount and "for the …": a unit ("per bag", "/包", "each").
    private static let forTheItem = RegexCache.regex(#"^\s*(?:(?:per|a|an|/)\s*[\p{L}]+\s*|each\s*)?(?:for|on)\s+(?:the\s+|our\s+)?(.+)$"#, options: [.caseInsensitive])
    /// "Price for the twin sockets as per your quote": the item's words.
    private static let priceFor = RegexCache.regex(#"(?:price|prices|pricing)\s+(?:for|of)\s+(?:the\s+)?(.+?)(?:\s+(?:as per|per|according to)\b.*)?$"#, options: [.caseInsensitive])
    /// What may end the item's words before the amount: "at", "@", ":", "是", "係".
    /// So may the unit it is priced by: "防割手套每双", "A3每令".
    private static let beforeAmountEdges = RegexCache.regex(#"(?:\s*(?:at|@|＠|:|：|是|係|为|為|price|單價|单价|每\s*\p{Han}?))*\s*$"#, options: [.caseInsensitive])

    /// The priced phrases of one clause (split at commas and "and" already): the item's words
    /// after "for" when the amount comes first, else the words before the amount.
    /// `previous`: the clause before, which names the item when this one is only the price
    /// ("Price for the twin sockets as per your quote, S$ 6.80 each").
    static func phrases(in clause: String, previous: String? = nil) -> [PricedPhrase] {
        guard clause.contains(where: \.isNumber), let writtenAmount else { return [] }
        let range = NSRange(clause.startIndex..., in: clause)
        guard let match = writtenAmount.firstMatch(in: clause, range: range), let whole = Range(match.range, in: clause) else { return [] }
        let currency = Range(match.range(at: 1), in: clause).flatMap { PaymentParser.currency(in: String(clause[$0])) }
        guard let numberRange = Range(match.range(at: 2), in: clause) ?? Range(match.range(at: 3), in: clause),
              let price = TextNormalizer.number(String(clause[numberRange])), price > 0 else { return [] }
        let after = String(clause[whole.upperBound...])
        if let forTheItem, let found = forTheItem.firstMatch(in: after, range: NSRange(after.startIndex..., in: after)),
           let words = Range(found.range(at: 1), in: after) {
            // "for the siu mai. Other items as per …": the sentence ends the item's words.
            let phrase = String(after[words]).pieces(separatedBy: ". ").first ?? String(after[words])
            return [PricedPhrase(phrase: phrase.trimmedSpaces(), price: price, currency: currency)]
        }
        var before = String(clause[..<whole.lowerBound])
        if let edges = beforeAmountEdges, let edge = edges.firstMatch(in: before, range: NSRange(before.startIndex..., in: before)),
           let edgeRange = Range(edge.range, in: before) {
            before = String(before[..<edgeRange.lowerBound])
        }
        // "价格方面：花菇按上次谈好的人民币150元/斤": after a label, the words before 按/照/依
        // ("according to") name the item; the rest says where the price comes from.
        if let colon = before.lastIndex(where: { $0 == ":" || $0 == "：" }) { before = String(before[before.index(after: colon)...]) }
        if let according = before.firstIndex(where: { $0 == "按" || $0 == "照" || $0 == "依" }), according > before.startIndex {
            before = String(before[..<according])
        }
        before = before.trimmedSpaces()
        if before.isEmpty, let previous, !previous.contains(where: \.isNumber), let priceFor,
           let found = priceFor.firstMatch(in: previous, range: NSRange(previous.startIndex..., in: previous)),
           let words = Range(found.range(at: 1), in: previous) {
            return [PricedPhrase(phrase: String(previous[words]).trimmedSpaces(), price: price, currency: currency)]
        }
        return before.isEmpty ? [] : [PricedPhrase(phrase: before, price: price, currency: currency)]
    }
}
