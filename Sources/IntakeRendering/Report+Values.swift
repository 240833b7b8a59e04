public import Foundation
import IntakeModel

extension Report {
    /// How a number reads to people. The number itself stays exact (JSON, CSV); only the
    /// people's text is rounded and grouped.
    public enum Style: Sendable, Equatable {
        /// Whole things: `1,234`.
        case count
        /// A quantity as ordered, with the decimals it has: `1,234.5`.
        case quantity
        /// Money, two decimals: `85,960.00`.
        case money
        /// A fixed number of decimals: `4.00` (an average rating).
        case decimal(places: Int)
        /// A share in percent (the number is 0–100): `67%`.
        case percent
        /// A score that can be negative, with its sign: `+12` (NPS).
        case signed
        /// Seconds, written in the largest unit that reads well: `3 min`, `2.5 h`, `4.0 d`.
        case duration

        /// The unit a program reads next to the number, where the style implies one.
        var unit: String? {
            switch self {
            case .percent: "%"
            case .duration: "s"
            default: nil
            }
        }

        /// The people's text: grouped thousands, the style's decimals.
        public func display(_ value: Decimal) -> String {
            let double = NSDecimalNumber(decimal: value).doubleValue
            switch self {
            case .count: return Report.grouped(DecimalText.format(Report.rounded(value, 0)))
            case .quantity: return Report.grouped(DecimalText.format(value))
            case .money: return Report.grouped(DecimalText.formatMoney(value))
            case .decimal(let places): return Report.grouped(String(format: "%.\(places)f", double))
            case .percent: return Report.grouped(String(format: "%.0f", double)) + "%"
            case .signed: return String(format: "%+.0f", double)
            case .duration: return Report.duration(double)
            }
        }

        /// The machine's text (CSV): no grouping, no sign or unit, money with its two decimals.
        public func plain(_ value: Decimal) -> String {
            self == .money ? DecimalText.formatMoney(value) : DecimalText.format(value)
        }
    }

    /// A table column: its name and, for numbers, how they read.
    public struct Column: Sendable, Equatable {
        public var name: String
        /// nil: a column of text.
        public var style: Style?
        /// A currency code, `%`, `s`; nil for text and plain counts.
        public var unit: String?

        /// A column; `unit` defaults to the style's (`%`, `s`), a money column names its currency.
        public init(_ name: String, _ style: Style? = nil, unit: String? = nil) {
            self.name = name
            self.style = style
            self.unit = unit ?? style?.unit
        }

        /// The header with its unit when the name does not already say it: `response rate (%)`.
        /// For CSV, whose plain numbers lose the `%` people's text has.
        var headerWithUnit: String {
            guard let unit, !name.contains(unit) else { return name }
            return "\(name) (\(unit))"
        }
    }

    /// One cell: text, a number (read through its column's style), or nothing.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Decimal)
        case empty

        /// A number cell, or an empty one for nil.
        public static func number(_ value: Decimal?) -> Cell { value.map(Cell.number) ?? .empty }
        /// A number cell for a count.
        public static func count(_ value: Int) -> Cell { .number(Decimal(value)) }

        /// The number, for callers that read a table back.
        public var number: Decimal? {
            if case .number(let value) = self { return value }
            return nil
        }

        /// The text, for callers that read a table back.
        public var text: String? {
            if case .text(let text) = self { return text }
            return nil
        }

        func display(_ style: Style?) -> String {
            switch self {
            case .text(let text): text
            case .number(let value): (style ?? .quantity).display(value)
            case .empty: Report.none
            }
        }

        func plain(_ style: Style?) -> String {
            switch self {
            case .text(let text): text
            case .number(let value): (style ?? .quantity).plain(value)
            case .empty: ""
            }
        }
    }

    /// A statistic computed in floating point (an average, a share) as a number for the report,
    /// rounded to four decimals: more than anyone reads, without binary noise (`66.6667`, not
    /// `66.66666666666667`).
    public static func number(_ value: Double) -> Decimal {
        rounded(Decimal(value), 4)
    }

    static func rounded(_ value: Decimal, _ places: Int) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, places, .plain)
        return result
    }

    /// `79460.00` → `79,460.00`: digits grouped by three before the point.
    static func grouped(_ number: String) -> String {
        let negative = number.hasPrefix("-")
        let digits = negative ? String(number.dropFirst()) : number
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts.first ?? "")
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// `3 min`, `2.5 h`, `4.0 d`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5_400 { return String(format: "%.0f min", seconds / 60) }
        if seconds < 172_800 { return String(format: "%.1f h", seconds / 3_600) }
        return String(format: "%.1f d", seconds / 86_400)
    }
}
