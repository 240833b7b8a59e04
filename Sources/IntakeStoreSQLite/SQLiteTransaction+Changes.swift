public import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    static func insertChange(_ db: Database, itemID: Int64, _ new: FollowUpRecords.NewChange, at: Date, actor: String) throws {
        try db.execute(cached: """
            INSERT OR IGNORE INTO change_requests (order_number, item_id, kind, state, proposal_json, flag, created_at)
            VALUES (?, ?, ?, 'pending', ?, ?, ?)
            """, arguments: [new.order?.description, itemID, new.kind.rawValue, try encode(new.proposal), new.flag, at])
        guard db.changesCount > 0 else { return }
        let id = db.lastInsertedRowID
        try appendEvent(db, actor: actor, subject: "change:\(id)", action: "received", detail: new.flag ?? new.kind.rawValue)
        if let order = new.order {
            try appendEvent(db, actor: actor, subject: order.description, action: "\(new.kind) requested", detail: "change \(id)\(new.flag.map { ": \($0)" } ?? "")")
        }
    }

    public func changeRequests(states: [ChangeState]? = [.pending]) throws(StoreError) -> [ChangeRequestRecord] {
        try read("listing change requests") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            return try Row.fetchAll(db, sql: "SELECT * FROM change_requests" + filter.sql + " ORDER BY id", arguments: filter.arguments).map(Self.changeRecord)
        }
    }

    public func changeRequest(id: Int64) throws(StoreError) -> ChangeRequestRecord? {
        try read("reading change \(id)") { db in
            try Row.fetchOne(db, cached: "SELECT * FROM change_requests WHERE id = ?", arguments: [id]).map(Self.changeRecord)
        }
    }

    /// Accepts or declines a pending request. On acceptance `change` is applied to its order with
    /// an event holding the before and after; the answer email is queued; all in one transaction.
    @discardableResult
    /// Closes a pending request without applying it or writing to the customer: what an
    /// assistant does once they have handled it by hand (amended the order, answered by phone).
    public func closeChange(id: Int64, note: String, at: Date, actor: String) throws(StoreError) -> ChangeRequestRecord {
        try write("closing change \(id)") { db in
            guard let row = try Row.fetchOne(db, cached: "SELECT * FROM change_requests WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
            }
            guard Self.changeRecord(row).state == .pending else {
                throw StoreError(code: .conflict, message: "change request \(id) was already \(Self.changeRecord(row).state)")
            }
            try db.execute(cached: "UPDATE change_requests SET state = 'closed', decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
                           arguments: [at, actor, note, id])
            try Self.appendEvent(db, actor: actor, subject: "change:\(id)", action: "closed", detail: note)
            guard let updated = try Row.fetchOne(db, cached: "SELECT * FROM change_requests WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .database, message: "change request \(id) vanished")
            }
            return Self.changeRecord(updated)
        }
    }

    public func decideChange(id: Int64, accept: Bool, reason: String?, at: Date, actor: String, notice: OutgoingMessage?,
                             change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> ChangeRequestRecord {
        try write("deciding change \(id)") { db in
            guard let row = try Row.fetchOne(db, cached: "SELECT * FROM change_requests WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
            }
            let request = Self.changeRecord(row)
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
            try db.execute(cached: "UPDATE change_requests SET state = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
                           arguments: [state.rawValue, at, actor, reason, id])
            try Self.appendEvent(db, actor: actor, subject: "change:\(id)", action: state.rawValue, detail: reason)
            if let notice { _ = try Self.insertOutbox(db, notice, actor: actor) }
            guard let updated = try Row.fetchOne(db, cached: "SELECT * FROM change_requests WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .database, message: "change request \(id) vanished")
            }
            return Self.changeRecord(updated)
        }
    }

    static func changeRecord(_ row: Row) -> ChangeRequestRecord {
        let json: String? = row["proposal_json"]
        let proposal = json.flatMap { try? decoder().decode(ChangeProposal.self, from: Data($0.utf8)) } ?? ChangeProposal()
        return ChangeRequestRecord(id: row["id"], orderNumber: (row["order_number"] as String?).flatMap(OrderNumber.init), itemID: row["item_id"],
                                   kind: ChangeKind(rawValue: row["kind"]) ?? .change, state: ChangeState(rawValue: row["state"]) ?? .pending, proposal: proposal, flag: row["flag"], createdAt: row["created_at"],
                                   decidedAt: row["decided_at"], decidedBy: row["decided_by"], reason: row["reason"])
    }
}
