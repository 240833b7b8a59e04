public import Foundation
import GRDB
public import IntakeModel

extension IntakeStore {
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
            try db.execute(cached: """
                INSERT INTO outbox (message_id, order_number, purpose, recipients, subject, state, created_at, message)
                VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)
                """, arguments: [message.messageID, message.orderNumber?.description, message.purpose, message.recipients.joined(separator: ","),
                                 message.subject, Date(), Data(message.bytes)])
            let id = db.lastInsertedRowID
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: "queued", detail: "<\(message.messageID)> \(message.purpose)")
            guard let row = try Row.fetchOne(db, cached: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .database, message: "outbox entry \(id) vanished after insert")
            }
            return Self.outboxRecord(row)
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

    /// Claims the messages due for sending by moving them to `sending` in one transaction, so two
    /// processes never send the same message. Returns each with its bytes.
    public func claimDue(now: Date = Date(), limit: Int = 100) throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        try write("claiming outgoing mail") { db in
            let rows = try Row.fetchAll(db, cached: """
                SELECT * FROM outbox WHERE state = 'queued' OR (state = 'retry' AND next_attempt_at <= ?) ORDER BY id LIMIT ?
                """, arguments: [now, limit])
            var claimed: [(OutboxRecord, [UInt8])] = []
            for row in rows {
                let id: Int64 = row["id"]
                try db.execute(cached: "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?", arguments: [id])
                var record = Self.outboxRecord(row)
                record.state = .sending
                record.attempts += 1
                let data: Data = row["message"]
                claimed.append((record, Array(data)))
            }
            return claimed
        }
    }

    /// Records the outcome of one delivery attempt.
    public func finishDelivery(id: Int64, state: OutboxState, reply: String?, deliveredTo: String?, nextAttemptAt: Date? = nil, actor: String) throws(StoreError) {
        try write("recording delivery of outbox \(id)") { db in
            try db.execute(cached: "UPDATE outbox SET state = ?, last_reply = ?, delivered_to = COALESCE(?, delivered_to), next_attempt_at = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?",
                           arguments: [state.rawValue, reply, deliveredTo, nextAttemptAt, state.rawValue, Date(), id])
            try Self.appendEvent(db, actor: actor, subject: "outbox:\(id)", action: state.rawValue, detail: [deliveredTo, reply].compactMap { $0 }.joined(separator: ": "))
        }
    }

    /// Messages left in `sending` by a crash: the caller reconciles them before anything is sent again.
    public func interruptedSends() throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        try read("reading interrupted sends") { db in
            try Row.fetchAll(db, cached: "SELECT * FROM outbox WHERE state = 'sending' ORDER BY id").map { row in
                let data: Data = row["message"]
                return (Self.outboxRecord(row), Array(data))
            }
        }
    }

    static func outboxRecord(_ row: Row) -> OutboxRecord {
        let recipients: String = row["recipients"]
        return OutboxRecord(id: row["id"], messageID: row["message_id"], orderNumber: (row["order_number"] as String?).flatMap(OrderNumber.init),
                            purpose: row["purpose"], recipients: recipients.split(separator: ",").map(String.init), subject: row["subject"],
                            state: OutboxState(rawValue: row["state"]) ?? .queued, attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
                            lastReply: row["last_reply"], createdAt: row["created_at"], sentAt: row["sent_at"], deliveredTo: row["delivered_to"])
    }
}
