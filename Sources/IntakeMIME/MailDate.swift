public import Foundation

/// A message date with the sender's UTC offset kept, so that "next Friday" can be resolved in
/// the sender's own day.
public struct MailDate: Sendable, Equatable {
    public var date: Date
    /// The sender's offset from UTC in seconds (`+0800` → 28800).
    public var utcOffsetSeconds: Int

    public init(date: Date, utcOffsetSeconds: Int) {
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "cet": 1, "cest": 2, "jst": 9, "hkt": 8, "sgt": 8,
    ]

    /// Parses RFC 5322 dates and the usual deviations: missing weekday, two-digit years, missing
    /// seconds, named zones, a trailing `(CST)` comment, dashes between day, month and year.
    public static func parse(_ text: String) -> MailDate? {
        if let strict = strict(text) { return strict }
        return general(text)
    }

    /// The general reading, token by token (`parse` tries the strict form first).
    static func general(_ text: String) -> MailDate? {
        var cleaned = text
        if let paren = cleaned.firstIndex(of: "(") { cleaned = String(cleaned[..<paren]) }
        if let comma = cleaned.firstIndex(of: ",") { cleaned = String(cleaned[cleaned.index(after: comma)...]) }
        // Foundation's replacing only where there is a dash to replace (it round-trips through
        // NSString; most dates have none).
        if cleaned.utf8.contains(UInt8(ascii: "-")) { cleaned = cleaned.replacingOccurrences(of: "-", with: " -") }
        let tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map { String($0) }
        // Re-join a "-0800" zone that the dash split produced.
        var parts: [String] = []
        for token in tokens {
            if token == "-" { continue }
            parts.append(token)
        }
        var day: Int?, month: Int?, year: Int?, hour = 0, minute = 0, second = 0, offset = 0
        var sawTime = false
        for raw in parts {
            let isZone = sawTime && (raw.hasPrefix("+") || raw.hasPrefix("-")) && raw.count == 5
            let token = raw.hasPrefix("-") && !isZone ? String(raw.dropFirst()) : raw
            let lower = token.lowercased()
            if let index = months.firstIndex(where: { lower.hasPrefix($0) }), month == nil {
                month = index + 1
            } else if token.utf8.contains(UInt8(ascii: ":")), token.contains(":"), !sawTime {
                let pieces = token.split(separator: ":").compactMap { Int($0) }
                guard pieces.count >= 2 else { return nil }
                hour = pieces[0]; minute = pieces[1]; second = pieces.count > 2 ? pieces[2] : 0
                sawTime = true
            } else if isZone || (sawTime && token.hasPrefix("+") && token.count == 5), let value = Int(token.dropFirst()) {
                let sign = token.hasPrefix("-") ? -1 : 1
                offset = sign * ((value / 100) * 3600 + (value % 100) * 60)
            } else if let hours = zones[lower] {
                offset = hours * 3600
            } else if let number = Int(token) {
                if day == nil && number >= 1 && number <= 31 && token.count <= 2 { day = number }
                else if year == nil { year = number < 50 ? 2000 + number : (number < 100 ? 1900 + number : number) }
            }
        }
        guard let day, let month, let year else { return nil }
        return make(day: day, month: month, year: year, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// The form nearly every mailer writes, `Tue, 17 Mar 2026 09:30:11 +0800` (weekday and
    /// seconds optional, a comment after the zone), read off the bytes; nil for anything else,
    /// which `general` reads. Splitting into tokens, lower-casing and comparing each with every
    /// month name cost sixty thousand instructions a message.
    static func strict(_ text: String) -> MailDate? {
        let bytes = Array(text.utf8)
        var index = 0
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9") }
        func number(_ width: ClosedRange<Int>) -> Int? {
            var value = 0, count = 0
            while count < width.upperBound, isDigit(index) {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
                count += 1
            }
            return width.contains(count) ? value : nil
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func isLetter(_ at: Int) -> Bool { at < bytes.count && (bytes[at] | 0x20) >= UInt8(ascii: "a") && (bytes[at] | 0x20) <= UInt8(ascii: "z") }
        // "Tue, " (any three letters: the general reading drops what comes before the comma).
        if isLetter(0) {
            guard isLetter(1), isLetter(2), bytes.count > 4, bytes[3] == UInt8(ascii: ","), bytes[4] == UInt8(ascii: " ") else { return nil }
            index = 5
        }
        guard let day = number(1...2), skip(UInt8(ascii: " ")), isLetter(index), isLetter(index + 1), isLetter(index + 2) else { return nil }
        let name = String(decoding: bytes[index..<(index + 3)].map { $0 | 0x20 }, as: UTF8.self)
        guard let monthIndex = months.firstIndex(of: name) else { return nil }
        index += 3
        guard skip(UInt8(ascii: " ")), let year = number(4...4), skip(UInt8(ascii: " ")),
              let hour = number(2...2), skip(UInt8(ascii: ":")), let minute = number(2...2) else { return nil }
        var second = 0
        if skip(UInt8(ascii: ":")) {
            guard let value = number(2...2) else { return nil }
            second = value
        }
        guard skip(UInt8(ascii: " ")), index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
        let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
        index += 1
        guard let zone = number(4...4) else { return nil }
        // Only spaces, or spaces and a comment, may follow.
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index == bytes.count || bytes[index] == UInt8(ascii: "(") else { return nil }
        return make(day: day, month: monthIndex + 1, year: year, hour: hour, minute: minute, second: second,
                    offset: sign * ((zone / 100) * 3600 + (zone % 100) * 60))
    }

    private static func make(day: Int, month: Int, year: Int, hour: Int, minute: Int, second: Int, offset: Int) -> MailDate? {
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        guard (1...12).contains(month), day >= 1, day <= 31, (1000...9999).contains(year) else { return nil }
        // Days since 1970-01-01 (Howard Hinnant's days_from_civil): Calendar.date(from:) was a
        // twentieth of the whole parse time.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return MailDate(date: date, utcOffsetSeconds: offset)
    }

    /// RFC 5322 form in the given offset, for outgoing mail: `Tue, 17 Mar 2026 09:30:11 +0800`.
    public static func format(_ date: Date, utcOffsetSeconds: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: utcOffsetSeconds) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let absolute = abs(utcOffsetSeconds)
        let zone = sign + two(absolute / 3600) + two((absolute % 3600) / 60)
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(parts.day ?? 1) \(monthNames[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) \(zone)"
    }
}
