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
        if let plain = plainDecimal(text) { return plain }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.first != ".", trimmed.last != "." else { return nil }
        var dots = 0
        for character in trimmed {
            if character == "." { dots += 1 } else if !character.isASCIIDigit { return nil }
        }
        guard dots <= 1 else { return nil }
        return Decimal(string: trimmed, locale: posix)
    }

    /// The common case without Foundation's trim and scanner (a twentieth of extraction): ASCII
    /// digits with at most one inner dot, nothing around them, not zero, up to 19 digits (which
    /// an integer holds exactly). The same value, exponent and significand as the scanner gives;
    /// anything else is left to it (nil here).
    private static func plainDecimal(_ text: String) -> Decimal? {
        var dots = 0
        var digits = 0
        var fractionDigits = 0
        var significand: UInt64 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots == 0 else { return nil }
                dots += 1
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                if dots > 0 { fractionDigits += 1 }
                significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard digits > 0, digits <= 19, significand != 0, dots == 0 || fractionDigits > 0 else { return nil }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(significand))
    }

    /// The canonical contract form: no exponent, no trailing zeros after the point.
    public static func format(_ value: Decimal) -> String {
        integerFormat(value) ?? describedFormat(value)
    }

    /// `format` for a positive value whose significand an integer holds and whose exponent is
    /// -6…20: its digits, the point placed by the exponent. Why: `Decimal.description` divides
    /// the mantissa by ten digit by digit (seven thousand instructions a number, and every item
    /// line's quantity and price are formatted); the significand read as an integer is thirty
    /// times cheaper, and checked to be exact.
    private static func integerFormat(_ value: Decimal) -> String? {
        guard !value.isNaN, value.sign == .plus, value.exponent >= -6, value.exponent <= 20 else { return nil }
        let significand = value.significand
        let integer = NSDecimalNumber(decimal: significand).uint64Value
        guard Decimal(integer) == significand else { return nil }
        if integer == 0 { return "0" }
        let digits = String(integer)
        if value.exponent >= 0 { return digits + String(repeating: "0", count: value.exponent) }
        let fractionDigits = -value.exponent
        var whole = digits.count > fractionDigits ? String(digits.dropLast(fractionDigits)) : "0"
        var fraction = String(repeating: "0", count: max(0, fractionDigits - digits.count)) + digits.suffix(fractionDigits)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { whole += "." + fraction }
        return whole
    }

    /// `format` through Foundation's description (and its rounding, past six decimals); the
    /// reference `integerFormat` is tested against.
    static func describedFormat(_ value: Decimal) -> String {
        var text: String
        if !value.isNaN && value.exponent >= -6 {
            // Nothing to round to six places: Decimal's own description is the same text as
            // NSDecimalNumber's in the POSIX locale, without an object per number.
            text = value.description
        } else {
            var value = value
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, 6, .plain)
            text = NSDecimalNumber(decimal: rounded).description(withLocale: posix)
        }
        // A byte test: Foundation's `contains` searches through NSString.
        if text.utf8.contains(UInt8(ascii: ".")) {
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
