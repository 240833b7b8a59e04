import Foundation
import IntakeModel

extension MemoryTransaction {
    /// `SQLiteTransaction.insertChange`: `INSERT OR IGNORE` on `change_requests.item_id UNIQUE`,
    /// then the foreign key to `orders(number)` (not covered by `OR IGNORE`).
    func insertChange(itemID: Int64, _ new: FollowUpRecords.NewChange, at: Date, actor: String) throws {
        let proposal = try Self.encode(new.proposal)
        guard !state.changes.contains(where: { $0.itemID == itemID }) else { return }
        let orderText = new.order?.description
        guard orderExists(orderText), itemRow(itemID) != nil else { throw MemoryConstraintError.foreignKey }
        let id = Int64(state.changes.count + 1)
        state.changes.append(MemoryChangeRow(id: id, orderNumber: orderText, itemID: itemID, kind: new.kind, state: .pending,
                                             proposalJSON: proposal, flag: new.flag, createdAt: StoredDate(at)))
        appendEvent(actor: actor, subject: "change:\(id)", action: "received", detail: new.flag ?? new.kind.rawValue)
        if let order = new.order {
            appendEvent(actor: actor, subject: order.description, action: "\(new.kind) requested",
                        detail: "change \(id)\(new.flag.map { ": \($0)" } ?? "")")
        }
    }

    func changeRequests(states: [ChangeState]?) throws(StoreError) -> [ChangeRequestRecord] {
        state.changes.filter { Self.matches($0.state, states) }.map(\.record)
    }

    func changeRow(_ id: Int64) -> MemoryChangeRow? {
        guard id >= 1, id <= Int64(state.changes.count) else { return nil }
        return state.changes[Int(id - 1)]
    }

    func changeRequest(id: Int64) throws(StoreError) -> ChangeRequestRecord? {
        changeRow(id)?.record
    }

    /// `SQLiteTransaction.closeChange`: a pending request becomes `closed`; any other is a conflict.
    func closeChange(id: Int64, note: String, at: Date, actor: String) throws(StoreError) -> ChangeRequestRecord {
        try write("closing change \(id)") {
            guard var row = changeRow(id) else {
                throw StoreError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
            }
            guard row.state == .pending else {
                throw StoreError(code: .conflict, message: "change request \(id) was already \(row.state)")
            }
            row.state = .closed
            row.decidedAt = StoredDate(at)
            row.decidedBy = actor
            row.reason = note
            state.changes[Int(id - 1)] = row
            appendEvent(actor: actor, subject: "change:\(id)", action: "closed", detail: note)
            return row.record
        }
    }

    /// `SQLiteTransaction.decideChange`: on acceptance `change` is applied to the order (saved
    /// and logged even when it changed nothing, unlike `updateOrder`); then the request's state,
    /// its event and the answer email.
    func decideChange(id: Int64, accept: Bool, reason: String?, at: Date, actor: String, notice: OutgoingMessage?,
                      change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> ChangeRequestRecord {
        try write("deciding change \(id)") {
            guard let request = changeRow(id) else {
                throw StoreError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
            }
            guard request.state == .pending else {
                throw StoreError(code: .conflict, message: "change request \(id) was already \(request.state)")
            }
            if accept, let number = request.orderNumber.flatMap(OrderNumber.init) {
                guard var order = try loadOrder(number) else { throw StoreError(code: .notFound, message: "there is no order \(number)") }
                let before = order
                try change(&order)
                if order.state != before.state { try before.state.checkTransition(to: order.state, of: number) }
                try saveOrder(order)
                appendEvent(actor: actor, subject: number.description, action: request.kind == .cancellation ? "cancelled" : "changed",
                            detail: "at the customer's request (change \(id))", before: try Self.encode(before), after: try Self.encode(order))
            }
            let decided: ChangeState = accept ? .accepted : .declined
            var row = request
            row.state = decided
            row.decidedAt = StoredDate(at)
            row.decidedBy = actor
            row.reason = reason
            state.changes[Int(id - 1)] = row
            appendEvent(actor: actor, subject: "change:\(id)", action: decided.rawValue, detail: reason)
            if let notice { _ = try insertOutbox(notice, actor: actor) }
            return row.record
        }
    }
}
