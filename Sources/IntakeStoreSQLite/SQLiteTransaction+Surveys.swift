public import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    /// Orders completed at or before `cutoff` that have no survey yet, oldest completion first.
    public func ordersDueForSurvey(completedBefore cutoff: Date) throws(StoreError) -> [Order] {
        try read("listing orders due for a survey") { db in
            let decoder = Self.decoder()
            return try String.fetchAll(db, sql: """
                SELECT body_json FROM orders WHERE completed_at IS NOT NULL AND completed_at <= ?
                AND number NOT IN (SELECT order_number FROM surveys) ORDER BY completed_at, year, sequence
                """, arguments: [cutoff]).map { try decoder.decode(Order.self, from: Data($0.utf8)) }
        }
    }

    /// The last survey sent to an address, if any.
    public func lastSurvey(to email: String) throws(StoreError) -> Date? {
        try read("reading the last survey to \(email)") { db in
            try Date.fetchOne(db, cached: "SELECT max(sent_at) FROM surveys WHERE customer_email = ?", arguments: [email.lowercased()])
        }
    }

    /// Queues a survey's email and records the survey in one transaction, after checking again,
    /// inside it, what an overlapping run could have changed: no survey for this order yet, none to
    /// this customer since `notSince`, no opt-out. Returns the skip reason instead when one holds.
    public func queueSurvey(for number: OrderNumber, email: String, token: String, scale: Int, message: OutgoingMessage,
                            notSince: Date, at now: Date, actor: String) throws(StoreError) -> Result<SurveyRecord, SurveySkip> {
        let address = email.lowercased()
        return try write("queueing the survey for \(number)") { db in
            if try Int.fetchOne(db, cached: "SELECT 1 FROM surveys WHERE order_number = ?", arguments: [number.description]) != nil {
                return .failure(.alreadySurveyed)
            }
            if try Int.fetchOne(db, cached: "SELECT 1 FROM opt_outs WHERE email = ?", arguments: [address]) != nil {
                return .failure(.optedOut)
            }
            if let last = try Date.fetchOne(db, cached: "SELECT max(sent_at) FROM surveys WHERE customer_email = ?", arguments: [address]), last > notSince {
                return .failure(.surveyedRecently(last))
            }
            let outbox = try Self.insertOutbox(db, message, actor: actor)
            try db.execute(cached: """
                INSERT INTO surveys (order_number, customer_email, outbox_id, token, scale, sent_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [number.description, address, outbox.id, token, scale, now])
            let id = db.lastInsertedRowID
            try Self.appendEvent(db, actor: actor, subject: number.description, action: "survey queued",
                                 detail: "survey \(token) to \(address) (outbox:\(outbox.id))")
            guard let row = try Row.fetchOne(db, cached: "SELECT * FROM surveys WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .database, message: "survey \(id) vanished after insert")
            }
            return .success(Self.surveyRecord(row))
        }
    }

    /// The survey a reply answers: by its token, else the order's survey.
    public func survey(token: String?, order: OrderNumber?) throws(StoreError) -> SurveyRecord? {
        try read("finding a survey") { db in
            if let token, let row = try Row.fetchOne(db, cached: "SELECT * FROM surveys WHERE token = ?", arguments: [token.uppercased()]) {
                return Self.surveyRecord(row)
            }
            if let order, let row = try Row.fetchOne(db, cached: "SELECT * FROM surveys WHERE order_number = ?", arguments: [order.description]) {
                return Self.surveyRecord(row)
            }
            return nil
        }
    }

    /// Records a customer's answer; a later answer (a correction) replaces an earlier one.
    static func recordSurveyAnswer(_ db: Database, _ answer: FollowUpRecords.SurveyAnswer, itemID: Int64, at: Date, actor: String) throws {
        try db.execute(cached: """
            UPDATE surveys SET rating = coalesce(?, rating), comment = coalesce(?, comment), answered_at = ?, answer_item_id = ? WHERE id = ?
            """, arguments: [answer.rating, answer.comment, at, itemID, answer.surveyID])
        if let number = try String.fetchOne(db, cached: "SELECT order_number FROM surveys WHERE id = ?", arguments: [answer.surveyID]) {
            try appendEvent(db, actor: actor, subject: number, action: "survey answered",
                            detail: [answer.rating.map { "rating \($0)" }, answer.comment.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: ", "))
        }
    }

    /// Every survey, oldest first (reports).
    public func surveys() throws(StoreError) -> [SurveyRecord] {
        try read("listing surveys") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM surveys ORDER BY sent_at, id").map(Self.surveyRecord)
        }
    }

    /// An address that asked for no more surveys; the first opt-out is kept.
    static func recordOptOut(_ db: Database, email: String, how: String, itemID: Int64?, at: Date, actor: String) throws {
        try db.execute(cached: "INSERT OR IGNORE INTO opt_outs (email, at, how, item_id) VALUES (?, ?, ?, ?)",
                       arguments: [email.lowercased(), at, how, itemID])
        if db.changesCount > 0 {
            try appendEvent(db, actor: actor, subject: "customer:\(email.lowercased())", action: "opted out", detail: how)
        }
    }

    public func isOptedOut(_ email: String) throws(StoreError) -> Bool {
        try read("reading opt-outs") { db in
            try Int.fetchOne(db, cached: "SELECT 1 FROM opt_outs WHERE email = ?", arguments: [email.lowercased()]) != nil
        }
    }

    static func surveyRecord(_ row: Row) -> SurveyRecord {
        SurveyRecord(id: row["id"], orderNumber: OrderNumber(row["order_number"] as String) ?? OrderNumber(year: 0, sequence: 0),
                     customerEmail: row["customer_email"], outboxID: row["outbox_id"], token: row["token"], scale: row["scale"],
                     sentAt: row["sent_at"], rating: row["rating"], comment: row["comment"], answeredAt: row["answered_at"],
                     answerItemID: row["answer_item_id"])
    }
}
