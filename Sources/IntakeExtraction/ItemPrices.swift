import Foundation

/// Reads an item's unit price from its text ("@ 52", "單價 45", "S$23.00 each", "1150元/箱") and
/// the first amount of a cell; apart from the counts, whose numbers a price must not be taken for.
enum ItemPrices {
    static let currencyPattern = #"(NT\$|US\$|HK\$|S\$|RMB|CNY|TWD|NTD|USD|HKD|SGD|MYR|MOP|EUR|GBP|AUD|A\$|AU\$|CAD|C\$|NZD|NZ\$|JPY|CHF|THB|KRW|RM(?=\s*\d)|新台幣|新臺幣|台幣|臺幣|港幣|港币|人民幣|人民币|\$|¥|￥|€|£)"#
    /// "10箱 × 1150元 = 11500元": the number before 元 after a times sign is the unit price.
    private static let timesYuanPrice = RegexCache.regex(#"[x×*]\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:元|塊|块)"#, options: [.caseInsensitive])
    /// "@ 52", "單價 45", "每桶 HK$560": a price after its word, 每 with any counting unit.
    /// (Not "每包100条": a count of pieces after it is the pack's size.)
    private static let atPrice = RegexCache.regex(#"(?:@|unit price|單價|单价|price|each at|每\s*(?:"# + ItemUnits.unitPattern + #"))\s*[:=]?\s*"# + currencyPattern + #"?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|[.,]\d|\s*(?:条|條|个|個|支|片|张|張|粒|颗|顆|只|入|pcs\b|pieces\b))"#, options: [.caseInsensitive])
    private static let currencyPrice = RegexCache.regex(currencyPattern + #"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:/|each|per|一|每|ea)"#, options: [.caseInsensitive])
    /// "at 95 TWD per pack": the currency after the number.
    private static let atPerPrice = RegexCache.regex(#"\bat\s+(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(NT\$|US\$|HK\$|RMB|CNY|TWD|NTD|USD|HKD|EUR|AUD|CAD|NZD|GBP|SGD|dollars?)?\s*(?:/|each|per|ea)\b"#, options: [.caseInsensitive])
    /// "8 pcs at USD 82.00", "50 tubes at S$19.50": a currency after "at" names the price of one.
    /// (Without a currency, "at 10" may be a time: left to the other patterns.)
    private static let atCurrencyPrice = RegexCache.regex(#"\bat\s+"# + currencyPattern + #"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\s*(?:%|am\b|pm\b|total|in total|altogether))"#,
                                                          options: [.caseInsensitive])
    private static let yuanPrice = RegexCache.regex(#"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:元|塊|块)\s*(?:/|每|一)"#, options: [.caseInsensitive])

    static func price(in text: String, usingClues: Bool = true) -> (Decimal?, String?) {
        let range = NSRange(text.startIndex..., in: text)
        // What each pattern needs, looked for in the bytes of common text (where only ASCII
        // letters have case and digits are ASCII): every item line was converted for ICU and
        // tried against five patterns, and most hold no price. `usingClues: false` tries all.
        let clues = usingClues && TextNormalizer.isCommon(text) ? PriceClues(text) : nil
        func may(_ need: (PriceClues) -> Bool) -> Bool { clues.map(need) ?? true }
        if let clues, !clues.digit { return (nil, nil) }
        let first: [(NSRegularExpression?, Bool)] = [(atPrice, may(\.atWord)), (currencyPrice, may({ $0.currency && $0.perWord }))]
        for regex in first.compactMap({ $0.1 ? $0.0 : nil }) {
            guard let match = regex.firstMatch(in: text, range: range),
                  let numberRange = Range(match.range(at: 2), in: text) else { continue }
            let currency = Range(match.range(at: 1), in: text).flatMap { PaymentParser.currency(in: String(text[$0])) }
            return (TextNormalizer.number(String(text[numberRange])), currency)
        }
        if may({ $0.at && $0.perWord }), let regex = atPerPrice, let match = regex.firstMatch(in: text, range: range),
           let numberRange = Range(match.range(at: 1), in: text) {
            let currency = Range(match.range(at: 2), in: text).flatMap { PaymentParser.currency(in: String(text[$0])) }
            return (TextNormalizer.number(String(text[numberRange])), currency)
        }
        if may({ $0.at && $0.currency }), let regex = atCurrencyPrice, let match = regex.firstMatch(in: text, range: range),
           let numberRange = Range(match.range(at: 2), in: text) {
            let currency = Range(match.range(at: 1), in: text).flatMap { PaymentParser.currency(in: String(text[$0])) }
            return (TextNormalizer.number(String(text[numberRange])), currency)
        }
        let yuan: [(NSRegularExpression?, Bool)] = [(yuanPrice, may({ $0.yuan && $0.perWord })), (timesYuanPrice, may({ $0.yuan && $0.times }))]
        for regex in yuan.compactMap({ $0.1 ? $0.0 : nil }) {
            if let match = regex.firstMatch(in: text, range: range), let numberRange = Range(match.range(at: 1), in: text) {
                return (TextNormalizer.number(String(text[numberRange])), nil)
            }
        }
        return (nil, nil)
    }

    static func firstNumber(_ text: String) -> Decimal? {
        let normalized = TextNormalizer.normalize(text)
        // "2.980,00" (points grouping, a decimal comma) before "1,234.50" and plain numbers.
        guard let regex = RegexCache.regex(#"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"#),
              let match = regex.firstMatch(in: normalized, range: NSRange(normalized.startIndex..., in: normalized)),
              let range = Range(match.range, in: normalized) else { return nil }
        return TextNormalizer.number(String(normalized[range]))
    }

    /// "半面罩118元一个" (118 yuan for one): an amount, then one of a unit, is a price per unit,
    /// written as "118元/个" so that its 一个 is no count of one.
    static func pricePerOne(_ text: String) -> String {
        guard text.hasSubstring("一"), text.hasSubstring("元") || text.hasSubstring("块") || text.hasSubstring("塊") else { return text }
        return text.replacingOccurrences(of: #"(\d+(?:\.\d+)?\s*(?:元|块|塊))\s*一\s*([个個只隻套盒包对對双雙支件张張条條卷瓶箱])(?![\p{Han}])"#,
                                         with: "$1/$2", options: .regularExpression)
    }
}
