import Foundation
import IntakeModel

/// The `directory` delivery method: each message is written as `<order>-<purpose>-<id>.eml`
/// through `OutgoingFolder` (temporary, fsync, `link`), so a reader never sees half a message and
/// no file is ever written over; temporaries a killed run left are removed first, and a message
/// left in `sending` by a crash is settled by looking for its file.
struct DirectoryTransport: MailTransport, DeskPart {
    let context: DeskContext

    func deliverDue(report: inout DeliveryReport) async throws(IntakeError) {
        let folder = configuration.delivery.directory
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw IntakeError(code: .deliveryFailed, message: "cannot create the outgoing folder \(folder): \(error.localizedDescription)")
        }
        let outgoing = OutgoingFolder(path: folder)
        let removed = outgoing.removeTemporaries()
        if !removed.isEmpty { logger.info("removed \(removed.count) temporary files an interrupted delivery left in \(folder)") }
        for (record, bytes) in try await reading({ try $0.interruptedSends() }) {
            let path = fileName(record, folder: folder)
            let existing = FileManager.default.contents(atPath: path).map { Array($0) }
            let (state, reply): (OutboxState, String) = switch existing {
            case .none: (.queued, "interrupted before it was written; queued again")
            case .some(bytes): (.sent, "found written after an interruption")
            case .some: (.failed, Self.nameTakenReason(path, id: record.id))
            }
            let now = clock()
            try await writing { store in
                try store.finishDelivery(id: record.id, state: state, reply: reply, deliveredTo: state == .sent ? path : nil, nextAttemptAt: nil,
                                         actor: "intake", at: now, recipients: [])
            }
            if state == .failed { report.failed.append((record, reply)) }
            report.reconciled += 1
        }
        // Listed in batches so that a huge backlog is not held in memory at once; each run goes
        // through the due messages once, in id order.
        var lastID: Int64 = 0
        // Cancelled (this worker lost the delivery lease): no further message is claimed.
        while !Task.isCancelled {
            let (now, after) = (clock(), lastID)
            let batch = try await reading { try $0.dueMessages(now: now, afterID: after, limit: 100) }
            guard let last = batch.last else { break }
            lastID = last.0.id
            for (listed, bytes) in batch where !Task.isCancelled {
                let claimedAt = clock()
                guard let record = try await writing({ try $0.claim(id: listed.id, now: claimedAt) }) else { continue }
                try await deliver(record, bytes: bytes, to: outgoing, report: &report)
            }
        }
    }

    /// Writes one claimed message and records the outcome at once.
    private func deliver(_ record: OutboxRecord, bytes: [UInt8], to outgoing: OutgoingFolder, report: inout DeliveryReport) async throws(IntakeError) {
        let path = fileName(record, folder: outgoing.path)
        let outcome: Result<OutgoingFolder.Outcome, IntakeError>
        do throws(IntakeError) { outcome = .success(try outgoing.write(bytes, to: path, id: record.id)) } catch { outcome = .failure(error) }
        let now = clock()
        switch outcome {
        case .success(.written):
            try await writing { store in
                try store.finishDelivery(id: record.id, state: .sent, reply: "written", deliveredTo: path, nextAttemptAt: nil, actor: "intake", at: now, recipients: [])
            }
            var sent = record
            sent.state = .sent
            sent.deliveredTo = path
            report.sent.append(sent)
            logger.info("delivered \(record.messageID) to \(path)", metadata: ["outbox.id": "\(record.id)"])
        case .success(.nameTaken):
            // Never written over: someone must look at the file that is there.
            let reason = Self.nameTakenReason(path, id: record.id)
            try await writing { store in
                try store.finishDelivery(id: record.id, state: .failed, reply: reason, deliveredTo: nil, nextAttemptAt: nil, actor: "intake", at: now, recipients: [])
            }
            report.failed.append((record, reason))
            logger.error("outbox \(record.id) failed: \(reason)", metadata: ["outbox.id": "\(record.id)"])
        case .failure(let error):
            try await writing { store in
                try store.finishDelivery(id: record.id, state: .retry, reply: error.message, deliveredTo: nil, nextAttemptAt: now.addingTimeInterval(300),
                                         actor: "intake", at: now, recipients: [])
            }
            report.failed.append((record, error.message))
        }
    }

    static func nameTakenReason(_ path: String, id: Int64) -> String {
        "\(path) already exists and is not this message; it was not overwritten. Move that file out of the folder, then run intake outbox retry \(id)"
    }

    func fileName(_ record: OutboxRecord, folder: String) -> String {
        let stem = [record.orderNumber?.description, record.purpose.rawValue, String(record.id)].compactMap { $0 }.joined(separator: "-")
        return (folder as NSString).appendingPathComponent(stem + ".eml")
    }
}
