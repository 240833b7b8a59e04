import Foundation

extension ItemQuantity {
    /// "10K pcs", "2.5k 顆", "5KPCS": a count of pieces in thousands, as distributors of electronic
    /// parts write it, made the plain count ("10000 pcs") before items are read. Only before a
    /// piece word: "10K" alone is as likely a resistor's value, and "RC0603FR-0710KL" a part number.
    static func expandingThousands(_ text: String) -> String {
        guard text.contains(where: { $0 == "k" || $0 == "K" }), text.contains(where: \.isNumber), let thousands else { return text }
        var result = ""
        var cursor = text.startIndex
        for match in thousands.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let number = Range(match.range(at: 1), in: text),
                  let unit = Range(match.range(at: 2), in: text), let value = Decimal(string: String(text[number])) else { continue }
            result += text[cursor..<whole.lowerBound]
            result += "\(NSDecimalNumber(decimal: value * 1000).stringValue) \(text[unit])"
            cursor = whole.upperBound
        }
        return result + text[cursor...]
    }

    private static let thousands = RegexCache.regex(#"(?<![A-Za-z0-9.\-/])(\d{1,4}(?:\.\d{1,3})?)\s?[kK]\s*(pcs|pc|pieces|ea|顆|颗|個|个|只|粒)(?![A-Za-z])"#)
}
