#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
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

    /// Inserts a message, its bytes and its recipients (each address once, in the message's
    /// order), with a `queued` event, inside the caller's transaction. The record is the row
    /// `RETURNING` gave back, so its dates are the stored ones.
    static func insertOutbox(_ db: PostgresSession, _ message: OutgoingMessage, actor: String) throws -> OutboxRecord {
        guard let row = try db.fetchOne("""
            INSERT INTO outbox (message_id, order_number, purpose, recipients, subject, state, created_at)
            VALUES (?, ?, ?, ?, ?, 'queued', ?) RETURNING *
            """, [message.messageID, message.orderNumber?.description, message.purpose.rawValue, message.recipients.joined(separator: ","),
                  message.subject, Date()]) else {
            throw StoreError(code: .database, message: "inserting outbox message <\(message.messageID)> returned no row")
        }
        let record = try outboxRecord(row)
        let id = record.id
        try db.execute("INSERT INTO outbox_bodies (outbox_id, message) VALUES (?, ?)", [id, SQLValue.blob(message.bytes)])
        for address in message.recipients {
            try db.execute("INSERT INTO outbox_recipients (outbox_id, address, state) VALUES (?, ?, 'pending') ON CONFLICT DO NOTHING", [id, address])
        }
        try appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "queued", detail: "<\(message.messageID)> \(message.purpose)")
        return record
    }

    /// Everything the outbox holds for one order, oldest first (`order show`).
    public func outbox(order number: OrderNumber) throws(StoreError) -> [OutboxRecord] {
        try read("listing the mail of \(number)") { db in
            try db.fetchAll("SELECT * FROM outbox WHERE order_number = ? ORDER BY id", [number.description]).map(Self.outboxRecord)
        }
    }

    public func outbox(states: [OutboxState]? = nil) throws(StoreError) -> [OutboxRecord] {
        // `IN ()` is no SQL on PostgreSQL (SQLite reads it as false): no state, no message.
        if let states, states.isEmpty { return [] }
        return try read("listing the outbox") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            return try db.fetchAll("SELECT * FROM outbox" + filter.sql + " ORDER BY id", filter.values).map(Self.outboxRecord)
        }
    }

    /// The messages due for sending with ids above `afterID`, oldest first, each with its bytes;
    /// nothing is claimed. A deliverer reads a batch, then claims each message (`claim`) just
    /// before its own transfer, so that after a crash only the one message in flight is found in
    /// `sending` — and "may be a repeat" is said of that message alone. A negative `limit` is no
    /// limit, as on SQLite (PostgreSQL refuses a negative `LIMIT`; `LIMIT NULL` is none).
    public func dueMessages(now: Date = Date(), afterID: Int64 = 0, limit: Int = 100) throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        try read("listing outgoing mail due") { db in
            try db.fetchAll("""
                SELECT outbox.*, outbox_bodies.message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id
                WHERE outbox.id > ? AND (state = 'queued' OR (state = 'retry' AND next_attempt_at <= ?)) ORDER BY id LIMIT ?
                """, [afterID, now, limit < 0 ? nil : limit]).map(Self.messageWithBytes)
        }
    }

    /// Moves one message to `sending` if it is still due, in one transaction, and returns it as
    /// claimed; nil when it is no longer due (sent, cancelled or claimed by another process since
    /// it was listed), so two processes never send the same message.
    ///
    /// On PostgreSQL several workers share the outbox, so the claim is one statement that finds
    /// the row only while it is due and locks it (`FOR UPDATE SKIP LOCKED`) before moving it:
    /// two workers never both claim it (the second finds it locked, or — under the store's
    /// isolation — loses the race and runs again, finding it `sending`), and a worker never waits
    /// for another worker's claim to commit: a message locked by another claim is skipped, and
    /// this worker goes on with its next message (should that claim roll back, the message is
    /// still due at the next pass).
    public func claim(id: Int64, now: Date = Date()) throws(StoreError) -> OutboxRecord? {
        try write("claiming outbox \(id)") { db in
            guard let row = try db.fetchOne("""
                UPDATE outbox SET state = 'sending', attempts = attempts + 1
                WHERE id = (SELECT id FROM outbox WHERE id = ? AND (state = 'queued' OR (state = 'retry' AND next_attempt_at <= ?))
                            FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, [id, now]) else { return nil }
            return try Self.outboxRecord(row)
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
                try db.execute("UPDATE outbox_recipients SET state = ?, reply = ?, updated_at = ? WHERE outbox_id = ? AND address = ?",
                               [outcome.state.rawValue, outcome.reply, now, id, outcome.address])
                // A refusal, or one answer among several, is worth its own event; the one recipient
                // of an ordinary message is told by the message's own event below.
                if outcome.state == .failed || (outcome.state == .sent && recipients.count > 1) {
                    try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "recipient_\(outcome.state.rawValue)",
                                         detail: "\(outcome.address): \(outcome.reply ?? "")", at: now)
                }
            }
            try db.execute("""
                UPDATE outbox SET state = ?, last_reply = ?, delivered_to = COALESCE(?, delivered_to), next_attempt_at = ?,
                sent_at = CASE WHEN ? THEN ? ELSE sent_at END WHERE id = ?
                """, [state.rawValue, reply, deliveredTo, nextAttemptAt, state == .sent, now, id])
            if state == .sent {
                try db.execute("UPDATE outbox_recipients SET state = 'sent', updated_at = ? WHERE outbox_id = ? AND state = 'pending'", [now, id])
            }
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: state.rawValue,
                                 detail: [deliveredTo, reply, nextAttemptAt.map { "next attempt \($0)" }].compactMap { $0 }.joined(separator: ": "), at: now)
            if state == .failed, let order = try db.fetchValue("SELECT order_number FROM outbox WHERE id = ?", [id], as: String.self) {
                try Self.appendEvent(db, actor: actor, subject: order, action: "mail_failed", detail: "outbox \(id): \(reply ?? "failed")", at: now)
            }
        }
    }

    /// A message's recipients in the order they were queued. SQLite lists them by `rowid`;
    /// PostgreSQL has no insertion order, so they come in the order of the message's own list
    /// (`outbox.recipients`), which is the order they were inserted in.
    public func recipients(outboxID: Int64) throws(StoreError) -> [OutboxRecipient] {
        try read("reading recipients of outbox \(outboxID)") { db in
            try db.fetchAll(Self.recipientsSQL(count: 1), [outboxID]).map(Self.recipient)
        }
    }

    /// The recipients of several messages at once (a claimed batch), by message: one statement
    /// per thousand messages rather than one per message (every server round trip is a wait).
    public func recipients(outboxIDs: [Int64]) throws(StoreError) -> [Int64: [OutboxRecipient]] {
        try read("reading recipients") { db in
            var result: [Int64: [OutboxRecipient]] = [:]
            for id in outboxIDs { result[id] = [] }
            let ids = Array(Set(outboxIDs)).sorted()
            for start in stride(from: 0, to: ids.count, by: 1000) {
                let chunk = Array(ids[start..<min(start + 1000, ids.count)])
                for row in try db.fetchAll(Self.recipientsSQL(count: chunk.count), chunk) {
                    result[try row.get("outbox_id", as: Int64.self), default: []].append(try Self.recipient(row))
                }
            }
            return result
        }
    }

    /// The recipients of `count` messages (`outbox_id IN (?, …)`), each message's in queued order.
    private static func recipientsSQL(count: Int) -> String {
        """
        SELECT outbox_recipients.* FROM outbox_recipients JOIN outbox ON outbox.id = outbox_recipients.outbox_id
        WHERE outbox_recipients.outbox_id IN (\(marks(count)))
        ORDER BY outbox_recipients.outbox_id, array_position(string_to_array(outbox.recipients, ','), outbox_recipients.address),
                 outbox_recipients.address
        """
    }

    static func recipient(_ row: SQLRow) throws(StoreError) -> OutboxRecipient {
        OutboxRecipient(address: try row.get("address"), state: OutboxRecipient.State(rawValue: try row.get("state")) ?? .pending,
                        reply: try row.get("reply"), updatedAt: try row.get("updated_at"))
    }

    /// Messages sent to each address since a moment, with the earliest of them (the rate limit):
    /// one grouped statement for all the addresses; an address with none counts 0.
    public func sentCounts(to addresses: Set<String>, since: Date) throws(StoreError) -> [String: (count: Int, earliest: Date?)] {
        guard !addresses.isEmpty else { return [:] }
        return try read("counting mail per address") { db in
            var result: [String: (count: Int, earliest: Date?)] = [:]
            for address in addresses { result[address] = (0, nil) }
            let list = Array(addresses)
            var values: [any SQLBindable] = list
            values.append(since)
            for row in try db.fetchAll("""
                SELECT address, COUNT(*) AS n, MIN(updated_at) AS earliest FROM outbox_recipients
                WHERE address IN (\(Self.marks(list.count))) AND state = 'sent' AND updated_at > ? GROUP BY address
                """, values) {
                result[try row.get("address")] = (try row.get("n", as: Int.self), try row.get("earliest", as: Date?.self))
            }
            return result
        }
    }

    /// Flags a message sent again after an interruption left its first attempt unknown.
    public func markPossibleRepeat(id: Int64, reason: String, actor: String) throws(StoreError) {
        try write("flagging outbox \(id)") { db in
            try db.execute("UPDATE outbox SET possible_repeat = TRUE WHERE id = ?", [id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "possible_repeat", detail: reason)
        }
    }

    /// One outbox message with its bytes.
    public func outboxMessage(id: Int64) throws(StoreError) -> (OutboxRecord, [UInt8])? {
        try read("reading outbox \(id)") { db in
            try db.fetchOne("""
                SELECT outbox.*, outbox_bodies.message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id WHERE id = ?
                """, [id]).map(Self.messageWithBytes)
        }
    }

    /// `intake outbox retry`: a failed or waiting message is due now (its failed recipients get
    /// another chance too).
    public func retryNow(id: Int64, actor: String) throws(StoreError) {
        try write("retrying outbox \(id)") { db in
            guard let state = try db.fetchValue("SELECT state FROM outbox WHERE id = ?", [id], as: String.self) else {
                throw StoreError(code: .notFound, message: "there is no outbox message \(id)")
            }
            guard ["failed", "retry", "queued", "cancelled"].contains(state) else {
                throw StoreError(code: .conflict, message: "outbox \(id) is \(state); only failed, waiting or cancelled messages can be retried")
            }
            try db.execute("UPDATE outbox SET state = 'queued', next_attempt_at = NULL, created_at = ? WHERE id = ?", [Date(), id])
            try db.execute("UPDATE outbox_recipients SET state = 'pending' WHERE outbox_id = ? AND state = 'failed'", [id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "retry", detail: "was \(state); queued again by hand")
        }
    }

    /// `intake outbox cancel`: a message not sent yet is not sent at all.
    public func cancel(id: Int64, actor: String) throws(StoreError) {
        try write("cancelling outbox \(id)") { db in
            guard let state = try db.fetchValue("SELECT state FROM outbox WHERE id = ?", [id], as: String.self) else {
                throw StoreError(code: .notFound, message: "there is no outbox message \(id)")
            }
            guard ["failed", "retry", "queued"].contains(state) else {
                throw StoreError(code: .conflict, message: "outbox \(id) is \(state); only queued, waiting or failed messages can be cancelled")
            }
            try db.execute("UPDATE outbox SET state = 'cancelled', next_attempt_at = NULL WHERE id = ?", [id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "cancelled", detail: "was \(state)")
        }
    }

    /// Messages left in `sending` by a crash: the caller reconciles them before anything is sent again.
    public func interruptedSends() throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        try read("reading interrupted sends") { db in
            try db.fetchAll("""
                SELECT outbox.*, outbox_bodies.message FROM outbox JOIN outbox_bodies ON outbox_bodies.outbox_id = outbox.id
                WHERE state = 'sending' ORDER BY id
                """).map(Self.messageWithBytes)
        }
    }

    static func outboxRecord(_ row: SQLRow) throws(StoreError) -> OutboxRecord {
        let recipients: String = try row.get("recipients")
        return OutboxRecord(id: try row.get("id"), messageID: try row.get("message_id"),
                            orderNumber: try row.get("order_number", as: String?.self).flatMap(OrderNumber.init),
                            purpose: MailPurpose(rawValue: try row.get("purpose")), recipients: recipients.split(separator: ",").map(String.init),
                            subject: try row.get("subject"), state: OutboxState(rawValue: try row.get("state")) ?? .queued,
                            attempts: try row.get("attempts"), nextAttemptAt: try row.get("next_attempt_at"), lastReply: try row.get("last_reply"),
                            createdAt: try row.get("created_at"), sentAt: try row.get("sent_at"), deliveredTo: try row.get("delivered_to"),
                            possibleRepeat: try row.get("possible_repeat"))
    }

    /// An outbox row joined with its `outbox_bodies.message`.
    private static func messageWithBytes(_ row: SQLRow) throws(StoreError) -> (OutboxRecord, [UInt8]) {
        (try outboxRecord(row), try row.bytes("message") ?? [])
    }
}
#endif
