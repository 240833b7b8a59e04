public import Foundation
public import IntakeExtraction
public import IntakeModel
public import Logging
import IntakeCurl
import Synchronization

/// The order desk: its services over one store, one configuration and one clock. One per
/// process. Each service owns one part of the work and names the others it needs; the desk
/// builds them and runs the cycle that goes through them in turn.
public final class Desk: Sendable {
    public let context: DeskContext
    /// Sources polled, items stored and extracted.
    public let intake: IntakeService
    /// The queue: details, edits, approvals, rejections.
    public let review: ReviewService
    /// Confirmations composed, the outbox and its delivery.
    public let outbox: OutboxService
    /// Lifecycle steps, change requests, complaint cases, status imports.
    public let followUp: FollowUpService
    public let surveys: SurveyService
    public let reports: ReportService
    /// This process as one of the desk's workers: heartbeat and source leases.
    public let workers: WorkerService

    public var configuration: DeskConfiguration { context.configuration }
    public var store: any DeskStore { context.store }
    public var master: MasterData { context.master }
    public var logger: Logger { context.logger }
    public var actor: String { context.actor }

    /// A desk on the store given (tests give one in memory).
    public init(configuration: DeskConfiguration, store: any DeskStore, logger: Logger, actor: String? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) async throws(IntakeError) {
        let environment = ProcessInfo.processInfo.environment
        let master: MasterData
        do {
            master = try configuration.loadMasterData()
        } catch {
            throw IntakeError(code: .configuration, message: "configuration error: \(error.description)")
        }
        let context = DeskContext(configuration: configuration, store: store, master: master, logger: logger,
                                  actor: actor ?? environment["INTAKE_USER"] ?? environment["USER"] ?? "assistant", clock: clock)
        let mailer = OrderMailer(context: context)
        self.context = context
        self.intake = IntakeService(context: context)
        self.review = ReviewService(context: context, mailer: mailer)
        let workers = WorkerService(context: context)
        self.workers = workers
        self.outbox = OutboxService(context: context, mailer: mailer, workers: workers)
        self.followUp = FollowUpService(context: context, mailer: mailer)
        self.surveys = SurveyService(context: context, mailer: mailer)
        self.reports = ReportService(context: context)
    }

    /// A moment as the desk reads it, in its time zone (`yyyy-MM-dd`, `MM-dd HH:mm`, …).
    public func format(_ date: Date, _ pattern: String) -> String {
        context.format(date, pattern)
    }
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

extension Desk {
    /// Readies the process for transfers: libcurl's global set-up, SIGPIPE ignored. Once, first
    /// thing in `main`, before any other thread exists.
    public static func prepareProcess() throws(IntakeError) {
        do {
            try Curl.initialize()
        } catch {
            throw IntakeError(code: .io, message: error.message)
        }
    }
}
