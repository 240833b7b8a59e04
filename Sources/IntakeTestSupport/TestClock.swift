public import Foundation
import Synchronization

/// A clock tests move forward, for a desk's `clock:` (surveys after days, reports by month).
public final class TestClock: Sendable {
    private let now: Mutex<Date>

    /// Starts at `start` (ISO 8601), 2026-12-01 09:00 Taipei by default.
    public init(_ start: String = "2026-12-01T09:00:00+08:00") {
        now = Mutex(ISO8601DateFormatter().date(from: start) ?? Date())
    }

    public func advance(days: Double) { now.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }

    public var date: Date { now.withLock { $0 } }
}
