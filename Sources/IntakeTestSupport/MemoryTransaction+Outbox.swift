import Foundation
import IntakeModel

extension MemoryTransaction {
    /// `SQLiteTransaction.queue`: with `confirming`, the order must still be approved (else
    /// `.conflict`) and becomes confirmed with the message queued.
    func queue(_ message: OutgoingMessage, confirming number: OrderNumber?, actor: String) throws(StoreError) -> OutboxRecord {
        try write("queueing \(message.messageID)") {
            if let number {
                guard var order = try loadOrder(number) else { throw StoreError(code: .notFound, message: "there is no order \(number)") }
                let before = try Self.encode(order)
                guard order.state == .approved else {
                    throw StoreError(code: .conflict, message: "order \(number) is \(order.state.rawValue), not approved; not confirmed again")
                }
                order.state = .confirmed
                try saveOrder(order)
                appendEvent(actor: actor, subject: number.description, action: "confirmed",
                            detail: "confirmation <\(message.messageID)> queued to \(message.recipients.joined(separator: ", "))",
                            before: before, after: try Self.encode(order))
            }
            return try insertOutbox(message, actor: actor)
        }
    }

    /// `SQLiteTransaction.insertOutbox`, with the schema's rules checked as SQLite checks them:
    /// `outbox.message_id UNIQUE`, then the unique index `outbox_one_confirmation` (one
    /// `confirmation` per order; NULL order numbers never collide), then the foreign key to
    /// `orders(number)`. A recipient listed twice gets one row (`INSERT OR IGNORE`).
    func insertOutbox(_ message: OutgoingMessage, actor: String) throws -> OutboxRecord {
        let orderText = message.orderNumber?.description
        guard state.outboxIDByMessageID[message.messageID] == nil else { throw MemoryConstraintError.unique("outbox.message_id") }
        let confirmation = message.purpose == .confirmation
        if confirmation, let orderText, state.confirmedOrders.contains(orderText) {
            throw MemoryConstraintError.unique("outbox.order_number, outbox.purpose")
        }
        guard orderExists(orderText) else { throw MemoryConstraintError.foreignKey }
        let id = Int64(state.outbox.count + 1)
        var recipients: [MemoryRecipientRow] = []
        for address in message.recipients where !recipients.contains(where: { $0.address == address }) {
            recipients.append(MemoryRecipientRow(address: address, state: .pending))
        }
        let row = MemoryOutboxRow(id: id, messageID: message.messageID, orderNumber: orderText, purpose: message.purpose.rawValue,
                                  recipientsText: message.recipients.joined(separator: ","), subject: message.subject, state: .queued,
                                  attempts: 0, createdAt: StoredDate(Date()), possibleRepeat: false, bytes: message.bytes, recipients: recipients)
        state.outbox.append(row)
        state.outboxIDByMessageID[message.messageID] = id
        if confirmation, let orderText { state.confirmedOrders.insert(orderText) }
        appendEvent(actor: actor, subject: "outbox:\(id)", action: "queued", detail: "<\(message.messageID)> \(message.purpose)")
        return row.record
    }

    /// The row with this id, nil for ids that were never issued.
    func outboxRow(_ id: Int64) -> MemoryOutboxRow? {
        guard id >= 1, id <= Int64(state.outbox.count) else { return nil }
        return state.outbox[Int(id - 1)]
    }

    /// Everything the outbox holds for one order, oldest first.
    func outbox(order number: OrderNumber) throws(StoreError) -> [OutboxRecord] {
        let text = number.description
        return state.outbox.filter { $0.orderNumber == text }.map(\.record)
    }

    func outbox(states: [OutboxState]?) throws(StoreError) -> [OutboxRecord] {
        state.outbox.filter { Self.matches($0.state, states) }.map(\.record)
    }

