import Foundation
public import IntakeModel


/// What one delivery run did.
public struct DeliveryReport: Sendable {
    public var sent: [OutboxRecord] = []
    public var failed: [(OutboxRecord, String)] = []
    /// Messages that wait for a later attempt (a temporary refusal, the flood guard).
    public var waiting: [(OutboxRecord, String)] = []
    /// Messages found in `sending` after a crash and settled before anything else was sent.
    public var reconciled: Int = 0
}

/// The desk's outbox: confirmations composed for approved orders, the queue of outgoing mail,
/// and its delivery through the configured `MailTransport`.
public struct OutboxService: DeskPart {
    let context: DeskContext
    let mailer: OrderMailer
    /// How due mail leaves: written to a folder, or sent over SMTP (`delivery.method`).
    let transport: any MailTransport
    /// The desk's workers: on a shared store one of them delivers at a time (`deliverDue`).
    let workers: WorkerService

    init(context: DeskContext, mailer: OrderMailer, workers: WorkerService, transport: (any MailTransport)? = nil) {
        self.context = context
        self.mailer = mailer
        self.workers = workers
        self.transport = transport ?? (context.configuration.delivery.method == .smtp
            ? SMTPTransport(context: context) as any MailTransport : DirectoryTransport(context: context))
    }

    /// Sends what is due through the transport. One deliverer at a time: a message found in
    /// `sending` by the deliverer was left by a process that died, never one that is still
    /// sending it, so the transport may settle it. On one machine the deliverer holds a lock file
    /// in the data folder; on a shared store, where each worker has a data folder of its own, it
    /// holds the desk's delivery lease (`WorkerService.holding`), and a worker that finds another
    /// delivering leaves the round to it.
    ///
    /// Each message is claimed (moved to `sending`) just before its own transfer and its outcome
    /// recorded right after, so a crash leaves at most the one message in flight in `sending`.
    public func deliverDue() async throws(IntakeError) -> DeliveryReport {
        let lockPath = (configuration.dataDirectory as NSString).appendingPathComponent("delivery.lock")
        let lock: FileLock?
        do { lock = try FileLock(path: lockPath, mode: .wait) } catch {
            throw IntakeError(code: .io, message: error.message)
        }
        defer { withExtendedLifetime(lock) {} }
        guard configuration.store.kind == .postgres else {
            var report = DeliveryReport()
            try await transport.deliverDue(report: &report)
            return report
        }
        let transport = transport
        let delivered = try await workers.holding(WorkerService.deliveryLease) { @Sendable () async throws(IntakeError) -> DeliveryReport in
            var report = DeliveryReport()
            try await transport.deliverDue(report: &report)
            return report
        }
        return delivered ?? DeliveryReport()
    }

    /// The outbox, newest last.
    public func list(states: [OutboxState]? = nil) async throws(IntakeError) -> [OutboxRecord] {
        try await reading { try $0.outbox(states: states) }
    }

    /// One outgoing message in full: its record, recipients, events and header section.
    public func message(id: Int64) async throws(IntakeError) -> OutboxDetail {
        guard let (record, bytes) = try await reading({ try $0.outboxMessage(id: id) }) else {
            throw IntakeError(code: .notFound, message: "there is no outbox message \(id); see intake outbox list")
        }
        let (recipients, events) = try await reading { store in (try store.recipients(outboxID: id), try store.events(subject: "outbox:\(id)")) }
        var headerEnd = bytes.count
        for index in 0..<max(0, bytes.count - 3) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            headerEnd = index
            break
        }
        return OutboxDetail(record: record, recipients: recipients, events: events, headers: String(decoding: bytes[..<headerEnd], as: UTF8.self), size: bytes.count)
    }

    /// `intake outbox retry ID`: due now again.
    public func retry(id: Int64) async throws(IntakeError) {
        let actor = self.actor
        try await writing { try $0.retryNow(id: id, actor: actor) }
    }

    /// `intake outbox cancel ID`: never sent.
    public func cancel(id: Int64) async throws(IntakeError) {
        let actor = self.actor
        try await writing { try $0.cancel(id: id, actor: actor) }
    }
}

/// What `intake outbox show` prints.
public struct OutboxDetail: Sendable, Encodable {
    public var record: OutboxRecord
    public var recipients: [OutboxRecipient]
    public var events: [EventRecord]
    public var headers: String
    public var size: Int
}
