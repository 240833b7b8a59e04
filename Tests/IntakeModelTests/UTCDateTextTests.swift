import Foundation
import IntakeModel
import IntakeTestSupport
import Testing

/// `UTCDateText` against the Foundation formatters it replaces.
@Suite struct UTCDateTextTests {
    /// GRDB's storage formatter for `Date` columns, as GRDB configures it.
    static let sqliteFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter
    }()

    static var moments: [Date] {
        var dates = [0, 0.0004, 0.0005, 0.0009999, 0.9995, 0.9999999, -0.0001, -0.5, -1.0005, 86_399.9999, 951_782_399.999_5,
                     -978_307_200, -978_307_200.0015, 1_000_000_000.123_456, 2_000_000_000.999_9, 8_000_000_000.5]
            .map { Date(timeIntervalSinceReferenceDate: $0) }
        // A seeded walk over four centuries, fractions included.
        var generator = SeededGenerator(seed: 20_261_206)
        for _ in 0..<5000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...4_102_444_800, using: &generator)))
        }
        dates.append(Date.distantPast)
        dates.append(Date.distantFuture)
        return dates
    }

    @Test func sqliteTextIsWhatGRDBsFormatterWrites() {
        var differing: [String] = []
        for date in Self.moments where UTCDateText.sqlite(date) != Self.sqliteFormatter.string(from: date) {
            differing.append("\(date.timeIntervalSinceReferenceDate): \(UTCDateText.sqlite(date)) vs \(Self.sqliteFormatter.string(from: date))")
        }
        let count = differing.count
        #expect(count == 0, Comment(rawValue: differing.prefix(5).joined(separator: "; ")))
    }

    @Test func iso8601TextIsWhatFoundationsFormatStyleWrites() {
        var differing: [String] = []
        for date in Self.moments where UTCDateText.iso8601(date) != date.formatted(Date.ISO8601FormatStyle()) {
            differing.append("\(date.timeIntervalSinceReferenceDate): \(UTCDateText.iso8601(date)) vs \(date.formatted(Date.ISO8601FormatStyle()))")
        }
        let count = differing.count
        #expect(count == 0, Comment(rawValue: differing.prefix(5).joined(separator: "; ")))
    }
}
