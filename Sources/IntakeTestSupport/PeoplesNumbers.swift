public import Foundation

/// Numbers as a report shows them to people, written by Foundation's formatter: a second
/// opinion on the report's own grouping, for tests.
public enum PeoplesNumbers {
    /// `47080` → `47,080.00`.
    public static func money(_ value: Decimal) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US")
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        return formatter.string(from: NSDecimalNumber(decimal: value)) ?? "?"
    }
}
