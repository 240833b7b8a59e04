public import Foundation

/// Reads the dates SQLite stores hold as text (`yyyy-MM-dd HH:mm:ss.SSS`, UTC, as GRDB writes
/// them; also without fractions, or with a `T`), for a copy to a store with real dates.
public enum SQLiteDateText {
    public static func parse(_ text: String) -> Date? {
        let parts = text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "").split(separator: " ")
        guard parts.count == 2 else { return nil }
        let day = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":")
        guard day.count == 3, time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let seconds = Double(time[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: DateComponents(year: day[0], month: day[1], day: day[2], hour: hour, minute: minute)) else { return nil }
        return start.addingTimeInterval(seconds)
    }
}
