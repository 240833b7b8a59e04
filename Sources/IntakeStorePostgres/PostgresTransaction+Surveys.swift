#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// Records a customer's answer; a later answer (a correction) replaces an earlier one. An
    /// unknown survey id changes and logs nothing (the `UPDATE` returns no order number).
    static func recordSurveyAnswer(_ db: PostgresSession, _ answer: FollowUpRecords.SurveyAnswer, itemID: Int64, at: Date, actor: String) throws {
        let number = try db.fetchValue("""
            UPDATE surveys SET rating = coalesce(?, rating), comment = coalesce(?, comment), answered_at = ?, answer_item_id = ? WHERE id = ?
            RETURNING order_number
            """, [answer.rating, answer.comment, at, itemID, answer.surveyID], as: String.self)
        if let number {
            try appendEvent(db, actor: actor, subject: number, action: "survey answered",
                            detail: [answer.rating.map { "rating \($0)" }, answer.comment.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: ", "))
        }
    }

    /// An address that asked for no more surveys; the first opt-out is kept (`opt_outs.email` is
    /// the key: a second insert for it does nothing and changes no row).
    static func recordOptOut(_ db: PostgresSession, email: String, how: String, itemID: Int64?, at: Date, actor: String) throws {
        let inserted = try db.run("INSERT INTO opt_outs (email, at, how, item_id) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
                                  [email.lowercased(), at, how, itemID]).affected
        if inserted > 0 {
            try appendEvent(db, actor: actor, subject: "customer:\(email.lowercased())", action: "opted out", detail: how)
        }
    }

    /// Orders completed at or before `cutoff` that have no survey yet, oldest completion first.
    public func ordersDueForSurvey(completedBefore cutoff: Date) throws(StoreError) -> [Order] {
        try read("listing orders due for a survey") { db in
            let decoder = Self.decoder()
            return try db.fetchValues("""
                SELECT body_json FROM orders WHERE completed_at IS NOT NULL AND completed_at <= ?
                AND number NOT IN (SELECT order_number FROM surveys) ORDER BY completed_at, year, sequence
                """, [cutoff], as: String.self).map { try decoder.decode(Order.self, from: Data($0.utf8)) }
        }
    }

    /// The last survey sent to an address, if any.
    public func lastSurvey(to email: String) throws(StoreError) -> Date? {
        try read("reading the last survey to \(email)") { db in
            try db.fetchValue("SELECT max(sent_at) FROM surveys WHERE customer_email = ?", [email.lowercased()], as: Date.self)
        }
    }

    /// Queues a survey's email and records the survey in one transaction, after checking again,
    /// inside it, what an overlapping run could have changed: no survey for this order yet, none to
    /// this customer since `notSince`, no opt-out. Returns the skip reason instead when one holds.
    ///
    /// Several workers may queue at once: the transaction is `SERIALIZABLE`, so one that checked
    /// before another committed a survey for the same order or customer (or an opt-out) fails
    /// with a serialization failure and `PostgresStore` runs it again, when the checks see the
    /// other's rows. `surveys.order_number` and `surveys.token` are unique besides.
    public func queueSurvey(for number: OrderNumber, email: String, token: String, scale: Int, message: OutgoingMessage,
                            notSince: Date, at now: Date, actor: String) throws(StoreError) -> Result<SurveyRecord, SurveySkip> {
        let address = email.lowercased()
        return try write("queueing the survey for \(number)") { db in
            if try db.fetchOne("SELECT 1 FROM surveys WHERE order_number = ?", [number.description]) != nil {
                return .failure(.alreadySurveyed)
            }
            if try db.fetchOne("SELECT 1 FROM opt_outs WHERE email = ?", [address]) != nil {
                return .failure(.optedOut)
            }
            if let last = try db.fetchValue("SELECT max(sent_at) FROM surveys WHERE customer_email = ?", [address], as: Date.self), last > notSince {
                return .failure(.surveyedRecently(last))
            }
            let outbox = try Self.insertOutbox(db, message, actor: actor)
            guard let row = try db.fetchOne("""
                INSERT INTO surveys (order_number, customer_email, outbox_id, token, scale, sent_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *
                """, [number.description, address, outbox.id, token, scale, now]) else {
                throw StoreError(code: .database, message: "the survey for \(number) returned no row after insert")
            }
            try Self.appendEvent(db, actor: actor, subject: number.description, action: "survey queued",
                                 detail: "survey \(token) to \(address) (outbox:\(outbox.id))")
            return .success(try Self.surveyRecord(row))
        }
    }

    /// The survey a reply answers: by its token, else the order's survey.
    public func survey(token: String?, order: OrderNumber?) throws(StoreError) -> SurveyRecord? {
        try read("finding a survey") { db in
            if let token, let row = try db.fetchOne("SELECT * FROM surveys WHERE token = ?", [token.uppercased()]) {
                return try Self.surveyRecord(row)
            }
            if let order, let row = try db.fetchOne("SELECT * FROM surveys WHERE order_number = ?", [order.description]) {
                return try Self.surveyRecord(row)
            }
            return nil
        }
    }

    /// Every survey, oldest first (reports).
    public func surveys() throws(StoreError) -> [SurveyRecord] {
        try read("listing surveys") { db in
            try db.fetchAll("SELECT * FROM surveys ORDER BY sent_at, id").map(Self.surveyRecord)
        }
    }

    public func isOptedOut(_ email: String) throws(StoreError) -> Bool {
        try read("reading opt-outs") { db in
            try db.fetchOne("SELECT 1 FROM opt_outs WHERE email = ?", [email.lowercased()]) != nil
        }
    }

    static func surveyRecord(_ row: SQLRow) throws(StoreError) -> SurveyRecord {
        SurveyRecord(id: try row.get("id"), orderNumber: OrderNumber(try row.get("order_number") as String) ?? OrderNumber(year: 0, sequence: 0),
                     customerEmail: try row.get("customer_email"), outboxID: try row.get("outbox_id"), token: try row.get("token"),
                     scale: try row.get("scale"), sentAt: try row.get("sent_at"), rating: try row.get("rating"), comment: try row.get("comment"),
                     answeredAt: try row.get("answered_at"), answerItemID: try row.get("answer_item_id"))
    }
}
#endif
