public import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    /// Opens a case for a complaint email; the same item never opens two.
    static func insertCase(_ db: Database, itemID: Int64, _ new: FollowUpRecords.NewCase, at: Date, actor: String) throws {
        try db.execute(cached: """
            INSERT OR IGNORE INTO cases (order_number, item_id, customer_email, category, state, summary, opened_at)
            VALUES (?, ?, ?, ?, 'open', ?, ?)
            """, arguments: [new.order?.description, itemID, new.customerEmail?.lowercased(), new.category.rawValue, new.summary, at])
        guard db.changesCount > 0 else { return }
        let id = db.lastInsertedRowID
        try appendEvent(db, actor: actor, subject: "case:\(id)", action: "opened",
                        detail: "\(new.category)\(new.order.map { " about \($0)" } ?? ", no known order")")
        if let order = new.order {
            try appendEvent(db, actor: actor, subject: order.description, action: "complaint", detail: "case \(id): \(new.category)")
        }
    }

    public func cases(states: [CaseState]? = nil) throws(StoreError) -> [CaseRecord] {
        try read("listing cases") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            return try Row.fetchAll(db, sql: "SELECT * FROM cases" + filter.sql + " ORDER BY id", arguments: filter.arguments).map(Self.caseRecord)
        }
    }

    public func caseRecord(id: Int64) throws(StoreError) -> CaseRecord? {
        try read("reading case \(id)") { db in
            try Row.fetchOne(db, cached: "SELECT * FROM cases WHERE id = ?", arguments: [id]).map(Self.caseRecord)
        }
    }

    /// A customer's cases that are not resolved (no survey goes to them meanwhile).
    public func openCases(customer email: String) throws(StoreError) -> [CaseRecord] {
        try read("listing open cases of \(email)") { db in
            try Row.fetchAll(db, cached: "SELECT * FROM cases WHERE customer_email = ? AND state != 'resolved' ORDER BY id",
                             arguments: [email.lowercased()]).map(Self.caseRecord)
        }
    }

    /// Changes a case's state, owner or category, with an event; `notice` (the answer email) is
    /// queued in the same transaction. `allowedFrom` guards the transition.
    @discardableResult
    public func updateCase(id: Int64, allowedFrom: Set<CaseState>? = nil, state: CaseState? = nil, owner: String? = nil, category: CaseCategory? = nil,
                           at: Date, actor: String, action: String, detail: String?, notice: OutgoingMessage? = nil) throws(StoreError) -> CaseRecord {
        try write("updating case \(id)") { db in
            guard let row = try Row.fetchOne(db, cached: "SELECT * FROM cases WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .notFound, message: "there is no case \(id); see intake case list")
            }
            let current = Self.caseRecord(row)
            if let allowedFrom, !allowedFrom.contains(current.state) {
                throw StoreError(code: .rule, message: "case \(id) is \(current.state); it cannot be \(action) (allowed from: \(allowedFrom.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            try db.execute(cached: """
                UPDATE cases SET state = coalesce(?, state), owner = coalesce(?, owner), category = coalesce(?, category),
                answered_at = CASE WHEN ? = 'answered' THEN ? ELSE answered_at END,
                resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END WHERE id = ?
                """, arguments: [state?.rawValue, owner, category?.rawValue, state?.rawValue, at, state?.rawValue, at, id])
            try Self.appendEvent(db, actor: actor, subject: "case:\(id)", action: action, detail: detail)
            if let notice { _ = try Self.insertOutbox(db, notice, actor: actor) }
            guard let updated = try Row.fetchOne(db, cached: "SELECT * FROM cases WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .database, message: "case \(id) vanished")
            }
            return Self.caseRecord(updated)
        }
    }

    /// A case row as a record. A word this version does not know (written by a newer one) reads
    /// as `other` / `open`, so that the case still shows and can be worked.
    static func caseRecord(_ row: Row) -> CaseRecord {
        CaseRecord(id: row["id"], orderNumber: (row["order_number"] as String?).flatMap(OrderNumber.init), itemID: row["item_id"],
                   customerEmail: row["customer_email"], category: CaseCategory(rawValue: row["category"]) ?? .other, owner: row["owner"],
                   state: CaseState(rawValue: row["state"]) ?? .open,
                   summary: row["summary"], openedAt: row["opened_at"], answeredAt: row["answered_at"], resolvedAt: row["resolved_at"])
    }
}
