public import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    /// Puts a rendered message in the outbox and, when `confirming` is set, moves its order to
    /// `confirmed` in the same transaction: an order is confirmed exactly when its confirmation
    /// is durably queued. A second confirmation for the same order is refused by the schema.
    public func queue(_ message: OutgoingMessage, confirming number: OrderNumber?, actor: String) throws(StoreError) -> OutboxRecord {
        try write("queueing \(message.messageID)") { db in
            if let number {
                guard var order = try Self.loadOrder(db, number) else { throw StoreError(code: .notFound, message: "there is no order \(number)") }
                let before = try Self.encode(order)
                guard order.state == .approved else {
                    // Another process confirmed it first, or someone changed it since it was listed.
                    throw StoreError(code: .conflict, message: "order \(number) is \(order.state.rawValue), not approved; not confirmed again")
                }
                order.state = .confirmed
                try Self.saveOrder(db, order)
                try Self.appendEvent(db, actor: actor, subject: number.description, action: "confirmed",
                                     detail: "confirmation <\(message.messageID)> queued to \(message.recipients.joined(separator: ", "))",
                                     before: before, after: try Self.encode(order))
            }
            return try Self.insertOutbox(db, message, actor: actor)
        }
    }

    static func insertOutbox(_ db: Database, _ message: OutgoingMessage, actor: String) throws -> OutboxRecord {
        try db.execute(cached: """
            INSERT INTO outbox (message_id, order_number, purpose, recipients, subject, state, created_at)
            VALUES (?, ?, ?, ?, ?, 'queued', ?)
            """, arguments: [message.messageID, message.orderNumber?.description, message.purpose.rawValue, message.recipients.joined(separator: ","),
                             message.subject, Date()])
        let id = db.lastInsertedRowID
        try db.execute(cached: "INSERT INTO outbox_bodies (outbox_id, message) VALUES (?, ?)", arguments: [id, Data(message.bytes)])
        for address in message.recipients {
            try db.execute(cached: "INSERT OR IGNORE INTO outbox_recipients (outbox_id, address, state) VALUES (?, ?, 'pending')", arguments: [id, address])
        }
        try appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "queued", detail: "<\(message.messageID)> \(message.purpose)")
        guard let row = try Row.fetchOne(db, cached: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else {
            throw StoreError(code: .database, message: "outbox entry \(id) vanished after insert")
        }
        return outboxRecord(row)
    }

    /// Everything the outbox holds for one order, oldest first (`order show`).
    public func outbox(order number: OrderNumber) throws(StoreError) -> [OutboxRecord] {
        try read("listing the mail of \(number)") { db in
            try Row.fetchAll(db, cached: "SELECT * FROM outbox WHERE order_number = ? ORDER BY id", arguments: [number.description]).map(Self.outboxRecord)
        }
    }

    public func outbox(states: [OutboxState]? = nil) throws(StoreError) -> [OutboxRecord] {
        try read("listing the outbox") { db in
            var sql = "SELECT * FROM outbox"
            var arguments = StatementArguments()
            if let states {
                sql += " WHERE state IN (\(states.map { _ in "?" }.joined(separator: ",")))"
                arguments = StatementArguments(states.map(\.rawValue))
            }
            return try Row.fetchAll(db, cached: sql + " ORDER BY id", arguments: arguments).map(Self.outboxRecord)
        }
    }

    /// The messages due for sending with ids above `afterID`, oldest first, each with its bytes;
    /// nothing is claimed. A deliverer reads a batch, then claims each message (`claim`) just
    /// before its own transfer, so that after a crash only the one message in flight is found in
    /// `sending` — and "may be a repeat" is said of that message alone.
    public func dueMessages(now: Date = Date(), afterID: Int64 = 0, limit: Int = 100) throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        try read("listing outgoing mail due") { db in
            try Row.fetchAll(db, cached: """
                SELECT outbox.*, outbox_bodies.message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id
                WHERE outbox.id > ? AND (state = 'queued' OR (state = 'retry' AND next_attempt_at <= ?)) ORDER BY id LIMIT ?
                """, arguments: [afterID, now, limit]).map { row in
                let data: Data = row["message"]
                return (Self.outboxRecord(row), Array(data))
            }
        }
    }

    /// Moves one message to `sending` if it is still due, in one transaction, and returns it as
    /// claimed; nil when it is no longer due (sent, cancelled or claimed by another process since
    /// it was listed), so two processes never send the same message.
    public func claim(id: Int64, now: Date = Date()) throws(StoreError) -> OutboxRecord? {
        try write("claiming outbox \(id)") { db in
            try db.execute(cached: """
                UPDATE outbox SET state = 'sending', attempts = attempts + 1
                WHERE id = ? AND (state = 'queued' OR (state = 'retry' AND next_attempt_at <= ?))
                """, arguments: [id, now])
            guard db.changesCount == 1, let row = try Row.fetchOne(db, cached: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else { return nil }
            return Self.outboxRecord(row)
        }
    }

    /// Records the outcome of one delivery attempt. `sent` marks every recipient still pending as
    /// sent (the directory method has no per-recipient answer); SMTP records its recipients first.
    /// The order the message belongs to gets an event for a permanent failure, so that it shows
    /// in the order's story.
    /// `recipients` are the per-recipient answers of this attempt, recorded in the same transaction.
    public func finishDelivery(id: Int64, state: OutboxState, reply: String?, deliveredTo: String?, nextAttemptAt: Date? = nil, actor: String,
                               at now: Date = Date(), recipients: [RecipientOutcome] = []) throws(StoreError) {
        try write("recording delivery of outbox \(id)") { db in
            for outcome in recipients {
                try db.execute(cached: "UPDATE outbox_recipients SET state = ?, reply = ?, updated_at = ? WHERE outbox_id = ? AND address = ?",
                               arguments: [outcome.state.rawValue, outcome.reply, now, id, outcome.address])
                // A refusal, or one answer among several, is worth its own event; the one recipient
                // of an ordinary message is told by the message's own event below.
                if outcome.state == .failed || (outcome.state == .sent && recipients.count > 1) {
                    try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "recipient_\(outcome.state.rawValue)", detail: "\(outcome.address): \(outcome.reply ?? "")", at: now)
                }
            }
            try db.execute(cached: "UPDATE outbox SET state = ?, last_reply = ?, delivered_to = COALESCE(?, delivered_to), next_attempt_at = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?",
                           arguments: [state.rawValue, reply, deliveredTo, nextAttemptAt, state.rawValue, now, id])
            if state == .sent {
                try db.execute(cached: "UPDATE outbox_recipients SET state = 'sent', updated_at = ? WHERE outbox_id = ? AND state = 'pending'", arguments: [now, id])
            }
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: state.rawValue,
                                 detail: [deliveredTo, reply, nextAttemptAt.map { "next attempt \($0)" }].compactMap { $0 }.joined(separator: ": "), at: now)
            if state == .failed, let order = try String.fetchOne(db, cached: "SELECT order_number FROM outbox WHERE id = ?", arguments: [id]) {
                try Self.appendEvent(db, actor: actor, subject: order, action: "mail_failed", detail: "outbox \(id): \(reply ?? "failed")", at: now)
            }
        }
    }

    public func recipients(outboxID: Int64) throws(StoreError) -> [OutboxRecipient] {
        try read("reading recipients of outbox \(outboxID)") { db in
            try Row.fetchAll(db, cached: "SELECT * FROM outbox_recipients WHERE outbox_id = ? ORDER BY rowid", arguments: [outboxID]).map(Self.recipient)
        }
    }

    /// The recipients of several messages at once (a claimed batch), by message.
    public func recipients(outboxIDs: [Int64]) throws(StoreError) -> [Int64: [OutboxRecipient]] {
        try read("reading recipients") { db in
            var result: [Int64: [OutboxRecipient]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT * FROM outbox_recipients WHERE outbox_id = ? ORDER BY rowid")
            for id in outboxIDs {
                result[id] = try Row.fetchAll(statement, arguments: [id]).map(Self.recipient)
            }
            return result
        }
    }

    static func recipient(_ row: Row) -> OutboxRecipient {
        OutboxRecipient(address: row["address"], state: OutboxRecipient.State(rawValue: row["state"]) ?? .pending, reply: row["reply"], updatedAt: row["updated_at"])
    }

    /// Messages sent to each address since a moment, with the earliest of them (the rate limit).
    public func sentCounts(to addresses: Set<String>, since: Date) throws(StoreError) -> [String: (count: Int, earliest: Date?)] {
        try read("counting mail per address") { db in
            var result: [String: (count: Int, earliest: Date?)] = [:]
            let statement = try db.cachedStatement(sql: """
                SELECT COUNT(*) AS n, MIN(updated_at) AS earliest FROM outbox_recipients WHERE address = ? AND state = 'sent' AND updated_at > ?
                """)
            for address in addresses {
                let row = try Row.fetchOne(statement, arguments: [address, since])
                result[address] = (row?["n"] ?? 0, row?["earliest"])
            }
            return result
        }
    }

    /// Flags a message sent again after an interruption left its first attempt unknown.
    public func markPossibleRepeat(id: Int64, reason: String, actor: String) throws(StoreError) {
        try write("flagging outbox \(id)") { db in
            try db.execute(cached: "UPDATE outbox SET possible_repeat = 1 WHERE id = ?", arguments: [id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "possible_repeat", detail: reason)
        }
    }

    /// One outbox message with its bytes.
    public func outboxMessage(id: Int64) throws(StoreError) -> (OutboxRecord, [UInt8])? {
        try read("reading outbox \(id)") { db in
            try Row.fetchOne(db, cached: """
                SELECT outbox.*, outbox_bodies.message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id WHERE id = ?
                """, arguments: [id]).map { row in
                let data: Data = row["message"]
                return (Self.outboxRecord(row), Array(data))
            }
        }
    }

    /// `intake outbox retry`: a failed or waiting message is due now (its failed recipients get
    /// another chance too).
    public func retryNow(id: Int64, actor: String) throws(StoreError) {
        try write("retrying outbox \(id)") { db in
            guard let state = try String.fetchOne(db, cached: "SELECT state FROM outbox WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .notFound, message: "there is no outbox message \(id)")
            }
            guard ["failed", "retry", "queued", "cancelled"].contains(state) else {
                throw StoreError(code: .conflict, message: "outbox \(id) is \(state); only failed, waiting or cancelled messages can be retried")
            }
            try db.execute(cached: "UPDATE outbox SET state = 'queued', next_attempt_at = NULL, created_at = ? WHERE id = ?", arguments: [Date(), id])
            try db.execute(cached: "UPDATE outbox_recipients SET state = 'pending' WHERE outbox_id = ? AND state = 'failed'", arguments: [id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "retry", detail: "was \(state); queued again by hand")
        }
    }

    /// `intake outbox cancel`: a message not sent yet is not sent at all.
    public func cancel(id: Int64, actor: String) throws(StoreError) {
        try write("cancelling outbox \(id)") { db in
            guard let state = try String.fetchOne(db, cached: "SELECT state FROM outbox WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .notFound, message: "there is no outbox message \(id)")
            }
            guard ["failed", "retry", "queued"].contains(state) else {
                throw StoreError(code: .conflict, message: "outbox \(id) is \(state); only queued, waiting or failed messages can be cancelled")
            }
            try db.execute(cached: "UPDATE outbox SET state = 'cancelled', next_attempt_at = NULL WHERE id = ?", arguments: [id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "cancelled", detail: "was \(state)")
        }
    }

    /// Messages left in `sending` by a crash: the caller reconciles them before anything is sent again.
    public func interruptedSends() throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        try read("reading interrupted sends") { db in
            try Row.fetchAll(db, cached: """
                SELECT outbox.*, outbox_bodies.message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id
                WHERE state = 'sending' ORDER BY id
                """).map { row in
                let data: Data = row["message"]
                return (Self.outboxRecord(row), Array(data))
            }
        }
    }

    static func outboxRecord(_ row: Row) -> OutboxRecord {
        let recipients: String = row["recipients"]
        return OutboxRecord(id: row["id"], messageID: row["message_id"], orderNumber: (row["order_number"] as String?).flatMap(OrderNumber.init),
                            purpose: MailPurpose(rawValue: row["purpose"]), recipients: recipients.split(separator: ",").map(String.init), subject: row["subject"],
                            state: OutboxState(rawValue: row["state"]) ?? .queued, attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
                            lastReply: row["last_reply"], createdAt: row["created_at"], sentAt: row["sent_at"], deliveredTo: row["delivered_to"],
                            possibleRepeat: row["possible_repeat"] ?? false)
    }
}
