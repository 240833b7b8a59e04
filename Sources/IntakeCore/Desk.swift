public import Foundation
public import IntakeExtraction
import IntakeModel
public import IntakeStore
public import Logging
import IntakeCurl
import Synchronization

/// The order desk: configuration, master data and store together, with the operations the
/// command line offers. One per process.
public final class Desk: Sendable {
    public let configuration: DeskConfiguration
    public let store: IntakeStore
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

    public init(configuration: DeskConfiguration, logger: Logger, actor: String? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) throws(IntakeError) {
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
        do {
            // A folder that has held a desk never gets a new, empty store (`DeskMarker`).
            self.store = try IntakeStore(databaseFile: configuration.databaseFile,
                                         originalsDirectory: (configuration.dataDirectory as NSString).appendingPathComponent("originals")) {
                let evidence = DeskMarker.evidence(configuration)
                return evidence.isEmpty ? nil : "this data folder has held a desk (\(evidence.joined(separator: "; ")))"
            }
        } catch {
            throw IntakeError(code: error.code == .storeMissing ? .storeMissing : .storeFailed, message: error.message)
        }
        try DeskMarker.settle(configuration, store: store)
    }

    func mailboxSession(for source: String) -> CurlSession {
        sessions.session(for: source)
    }

    /// Runs `body` in one store transaction (`IntakeStore.batch`): all of its store calls commit
    /// together, or none when it throws.
    func storeBatch<T>(_ body: () throws(IntakeError) -> T) throws(IntakeError) -> T {
        do {
            // A failure ends the batch (nothing of it is kept): no savepoint per write.
            return try store.batch(allOrNothing: true, body)
        } catch let error as IntakeError {
            throw error
        } catch let error as StoreError {
            throw IntakeError(code: .storeFailed, message: error.message)
        } catch {
            throw IntakeError(code: .storeFailed, message: "the store could not commit: \(error)")
        }
    }

    /// Runs a store call, turning its failure into an `IntakeError` with the same message.
    func storeCall<T>(_ body: () throws(StoreError) -> T) throws(IntakeError) -> T {
        do { return try body() } catch {
            switch error.code {
            case .notFound: throw IntakeError(code: .notFound, message: error.message)
            case .rule: throw IntakeError(code: .illegalTransition, message: error.message)
            case .conflict: throw IntakeError(code: .alreadyDone, message: error.message)
            default: throw IntakeError(code: .storeFailed, message: error.message)
            }
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
