public import Foundation
public import IntakeExtraction
public import IntakeModel
public import Logging
import IntakeCurl
import Synchronization

/// The order desk: configuration, master data and store together, with the operations the
/// command line offers. One per process.
public final class Desk: Sendable {
    public let configuration: DeskConfiguration
    /// Where the desk keeps everything; chosen by `init(configuration:logger:actor:clock:)`.
    public let store: any DeskStore
    public let master: MasterData
    public let logger: Logger
    /// Who is acting, for the event log (`INTAKE_USER`, else `USER`, else `assistant`).
    public let actor: String
    let clock: @Sendable () -> Date
    /// One libcurl session per mailbox source for the life of the desk, so its connection is reused.
    let sessions = SessionTable()
    /// Failing sources wait before the next attempt, so one broken account does not hold up the others.
    let health = SourceHealth()
    /// The SMTP server's SIZE from the last EHLO seen (a reused connection says no EHLO).
    let smtpLimits = SMTPLimits()

    /// A desk on the store given (tests give one in memory).
    public init(configuration: DeskConfiguration, store: any DeskStore, logger: Logger, actor: String? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) async throws(IntakeError) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        let environment = ProcessInfo.processInfo.environment
        self.actor = actor ?? environment["INTAKE_USER"] ?? environment["USER"] ?? "assistant"
        do {
            self.master = try configuration.loadMasterData()
        } catch {
            throw IntakeError(code: .configuration, message: "configuration error: \(error.description)")
        }
        self.store = store
    }

    func mailboxSession(for source: String) -> CurlSession {
        sessions.session(for: source)
    }

    /// Runs `body` in one store transaction (`DeskStore.transaction`): everything it writes
    /// commits together, or nothing when it throws. Store failures become `IntakeError`s with the
    /// same message; an `IntakeError` thrown by `body` comes out as it is.
    @discardableResult
    func writing<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws(IntakeError) -> T {
        do {
            return try await store.transaction(body)
        } catch {
            throw Self.intakeError(error)
        }
    }

    /// Runs `body` against one consistent view of the store.
    func reading<T: Sendable>(_ body: @escaping @Sendable (any StoreReading) throws -> T) async throws(IntakeError) -> T {
        do {
            return try await store.read(body)
        } catch {
            throw Self.intakeError(error)
        }
    }

    /// A store failure in the desk's words: a missing row is `notFound`, a broken rule an
    /// illegal transition, a conflict something already done.
    static func intakeError(_ error: any Error) -> IntakeError {
        if let error = error as? IntakeError { return error }
        guard let error = error as? StoreError else { return IntakeError(code: .storeFailed, message: "the store failed: \(error)") }
        switch error.code {
        case .notFound: return IntakeError(code: .notFound, message: error.message)
        case .rule: return IntakeError(code: .illegalTransition, message: error.message)
        case .conflict: return IntakeError(code: .alreadyDone, message: error.message)
        default: return IntakeError(code: .storeFailed, message: error.message)
        }
    }

    /// The calendar year of a moment in the desk's time zone (order numbers count per year).
    func deskYear(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.desk.timeZone
        return calendar.component(.year, from: date)
    }

    /// A moment as the desk reads it, in its time zone (`yyyy-MM-dd`, `MM-dd HH:mm`, …).
    public func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = configuration.desk.timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    func deskDay(_ date: Date) -> String { format(date, "yyyy-MM-dd") }
}

/// The curl sessions of a desk, one per source name.
final class SessionTable: Sendable {
    private let sessions = Mutex<[String: CurlSession]>([:])

    func session(for source: String) -> CurlSession {
        sessions.withLock { table in
            if let existing = table[source] { return existing }
            let created = CurlSession(label: source)
            table[source] = created
            return created
        }
    }
}

/// Back-off per source: 30 s after the first failure, doubling up to 30 minutes; a success resets it.
final class SMTPLimits: Sendable {
    private let size = Mutex<Int?>(nil)
    func set(_ value: Int) { size.withLock { $0 = value } }
    func get() -> Int? { size.withLock { $0 } }
}

final class SourceHealth: Sendable {
    private let state = Mutex<[String: (failures: Int, until: Date)]>([:])

    /// When the source may be tried again, or nil when it may be tried now.
    func backOff(_ source: String, now: Date) -> Date? {
        state.withLock { table in
            guard let entry = table[source], entry.until > now else { return nil }
            return entry.until
        }
    }

    func failed(_ source: String, now: Date) -> Date {
        state.withLock { table in
            let failures = (table[source]?.failures ?? 0) + 1
            let delay = min(1800.0, 30.0 * pow(2.0, Double(min(failures - 1, 10))))
            let until = now.addingTimeInterval(delay)
            table[source] = (failures, until)
            return until
        }
    }

    func succeeded(_ source: String) {
        state.withLock { table in table[source] = nil }
    }
}
