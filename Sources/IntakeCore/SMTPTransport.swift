import Foundation
import IntakeModel
import IntakeCurl
import Synchronization

/// The `smtp` delivery method. Before anything is claimed the server is probed (connect,
/// STARTTLS, login, EHLO): with a wrong password or no STARTTLS the messages stay queued and
/// the error says why. Then, message by message over the one reused connection: checks,
/// the flood guard, one transaction per recipient still pending, and the message's next state
/// from the answers — `sent`, `retry` (4xx or the network, with back-off and jitter, until
/// `retry_for_hours`) or `failed` (5xx, with the server's reply).
struct SMTPTransport: MailTransport, DeskPart {
    let context: DeskContext
    /// The SMTP server's SIZE from the last EHLO seen (a reused connection says no EHLO).
    let limits = SMTPLimits()

    func deliverDue(report: inout DeliveryReport) async throws(IntakeError) {
        let sender = try smtpSender()
        try await reconcileInterruptedSends(report: &report)
        let server: SMTPServerInfo
        do {
            server = try await sender.probe()
        } catch {
            throw IntakeError(code: .deliveryFailed, message: "SMTP server \(sender.endpoint.server): \(error.message); nothing was sent, the messages stay queued")
        }
        if let size = server.maxMessageSize { limits.set(size) }
        // The batch runs on the connection's own thread: a transfer then costs no thread hops.
        try await withTaskExecutorPreference(sender.executor) { () async throws(IntakeError) in
            try await sendDue(with: sender, report: &report)
        }
    }

    /// Each message is claimed just before its transfer: a crash then leaves only the message
    /// that was on the wire in `sending`, and only that one is flagged as a possible repeat. A
    /// message's outcome is committed in the same transaction that claims the next one (or on
    /// its own after the last), so each message costs one commit, as when a batch was claimed
    /// at once; a crash between a transfer and that commit leaves the message in `sending`,
    /// which is what it is: sent or not, unrecorded.
    private func sendDue(with sender: SMTPSender, report: inout DeliveryReport) async throws(IntakeError) {
        var lastID: Int64 = 0
        var unrecorded: DeliveryOutcome?
        while true {
            // The last page's final outcome is committed before the next page is read: a failed
            // read must not take an outcome the server already gave with it.
            _ = try await record(unrecorded, thenClaim: nil)
            unrecorded = nil
            // Cancelled (this worker lost the delivery lease): no further message is claimed.
            if Task.isCancelled { break }
            let (now, after) = (clock(), lastID)
            let batch = try await reading { try $0.dueMessages(now: now, afterID: after, limit: 100) }
            guard let last = batch.last else { break }
            lastID = last.0.id
            // What each message still has to reach, and what each address got in the last hour,
            // read once per batch; the counts are kept up to date here as messages go.
            let recipients = try await reading { try $0.recipients(outboxIDs: batch.map(\.0.id)) }
            let addresses = Set(recipients.values.flatMap { $0.filter { $0.state == .pending }.map(\.address) })
            let hourAgo = clock().addingTimeInterval(-3600)
            var recent = try await reading { try $0.sentCounts(to: addresses, since: hourAgo) }
            for (listed, bytes) in batch where !Task.isCancelled {
                let claimed = try await record(unrecorded, thenClaim: listed.id)
                unrecorded = nil
                guard let record = claimed else { continue }
                do {
                    let pending = (recipients[record.id] ?? []).filter { $0.state == .pending }.map(\.address)
                    unrecorded = try await send(record, bytes: bytes, to: pending, recent: &recent, with: sender, report: &report)
                } catch {
                    // Only the claimed message is put back; the rest of the batch was never claimed.
                    try await putBack([record], after: error)
                    let waiting = batch.filter { $0.0.id >= record.id }.count
                    throw IntakeError(code: .deliveryFailed, message: "SMTP server \(sender.endpoint.server): \(error.message); \(waiting) messages wait for the next attempt")
                }
            }
        }
    }

    /// Commits the last message's outcome and claims the next message (if one is named) in one
    /// store transaction; returns the claimed message, nil when it is no longer due. A store
    /// failure stops the run: the message whose outcome was not recorded stays in `sending` and
    /// the next run settles it.
    private func record(_ outcome: DeliveryOutcome?, thenClaim id: Int64?) async throws(IntakeError) -> OutboxRecord? {
        guard outcome != nil || id != nil else { return nil }
        do {
            let now = clock()
            return try await writing { store -> OutboxRecord? in
                if let outcome {
                    try store.finishDelivery(id: outcome.id, state: outcome.state, reply: outcome.reply, deliveredTo: outcome.deliveredTo,
                                             nextAttemptAt: outcome.next, actor: "intake", at: outcome.at, recipients: outcome.recipients)
                }
                guard let id else { return nil }
                return try store.claim(id: id, now: now)
            }
        } catch {
            guard let outcome else { throw error }
            // The claim took the outcome down with it: the outcome alone is still worth keeping.
            if id != nil, (try? await record(outcome, thenClaim: nil)) != nil { throw error }
            throw IntakeError(code: .storeFailed, message: "recording outbox \(outcome.id) (\(outcome.state.rawValue)) failed: \(error.message); the next run settles it")
        }
    }

