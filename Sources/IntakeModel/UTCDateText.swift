public import Foundation

/// Dates as fixed UTC text, written without Foundation's formatters (ICU through CoreFoundation
/// on Linux: about ten microseconds a date, and a mailbox sync stores half a dozen dates per
/// message inside its commits). Byte for byte what the formatters write; the tests compare.
public enum UTCDateText {
    /// `yyyy-MM-dd'T'HH:mm:ss'Z'`, the seconds rounded down: Foundation's `.iso8601` JSON date
    /// strategy. Years outside 1…9999 go to Foundation's own formatter.
    public static func iso8601(_ date: Date) -> String {
        // Rounded down from the reference date, as Foundation's calendar counts.
        let seconds = date.timeIntervalSinceReferenceDate.rounded(.down) + 978_307_200
        guard let fields = Fields(millisecondsSince1970: seconds * 1000) else {
            return date.formatted(Date.ISO8601FormatStyle())
        }
        var text = fields.date(separator: 0x54)
        text.append(0x5A)
        return String(decoding: text, as: UTF8.self)
    }

    /// `yyyy-MM-dd HH:mm:ss.SSS`, to the nearest millisecond: how GRDB stores a `Date` in SQLite
    /// (its `DateFormatter` in UTC), so columns written either way sort and read back alike.
    public static func sqlite(_ date: Date) -> String {
        // CoreFoundation's arithmetic: seconds since 1970 in a Double, then milliseconds rounded
        // half away from zero (ICU's format of that number).
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000).rounded(.toNearestOrAwayFromZero)
        guard let fields = Fields(millisecondsSince1970: milliseconds) else {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
            return formatter.string(from: date)
        }
        var text = fields.date(separator: 0x20)
        text.append(0x2E)
        Fields.append(fields.millisecond, digits: 3, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Calendar fields of a moment, from whole milliseconds since 1970-01-01 UTC.
    struct Fields {
        var year: Int64, month: Int64, day: Int64
        var secondOfDay: Int64, millisecond: Int64

        init?(millisecondsSince1970 value: Double) {
            // Years 1 through 9999 only.
            guard value >= -62_135_596_800_000, value < 253_402_300_800_000 else { return nil }
            let total = Int64(value)
            var days = total / 86_400_000
            var rest = total % 86_400_000
            if rest < 0 {
                rest += 86_400_000
                days -= 1
            }
            millisecond = rest % 1000
            secondOfDay = rest / 1000
            // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
            let shifted = days + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }

        /// `yyyy-MM-dd` + separator + `HH:mm:ss`.
        func date(separator: UInt8) -> [UInt8] {
            var text: [UInt8] = []
            text.reserveCapacity(24)
            Self.append(year, digits: 4, to: &text)
            text.append(0x2D)
            Self.append(month, digits: 2, to: &text)
            text.append(0x2D)
            Self.append(day, digits: 2, to: &text)
            text.append(separator)
            Self.append(secondOfDay / 3600, digits: 2, to: &text)
            text.append(0x3A)
            Self.append(secondOfDay / 60 % 60, digits: 2, to: &text)
            text.append(0x3A)
            Self.append(secondOfDay % 60, digits: 2, to: &text)
            return text
        }

        static func append(_ value: Int64, digits: Int, to text: inout [UInt8]) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(0x30 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
    }
}
