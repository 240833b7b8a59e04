import Foundation
import IntakeModel

/// What a value in `catalog.csv` or `customers.csv` must look like (contract §2, §3). Each rule
/// answers with the words to put after "line N:" when the value is wrong, or nil when it is fine.
///
/// The rules catch what silently turns into wrong orders: a price with an unquoted decimal comma
/// shifts every column after it, so the currency reads "5" and the unit a number. They do not
/// judge free text: a unit is whatever the seller counts in (box, pcs, 箱, catty, 1000 pcs).
enum MasterDataRules {
    /// The same number of fields as the header; more usually means a comma inside a value that
    /// was not put in double quotes.
    static func columnCount(_ row: [String], header: [String]) -> String? {
        guard row.count != header.count else { return nil }
        let counts = "\(row.count) fields where the header has \(header.count) (\(header.joined(separator: ",")))"
        return row.count > header.count
            ? counts + "; a value that holds a comma must be in double quotes, e.g. \"12,5\" or \"Tray, large\""
            : counts
    }

    /// A list price: digits with at most one decimal point, no sign, no separators.
    static func unitPrice(_ text: String) -> String? {
        guard DecimalText.parse(text) == nil else { return nil }
        var problem = "unit_price \"\(text)\" is not a decimal number"
        if text.wholeMatch(of: /[0-9]+,[0-9]{1,2}/) != nil {
            problem += "; write the decimal point as a point: \(text.replacingOccurrences(of: ",", with: "."))"
        } else if text.contains(",") {
            problem += "; write it without thousands separators: \(text.replacingOccurrences(of: ",", with: ""))"
        }
        return problem
    }

    /// Codes people write for a currency that ISO 4217 calls something else.
    private static let colloquialCurrencies = ["NTD": "TWD", "NT": "TWD", "RMB": "CNY", "YEN": "JPY"]

    /// Every ISO 4217 code Foundation knows, current and historic.
    private static let isoCurrencies = Set(Locale.Currency.isoCurrencies.map(\.identifier))

    /// An ISO 4217 code as written in the contract: three capital letters naming a currency.
    static func currency(_ text: String) -> String? {
        let upper = text.uppercased()
        if let meant = colloquialCurrencies[upper] { return "currency \"\(text)\" is not an ISO 4217 code; write \(meant)" }
        // Without the table (a Foundation without ICU data) the shape is all that can be checked.
        let known = isoCurrencies.isEmpty ? upper.wholeMatch(of: /[A-Z]{3}/) != nil : isoCurrencies.contains(upper)
        if known { return text == upper ? nil : "currency \"\(text)\" must be written in capitals: \(upper)" }
        return "currency \"\(text)\" is not an ISO 4217 code (three capital letters such as TWD, CNY, HKD, USD)"
    }

    /// A unit is free text; only a bare number is refused, since that is a price or a quantity
    /// that landed in the wrong column.
    static func unit(_ text: String) -> String? {
        guard text.contains(where: \.isASCIIDigit), text.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }) else { return nil }
        return "unit \"\(text)\" is a number, not a unit such as box, pcs or kg; are the columns shifted?"
    }

    /// A tag that looks like BCP 47 (`en`, `zh-TW`, `zh-Hant-HK`): a language of 2–3 letters, then
    /// subtags of 1–8 letters or digits, joined by hyphens.
    static func language(_ text: String) -> String? {
        guard text.wholeMatch(of: /[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*/) == nil else { return nil }
        let hint = text.contains("_") ? "; use a hyphen: \(text.replacingOccurrences(of: "_", with: "-"))" : " such as en, zh-TW or zh-CN"
        return "language \"\(text)\" is not a BCP 47 tag\(hint)"
    }

    /// One of the contract's `paymentMethod` values.
    static func paymentMethod(_ text: String) -> String? {
        guard PaymentMethod(rawValue: text) == nil else { return nil }
        return "payment_method \"\(text)\" is not one of \(PaymentMethod.allCases.map(\.rawValue).joined(separator: ", "))"
    }

    /// An address mail can be sent to.
    static func email(_ text: String) -> String? {
        guard !EmailAddressRule.isPlausible(text) else { return nil }
        return text.isEmpty ? "the email is missing; every customer needs the address they order from" : "\"\(text)\" is not an email address"
    }
}