    /// What a message's turn decided, until it is committed with the next claim.
    struct DeliveryOutcome: Sendable {
        var id: Int64
        var state: OutboxState
        var reply: String
        var next: Date?
        var deliveredTo: String?
        var recipients: [RecipientOutcome]
        var at: Date
    }

    /// A failure of the server itself, mid-batch: the message in hand is not at fault. Login and
    /// TLS problems put it back as it was (`queued`); the network makes it wait with back-off like
    /// a 4xx. The messages after it were never claimed and simply stay due.
    private func putBack(_ records: [OutboxRecord], after error: CurlError) async throws(IntakeError) {
        let configurationProblem = error.code == .authenticationFailed || error.code == .tlsFailed
        for record in records {
            let (now, next) = (clock(), configurationProblem ? nil : nextAttempt(after: record.attempts))
            try await writing { store in
                try store.finishDelivery(id: record.id, state: configurationProblem ? .queued : .retry, reply: error.message, deliveredTo: nil,
                                         nextAttemptAt: next, actor: "intake", at: now, recipients: [])
            }
        }
    }

    /// One message: what can be known before sending is checked first (a message that can never
    /// go fails at once, with the reason), then each pending recipient gets its own transaction,
    /// and the answers and the message's new state are recorded in one store transaction.
    private func send(_ record: OutboxRecord, bytes: [UInt8], to pending: [String], recent: inout [String: (count: Int, earliest: Date?)],
                      with sender: SMTPSender, report: inout DeliveryReport) async throws(CurlError) -> DeliveryOutcome {
        let now = clock()
        if let problem = OutgoingCheck.problem(bytes: bytes, recipients: pending, maxSize: limits.get()) {
            return finish(record, .failed, reply: problem, report: &report)
        }
        // The flood guard: an address that had its hourly share waits for the window to move.
        let limit = configuration.delivery.maxPerRecipientPerHour
        for address in pending {
            let (count, earliest) = recent[address] ?? (0, nil)
            if count >= limit {
                let until = (earliest ?? now).addingTimeInterval(3600 + 1)
                return finish(record, .retry, reply: "held back: \(address) already got \(count) messages in the last hour (delivery.smtp.max_per_recipient_per_hour: \(limit))",
                              next: until, report: &report)
            }
        }
        var outcomes: [RecipientOutcome] = []
        var sent = 0
        var refused: [String] = []
        var temporary: [String] = []
        for address in pending {
            let delivery: SMTPDelivery
            delivery = try await sender.send(from: configuration.desk.from.address, to: address, message: bytes)
            switch delivery {
            case .accepted(let reply):
                sent += 1
                outcomes.append(RecipientOutcome(address: address, state: .sent, reply: reply?.text))
                recent[address] = ((recent[address]?.count ?? 0) + 1, recent[address]?.earliest ?? now)
            case .refused(let reply):
                if reply.isPermanent { refused.append("\(address): \(reply.text)") } else { temporary.append("\(address): \(reply.text)") }
                outcomes.append(RecipientOutcome(address: address, state: reply.isPermanent ? .failed : .pending, reply: reply.text))
            }
        }
        let refusals = (refused + temporary).joined(separator: "; ")
        if !temporary.isEmpty {
            if now.timeIntervalSince(record.createdAt) > configuration.delivery.retryForHours * 3600 {
                return finish(record, .failed, reply: "given up after \(configuration.delivery.retryForHours) hours of temporary failures: \(refusals)", recipients: outcomes, report: &report)
            } else {
                return finish(record, .retry, reply: refusals, next: nextAttempt(after: record.attempts), recipients: outcomes, report: &report)
            }
        } else if sent == 0 && !pending.isEmpty {
            return finish(record, .failed, reply: refusals, recipients: outcomes, report: &report)
        } else {
            let outcome = finish(record, .sent, reply: refusals.isEmpty ? "accepted by \(sender.endpoint.server)" : "sent; refused: \(refusals)",
                       deliveredTo: sender.endpoint.server, recipients: outcomes, report: &report)
            await appendSentCopy(record, bytes: bytes)
            return outcome
        }
    }

