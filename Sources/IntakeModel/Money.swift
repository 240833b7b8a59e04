public import Foundation

/// Decimal quantities and prices, parsed and printed without binary floating point.
///
/// The contract writes them as strings (`"10"`, `"2.5"`); `Decimal` keeps them exact. The POSIX
/// locale is used throughout so that a desk's locale never turns `2.5` into `2,5`.
public enum DecimalText {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Parses `12`, `12.50`, `0.5`; rejects signs, exponents, separators and anything else, so
    /// that callers normalise customer text (full-width digits, thousands separators) first.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.first != ".", trimmed.last != "." else { return nil }
        var dots = 0
        for character in trimmed {
            if character == "." { dots += 1 } else if !character.isASCIIDigit { return nil }
        }
        guard dots <= 1 else { return nil }
        return Decimal(string: trimmed, locale: posix)
    }

    /// The canonical contract form: no exponent, no trailing zeros after the point.
    public static func format(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        var text = NSDecimalNumber(decimal: rounded).description(withLocale: posix)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Money with exactly two decimals, for tables and emails.
    public static func formatMoney(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let text = NSDecimalNumber(decimal: rounded).description(withLocale: posix)
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return whole + "." + (fraction + "00").prefix(2)
    }
}
