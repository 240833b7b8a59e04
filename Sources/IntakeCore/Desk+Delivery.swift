import Foundation
public import IntakeStore

/// What one delivery run did.
public struct DeliveryReport: Sendable {
    public var sent: [OutboxRecord] = []
    public var failed: [(OutboxRecord, String)] = []
    /// Messages that wait for a later attempt (a temporary refusal, the flood guard).
    public var waiting: [(OutboxRecord, String)] = []
    /// Messages found in `sending` after a crash and settled before anything else was sent.
    public var reconciled: Int = 0
}

extension Desk {
    /// Sends what is due. The `directory` method writes each message as `<order>-<purpose>-<id>.eml`
    /// (to a temporary name, then renamed), so a reader never sees half a message; a message left
    /// in `sending` by a crash is settled first by looking for its file.
    /// The `smtp` method is `deliverBySMTP`.
    public func deliverDue() async throws(IntakeError) -> DeliveryReport {
        var report = DeliveryReport()
        let folder = configuration.delivery.directory
        // One deliverer at a time: a message found in `sending` while holding this lock was left by
        // a process that died, never one that is still sending it.
        let lockPath = (configuration.dataDirectory as NSString).appendingPathComponent("delivery.lock")
        let lock: FileLock?
        do { lock = try FileLock(path: lockPath, mode: .wait) } catch {
            throw IntakeError(code: .io, message: error.message)
        }
        defer { withExtendedLifetime(lock) {} }
        if configuration.delivery.method == .smtp {
            try await deliverBySMTP(report: &report)
            return report
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw IntakeError(code: .deliveryFailed, message: "cannot create the outgoing folder \(folder): \(error.localizedDescription)")
        }
        for (record, _) in try storeCall({ () throws(StoreError) in try store.interruptedSends() }) {
            let path = fileName(record, folder: folder)
            let written = FileManager.default.fileExists(atPath: path)
            try storeCall { () throws(StoreError) in
                try store.finishDelivery(id: record.id, state: written ? .sent : .queued,
                                         reply: written ? "found written after an interruption" : "interrupted before it was written; queued again",
                                         deliveredTo: written ? path : nil, actor: "intake")
            }
            report.reconciled += 1
        }
        // Claims come in batches so that a huge backlog is not held in memory at once.
        while true {
            let batch = try storeCall { () throws(StoreError) in try store.claimDue(now: clock(), limit: 100) }
            if batch.isEmpty { break }
            try deliver(batch, to: folder, report: &report)
        }
        return report
    }

    private func deliver(_ batch: [(OutboxRecord, [UInt8])], to folder: String, report: inout DeliveryReport) throws(IntakeError) {
        for (record, bytes) in batch {
            let path = fileName(record, folder: folder)
            let temporary = (folder as NSString).appendingPathComponent(".\(record.id).tmp")
            if FileManager.default.createFile(atPath: temporary, contents: Data(bytes)), rename(temporary, path) == 0 {
                try storeCall { () throws(StoreError) in try store.finishDelivery(id: record.id, state: .sent, reply: "written", deliveredTo: path, actor: "intake") }
                var sent = record
                sent.state = .sent
                sent.deliveredTo = path
                report.sent.append(sent)
                logger.info("delivered \(record.messageID) to \(path)", metadata: ["outbox.id": "\(record.id)"])
            } else {
                let reason = "cannot write \(path): \(String(cString: strerror(errno)))"
                try? FileManager.default.removeItem(atPath: temporary)
                try storeCall { () throws(StoreError) in
                    try store.finishDelivery(id: record.id, state: .retry, reply: reason, deliveredTo: nil, nextAttemptAt: clock().addingTimeInterval(300), actor: "intake")
                }
                report.failed.append((record, reason))
            }
        }
    }

    func fileName(_ record: OutboxRecord, folder: String) -> String {
        let stem = [record.orderNumber?.description, record.purpose, String(record.id)].compactMap { $0 }.joined(separator: "-")
        return (folder as NSString).appendingPathComponent(stem + ".eml")
    }

    /// The outbox, newest last.
    public func outbox(states: [OutboxState]? = nil) throws(IntakeError) -> [OutboxRecord] {
        try storeCall { () throws(StoreError) in try store.outbox(states: states) }
    }

    /// One outgoing message in full: its record, recipients, events and header section.
    public func outboxMessage(id: Int64) throws(IntakeError) -> OutboxDetail {
        guard let (record, bytes) = try storeCall({ () throws(StoreError) in try store.outboxMessage(id: id) }) else {
            throw IntakeError(code: .notFound, message: "there is no outbox message \(id); see intake outbox list")
        }
        let recipients = try storeCall { () throws(StoreError) in try store.recipients(outboxID: id) }
        let events = try storeCall { () throws(StoreError) in try store.events(subject: "outbox:\(id)") }
        var headerEnd = bytes.count
        for index in 0..<max(0, bytes.count - 3) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            headerEnd = index
            break
        }
        return OutboxDetail(record: record, recipients: recipients, events: events, headers: String(decoding: bytes[..<headerEnd], as: UTF8.self), size: bytes.count)
    }

    /// `intake outbox retry ID`: due now again.
    public func retryOutbox(id: Int64) throws(IntakeError) {
        try storeCall { () throws(StoreError) in try store.retryNow(id: id, actor: actor) }
    }

    /// `intake outbox cancel ID`: never sent.
    public func cancelOutbox(id: Int64) throws(IntakeError) {
        try storeCall { () throws(StoreError) in try store.cancel(id: id, actor: actor) }
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