    /// `SQLiteTransaction.dueMessages`: ids above `afterID`, due at `now` (`MemoryOutboxRow.isDue`),
    /// `ORDER BY id LIMIT ?` (a negative limit is no limit, as in SQLite).
    func dueMessages(now: Date, afterID: Int64, limit: Int) throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        let moment = StoredDate(now)
        let due = state.outbox.lazy.filter { $0.id > afterID && $0.isDue(at: moment) }.map { ($0.record, $0.bytes) }
        return limit < 0 ? Array(due) : Array(due.prefix(limit))
    }

    /// `SQLiteTransaction.claim`: a message still due moves to `sending` with one more attempt.
    func claim(id: Int64, now: Date) throws(StoreError) -> OutboxRecord? {
        try write("claiming outbox \(id)") {
            guard var row = outboxRow(id), row.isDue(at: StoredDate(now)) else { return nil }
            row.state = .sending
            row.attempts += 1
            state.outbox[Int(id - 1)] = row
            return row.record
        }
    }

    /// `SQLiteTransaction.finishDelivery`: each recipient's answer (with its own event when it
    /// is a refusal or one answer among several), then the message's state, its event, and for a
    /// permanent failure an event on its order. An unknown id updates no row but is still logged.
    func finishDelivery(id: Int64, state outcome: OutboxState, reply: String?, deliveredTo: String?, nextAttemptAt: Date?, actor: String,
                        at now: Date, recipients: [RecipientOutcome]) throws(StoreError) {
        try write("recording delivery of outbox \(id)") {
            let moment = StoredDate(now)
            for answer in recipients {
                updateRecipients(of: id) { row in
                    guard row.address == answer.address else { return }
                    row.state = answer.state
                    row.reply = answer.reply
                    row.updatedAt = moment
                }
                if answer.state == .failed || (answer.state == .sent && recipients.count > 1) {
                    appendEvent(actor: actor, subject: "outbox:\(id)", action: "recipient_\(answer.state.rawValue)",
                                detail: "\(answer.address): \(answer.reply ?? "")", at: now)
                }
            }
            var order: String?
            if var row = outboxRow(id) {
                row.state = outcome
                row.lastReply = reply
                row.deliveredTo = deliveredTo ?? row.deliveredTo
                row.nextAttemptAt = nextAttemptAt.stored
                if outcome == .sent { row.sentAt = moment }
                state.outbox[Int(id - 1)] = row
                order = row.orderNumber
            }
            if outcome == .sent {
                updateRecipients(of: id) { row in
                    guard row.state == .pending else { return }
                    row.state = .sent
                    row.updatedAt = moment
                }
            }
            appendEvent(actor: actor, subject: "outbox:\(id)", action: outcome.rawValue,
                        detail: [deliveredTo, reply, nextAttemptAt.map { "next attempt \($0)" }].compactMap { $0 }.joined(separator: ": "), at: now)
            if outcome == .failed, let order {
                appendEvent(actor: actor, subject: order, action: "mail_failed", detail: "outbox \(id): \(reply ?? "failed")", at: now)
            }
        }
    }

    /// Applies `change` to every recipient row of a message (none when the id is unknown).
    func updateRecipients(of id: Int64, _ change: (inout MemoryRecipientRow) -> Void) {
        guard outboxRow(id) != nil else { return }
        let index = Int(id - 1)
        for position in state.outbox[index].recipients.indices {
            change(&state.outbox[index].recipients[position])
        }
    }

    /// In the order they were inserted (`ORDER BY rowid`); none for an unknown id.
    func recipients(outboxID: Int64) throws(StoreError) -> [OutboxRecipient] {
        outboxRow(outboxID)?.recipients.map(\.record) ?? []
    }

    /// Every id asked for has an entry, empty when the id is unknown.
    func recipients(outboxIDs: [Int64]) throws(StoreError) -> [Int64: [OutboxRecipient]] {
        var result: [Int64: [OutboxRecipient]] = [:]
        for id in outboxIDs {
            result[id] = outboxRow(id)?.recipients.map(\.record) ?? []
        }
        return result
    }

    /// `SQLiteTransaction.sentCounts`: recipients in `sent` updated after `since` (as stored
    /// text; a NULL time is never after), counted per address with the earliest time (`MIN`).
    func sentCounts(to addresses: Set<String>, since: Date) throws(StoreError) -> [String: (count: Int, earliest: Date?)] {
        let after = StoredDate(since)
        var result: [String: (count: Int, earliest: Date?)] = [:]
        for address in addresses {
            var count = 0
            var earliest: StoredDate?
            for row in state.outbox {
                for recipient in row.recipients where recipient.address == address && recipient.state == .sent {
                    guard let updated = recipient.updatedAt, updated > after else { continue }
                    count += 1
                    if earliest.map({ updated < $0 }) ?? true { earliest = updated }
                }
            }
            result[address] = (count, earliest?.date)
        }
        return result
    }

    /// Flags the message (when it exists) and logs the reason either way.
    func markPossibleRepeat(id: Int64, reason: String, actor: String) throws(StoreError) {
        try write("flagging outbox \(id)") {
            if outboxRow(id) != nil { state.outbox[Int(id - 1)].possibleRepeat = true }
            appendEvent(actor: actor, subject: "outbox:\(id)", action: "possible_repeat", detail: reason)
        }
    }

    func outboxMessage(id: Int64) throws(StoreError) -> (OutboxRecord, [UInt8])? {
        outboxRow(id).map { ($0.record, $0.bytes) }
    }

    /// `SQLiteTransaction.retryNow`: a failed, waiting, queued or cancelled message is queued
    /// again as if new (`created_at` now), and its failed recipients are pending again.
    func retryNow(id: Int64, actor: String) throws(StoreError) {
        try write("retrying outbox \(id)") {
            guard var row = outboxRow(id) else {
                throw StoreError(code: .notFound, message: "there is no outbox message \(id)")
            }
            let was = row.state
            guard [.failed, .retry, .queued, .cancelled].contains(was) else {
                throw StoreError(code: .conflict, message: "outbox \(id) is \(was.rawValue); only failed, waiting or cancelled messages can be retried")
            }
            row.state = .queued
            row.nextAttemptAt = nil
            row.createdAt = StoredDate(Date())
            for position in row.recipients.indices where row.recipients[position].state == .failed {
                row.recipients[position].state = .pending
            }
            state.outbox[Int(id - 1)] = row
            appendEvent(actor: actor, subject: "outbox:\(id)", action: "retry", detail: "was \(was.rawValue); queued again by hand")
        }
    }

    /// `SQLiteTransaction.cancel`: only a message not sent and not being sent.
    func cancel(id: Int64, actor: String) throws(StoreError) {
        try write("cancelling outbox \(id)") {
            guard var row = outboxRow(id) else {
                throw StoreError(code: .notFound, message: "there is no outbox message \(id)")
            }
            let was = row.state
            guard [.failed, .retry, .queued].contains(was) else {
                throw StoreError(code: .conflict, message: "outbox \(id) is \(was.rawValue); only queued, waiting or failed messages can be cancelled")
            }
            row.state = .cancelled
            row.nextAttemptAt = nil
            state.outbox[Int(id - 1)] = row
            appendEvent(actor: actor, subject: "outbox:\(id)", action: "cancelled", detail: "was \(was.rawValue)")
        }
    }

    /// Messages left in `sending`, oldest first.
    func interruptedSends() throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        state.outbox.filter { $0.state == .sending }.map { ($0.record, $0.bytes) }
    }
}
