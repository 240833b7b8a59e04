import Foundation
import IntakeExtraction
import IntakeModel
import Logging
import ServiceLifecycle

/// A desk service: one part of the desk's work (intake, review, outbox, follow-up, surveys,
/// reports) over the shared `DeskContext`. The conveniences here are what every part needs —
/// the store in transactions, the desk's clock and calendar — so each service states only the
/// other services it depends on.
protocol DeskPart: Sendable {
    var context: DeskContext { get }
}

extension DeskPart {
    var configuration: DeskConfiguration { context.configuration }
    var store: any DeskStore { context.store }
    var master: MasterData { context.master }
    var logger: Logger { context.logger }
    var actor: String { context.actor }
    var clock: @Sendable () -> Date { context.clock }

    /// Runs `body` in one store transaction (`DeskStore.transaction`): everything it writes
    /// commits together, or nothing when it throws. Store failures become `IntakeError`s with the
    /// same message; an `IntakeError` thrown by `body` comes out as it is.
    @discardableResult
    func writing<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws(IntakeError) -> T {
        do {
            return try await store.transaction(body)
        } catch {
            throw DeskContext.intakeError(error)
        }
    }

    /// Runs `body` against one consistent view of the store.
    func reading<T: Sendable>(_ body: @escaping @Sendable (any StoreReading) throws -> T) async throws(IntakeError) -> T {
        do {
            return try await store.read(body)
        } catch {
            throw DeskContext.intakeError(error)
        }
    }

    /// Everything committed so far on disk for good, before a source or a server is told so.
    func flushToDisk() async throws(IntakeError) {
        do { try await store.flushToDisk() } catch { throw DeskContext.intakeError(error) }
    }

    /// An order by number, or `notFound` saying where to look.
    func storedOrder(_ number: OrderNumber) async throws(IntakeError) -> Order {
        guard let order = try await reading({ try $0.order(number) }) else {
            throw IntakeError(code: .notFound, message: "there is no order \(number); see intake queue list --all")
        }
        return order
    }

    /// The calendar year of a moment in the desk's time zone (order numbers count per year).
    func deskYear(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.desk.timeZone
        return calendar.component(.year, from: date)
    }

    /// A moment as the desk reads it, in its time zone (`yyyy-MM-dd`, `MM-dd HH:mm`, …).
    func format(_ date: Date, _ pattern: String) -> String {
        DeskCalendar.format(date, pattern, timeZone: configuration.desk.timeZone)
    }

    func deskDay(_ date: Date) -> String { format(date, "yyyy-MM-dd") }

    /// True once the task is cancelled or the service is shutting down: long polls stop between
    /// two items (everything taken so far is committed and its place saved).
    static var stopping: Bool {
        Task.isCancelled || Task.isShuttingDownGracefully
    }
}

/// Dates as the desk reads them, in its time zone.
enum DeskCalendar {
    static func format(_ date: Date, _ pattern: String, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
