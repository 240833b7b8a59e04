#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// Records a change request or cancellation; the same item never records two
    /// (`change_requests.item_id` is unique: a second insert for it does nothing and returns no id).
    static func insertChange(_ db: PostgresSession, itemID: Int64, _ new: FollowUpRecords.NewChange, at: Date, actor: String) throws {
        let inserted = try db.fetchValue("""
            INSERT INTO change_requests (order_number, item_id, kind, state, proposal_json, flag, created_at)
            VALUES (?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (item_id) DO NOTHING RETURNING id
            """, [new.order?.description, itemID, new.kind.rawValue, try encode(new.proposal), new.flag, at], as: Int64.self)
        guard let id = inserted else { return }
        try appendEvent(db, actor: actor, subject: "change:\(id)", action: "received", detail: new.flag ?? new.kind.rawValue)
        if let order = new.order {
            try appendEvent(db, actor: actor, subject: order.description, action: "\(new.kind) requested", detail: "change \(id)\(new.flag.map { ": \($0)" } ?? "")")
        }
    }

    public func changeRequests(states: [ChangeState]? = [.pending]) throws(StoreError) -> [ChangeRequestRecord] {
        try read("listing change requests") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            return try db.fetchAll("SELECT * FROM change_requests" + filter.sql + " ORDER BY id", filter.values).map(Self.changeRecord)
        }
    }

    public func changeRequest(id: Int64) throws(StoreError) -> ChangeRequestRecord? {
        try read("reading change \(id)") { db in
            try db.fetchOne("SELECT * FROM change_requests WHERE id = ?", [id]).map(Self.changeRecord)
        }
    }

    /// Closes a pending request without applying it or writing to the customer: what an
    /// assistant does once they have handled it by hand (amended the order, answered by phone).
    public func closeChange(id: Int64, note: String, at: Date, actor: String) throws(StoreError) -> ChangeRequestRecord {
        try write("closing change \(id)") { db in
            guard let row = try db.fetchOne("SELECT * FROM change_requests WHERE id = ?", [id]) else {
                throw StoreError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
            }
            let request = try Self.changeRecord(row)
            guard request.state == .pending else {
                throw StoreError(code: .conflict, message: "change request \(id) was already \(request.state)")
            }
            guard let updated = try db.fetchOne("""
                UPDATE change_requests SET state = 'closed', decided_at = ?, decided_by = ?, reason = ? WHERE id = ? RETURNING *
                """, [at, actor, note, id]) else {
                throw StoreError(code: .database, message: "change request \(id) vanished")
            }
            try Self.appendEvent(db, actor: actor, subject: "change:\(id)", action: "closed", detail: note)
            return try Self.changeRecord(updated)
        }
    }

    /// Accepts or declines a pending request. On acceptance `change` is applied to its order with
    /// an event holding the before and after; the answer email is queued; all in one transaction.
    public func decideChange(id: Int64, accept: Bool, reason: String?, at: Date, actor: String, notice: OutgoingMessage?,
                             change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> ChangeRequestRecord {
        try write("deciding change \(id)") { db in
            guard let row = try db.fetchOne("SELECT * FROM change_requests WHERE id = ?", [id]) else {
                throw StoreError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
            }
            let request = try Self.changeRecord(row)
            guard request.state == .pending else {
                throw StoreError(code: .conflict, message: "change request \(id) was already \(request.state)")
            }
            if accept, let number = request.orderNumber {
                guard var order = try Self.loadOrder(db, number) else { throw StoreError(code: .notFound, message: "there is no order \(number)") }
                let before = order
                try change(&order)
                if order.state != before.state { try before.state.checkTransition(to: order.state, of: number) }
                try Self.saveOrder(db, order)
                try Self.appendEvent(db, actor: actor, subject: number.description, action: request.kind == .cancellation ? "cancelled" : "changed",
                                     detail: "at the customer's request (change \(id))", before: try Self.encode(before), after: try Self.encode(order))
            }
            let state: ChangeState = accept ? .accepted : .declined
            guard let updated = try db.fetchOne("""
                UPDATE change_requests SET state = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ? RETURNING *
                """, [state.rawValue, at, actor, reason, id]) else {
                throw StoreError(code: .database, message: "change request \(id) vanished")
            }
            try Self.appendEvent(db, actor: actor, subject: "change:\(id)", action: state.rawValue, detail: reason)
            if let notice { _ = try Self.insertOutbox(db, notice, actor: actor) }
            return try Self.changeRecord(updated)
        }
    }

    /// A change request row as a record. A proposal that does not decode reads as an empty one,
    /// and a word this version does not know reads as `change` / `pending`, as on SQLite.
    static func changeRecord(_ row: SQLRow) throws(StoreError) -> ChangeRequestRecord {
        let json: String? = try row.get("proposal_json")
        let proposal = json.flatMap { try? decoder().decode(ChangeProposal.self, from: Data($0.utf8)) } ?? ChangeProposal()
        return ChangeRequestRecord(id: try row.get("id"), orderNumber: (try row.get("order_number") as String?).flatMap(OrderNumber.init),
                                   itemID: try row.get("item_id"), kind: ChangeKind(rawValue: try row.get("kind")) ?? .change,
                                   state: ChangeState(rawValue: try row.get("state")) ?? .pending, proposal: proposal, flag: try row.get("flag"),
                                   createdAt: try row.get("created_at"), decidedAt: try row.get("decided_at"), decidedBy: try row.get("decided_by"),
                                   reason: try row.get("reason"))
    }
}
#endif
