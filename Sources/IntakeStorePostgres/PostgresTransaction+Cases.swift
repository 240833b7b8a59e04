#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// Opens a case for a complaint email; the same item never opens two (`cases.item_id` is
    /// unique: a second insert for it does nothing and returns no id).
    static func insertCase(_ db: PostgresSession, itemID: Int64, _ new: FollowUpRecords.NewCase, at: Date, actor: String) throws {
        let inserted = try db.fetchValue("""
            INSERT INTO cases (order_number, item_id, customer_email, category, state, summary, opened_at)
            VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT (item_id) DO NOTHING RETURNING id
            """, [new.order?.description, itemID, new.customerEmail?.lowercased(), new.category.rawValue, new.summary, at], as: Int64.self)
        guard let id = inserted else { return }
        try appendEvent(db, actor: actor, subject: "case:\(id)", action: "opened",
                        detail: "\(new.category)\(new.order.map { " about \($0)" } ?? ", no known order")")
        if let order = new.order {
            try appendEvent(db, actor: actor, subject: order.description, action: "complaint", detail: "case \(id): \(new.category)")
        }
    }

    public func cases(states: [CaseState]? = nil) throws(StoreError) -> [CaseRecord] {
        try read("listing cases") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            return try db.fetchAll("SELECT * FROM cases" + filter.sql + " ORDER BY id", filter.values).map(Self.caseRecord)
        }
    }

    public func caseRecord(id: Int64) throws(StoreError) -> CaseRecord? {
        try read("reading case \(id)") { db in
            try db.fetchOne("SELECT * FROM cases WHERE id = ?", [id]).map(Self.caseRecord)
        }
    }

    /// A customer's cases that are not resolved (no survey goes to them meanwhile).
    public func openCases(customer email: String) throws(StoreError) -> [CaseRecord] {
        try read("listing open cases of \(email)") { db in
            try db.fetchAll("SELECT * FROM cases WHERE customer_email = ? AND state <> 'resolved' ORDER BY id",
                            [email.lowercased()]).map(Self.caseRecord)
        }
    }

    /// Changes a case's state, owner or category, with an event; `notice` (the answer email) is
    /// queued in the same transaction. `allowedFrom` guards the transition. The updated row comes
    /// back from the `UPDATE` itself (`RETURNING *`) instead of a second `SELECT`.
    @discardableResult
    public func updateCase(id: Int64, allowedFrom: Set<CaseState>? = nil, state: CaseState? = nil, owner: String? = nil, category: CaseCategory? = nil,
                           at: Date, actor: String, action: String, detail: String?, notice: OutgoingMessage? = nil) throws(StoreError) -> CaseRecord {
        try write("updating case \(id)") { db in
            guard let row = try db.fetchOne("SELECT * FROM cases WHERE id = ?", [id]) else {
                throw StoreError(code: .notFound, message: "there is no case \(id); see intake case list")
            }
            let current = try Self.caseRecord(row)
            if let allowedFrom, !allowedFrom.contains(current.state) {
                throw StoreError(code: .rule, message: "case \(id) is \(current.state); it cannot be \(action) (allowed from: \(allowedFrom.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            guard let updated = try db.fetchOne("""
                UPDATE cases SET state = coalesce(?, state), owner = coalesce(?, owner), category = coalesce(?, category),
                answered_at = CASE WHEN ? = 'answered' THEN ? ELSE answered_at END,
                resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END WHERE id = ? RETURNING *
                """, [state?.rawValue, owner, category?.rawValue, state?.rawValue, at, state?.rawValue, at, id]) else {
                throw StoreError(code: .database, message: "case \(id) vanished")
            }
            try Self.appendEvent(db, actor: actor, subject: "case:\(id)", action: action, detail: detail)
            if let notice { _ = try Self.insertOutbox(db, notice, actor: actor) }
            return try Self.caseRecord(updated)
        }
    }

    /// A case row as a record. A word this version does not know (written by a newer one) reads
    /// as `other` / `open`, so that the case still shows and can be worked.
    static func caseRecord(_ row: SQLRow) throws(StoreError) -> CaseRecord {
        CaseRecord(id: try row.get("id"), orderNumber: (try row.get("order_number") as String?).flatMap(OrderNumber.init), itemID: try row.get("item_id"),
                   customerEmail: try row.get("customer_email"), category: CaseCategory(rawValue: try row.get("category")) ?? .other,
                   owner: try row.get("owner"), state: CaseState(rawValue: try row.get("state")) ?? .open,
                   summary: try row.get("summary"), openedAt: try row.get("opened_at"), answeredAt: try row.get("answered_at"),
                   resolvedAt: try row.get("resolved_at"))
    }
}
#endif