    /// A message's outcome, told in the report now and committed with the next claim
    /// (`record(_:thenClaim:)`).
    private func finish(_ record: OutboxRecord, _ state: OutboxState, reply: String, next: Date? = nil, deliveredTo: String? = nil,
                        recipients: [RecipientOutcome] = [], report: inout DeliveryReport) -> DeliveryOutcome {
        let outcome = DeliveryOutcome(id: record.id, state: state, reply: reply, next: next, deliveredTo: deliveredTo, recipients: recipients, at: clock())
        var updated = record
        updated.state = state
        updated.lastReply = reply
        updated.nextAttemptAt = next
        switch state {
        case .sent:
            updated.deliveredTo = deliveredTo
            report.sent.append(updated)
            logger.info("sent \(record.messageID) (\(record.purpose))", metadata: ["outbox.id": "\(record.id)"])
        case .failed:
            report.failed.append((updated, reply))
            logger.error("outbox \(record.id) failed: \(reply)", metadata: ["outbox.id": "\(record.id)"])
        default:
            report.waiting.append((updated, reply))
            logger.warning("outbox \(record.id) waits until \(next.map { "\($0)" } ?? "later"): \(reply)", metadata: ["outbox.id": "\(record.id)"])
        }
        return outcome
    }

    /// Exponential back-off with jitter: about 1, 2, 4 … minutes, at most 6 hours, each ±20 %
    /// so that many messages held up together do not come back together.
    func nextAttempt(after attempts: Int) -> Date {
        let base = min(6 * 3600.0, 60 * pow(2, Double(max(0, min(attempts - 1, 20)))))
        return clock().addingTimeInterval(base * Double.random(in: 0.8...1.2))
    }

    /// Messages a crash left in `sending` are settled before anything is sent: found in the Sent
    /// folder (when the desk keeps copies there) they were sent; otherwise they go again, flagged
    /// as a possible repeat, because the server may have taken them just before the crash.
    private func reconcileInterruptedSends(report: inout DeliveryReport) async throws(IntakeError) {
        let interrupted = try await reading { try $0.interruptedSends() }
        guard !interrupted.isEmpty else { return }
        let sentFolder = try sentFolderMailbox()
        for (record, _) in interrupted {
            var found = false
            var looked = "there is no Sent folder to look in (delivery.smtp.append_sent)"
            if let (mailbox, folder) = sentFolder {
                do {
                    found = try await mailbox.contains(messageID: record.messageID, in: folder)
                    looked = "not found in \(folder)"
                } catch {
                    looked = "\(folder) could not be searched (\(error.message))"
                }
            }
            let now = clock()
            if found {
                try await writing { store in
                    try store.finishDelivery(id: record.id, state: .sent, reply: "found in the Sent folder after an interruption", deliveredTo: nil,
                                             nextAttemptAt: nil, actor: "intake", at: now, recipients: [])
                }
            } else {
                let reason = looked
                try await writing { store in
                    try store.markPossibleRepeat(id: record.id, reason: "interrupted while sending and \(reason); sent again, the customer may get it twice", actor: "intake")
                    try store.finishDelivery(id: record.id, state: .queued, reply: "interrupted while sending; \(reason); queued again", deliveredTo: nil,
                                             nextAttemptAt: nil, actor: "intake", at: now, recipients: [])
                }
            }
            report.reconciled += 1
        }
    }

    /// The desk's own mailbox and the folder sent copies go to, when `append_sent` is set.
    func sentFolderMailbox() throws(IntakeError) -> (IMAPMailbox, String)? {
        guard let folder = configuration.delivery.appendSent, let name = configuration.delivery.sentSource,
              let source = configuration.sources.first(where: { $0.name == name }) else { return nil }
        return (try source.mailbox(session: context.session(for: "sent-copies")), folder)
    }

    /// A copy in the Sent folder, which desks expect to see in their mail client and which
    /// settles a send that a crash interrupted. Failing to file it does not unsend the message.
    private func appendSentCopy(_ record: OutboxRecord, bytes: [UInt8]) async {
        do {
            guard let (mailbox, folder) = try sentFolderMailbox() else { return }
            try await mailbox.append(bytes, to: folder)
        } catch {
            logger.warning("outbox \(record.id) was sent, but no copy could be put in the Sent folder: \(error)", metadata: ["outbox.id": "\(record.id)"])
        }
    }

    /// The SMTP sender of the desk, with its secret read now.
    func smtpSender() throws(IntakeError) -> SMTPSender {
        try configuration.smtpSender(session: context.session(for: "smtp"))
    }
}

/// The SMTP server's SIZE limit as last announced.
final class SMTPLimits: Sendable {
    private let size = Mutex<Int?>(nil)
    func set(_ value: Int) { size.withLock { $0 = value } }
    func get() -> Int? { size.withLock { $0 } }
}
