import Foundation
import IntakeModel

extension MemoryTransaction {
    /// `SQLiteTransaction.insertOrder`: `json` is the order already encoded (the caller logs
    /// that text too). `orders.number` is the primary key; the item and the year's sequence are
    /// unique too, which the callers keep (a number is issued once, an item completed once).
    func insertOrder(_ order: Order, json: String) throws {
        let key = order.number.description
        guard state.orders[key] == nil else { throw MemoryConstraintError.unique("orders.number") }
        guard state.orderNumberByItemID[order.itemID] == nil else { throw MemoryConstraintError.unique("orders.item_id") }
        guard itemRow(order.itemID) != nil else { throw MemoryConstraintError.foreignKey }
        state.orders[key] = MemoryOrderRow(year: order.number.year, sequence: order.number.sequence, itemID: order.itemID, state: order.state,
                                           json: json, completedAt: order.fulfilment.completedAt.stored)
        state.orderNumberByItemID[order.itemID] = key
    }

    /// `SQLiteTransaction.saveOrder`: `UPDATE … WHERE number = ?`, nothing when no row has it.
    func saveOrder(_ order: Order) throws {
        let key = order.number.description
        guard var row = state.orders[key] else { return }
        row.json = try Self.encode(order)
        row.state = order.state
        row.completedAt = order.fulfilment.completedAt.stored
        state.orders[key] = row
    }

    /// The order as a read decodes it from its JSON.
    func loadOrder(_ number: OrderNumber) throws -> Order? {
        guard let row = state.orders[number.description] else { return nil }
        return try Self.decoder().decode(Order.self, from: Data(row.json.utf8))
    }

    /// Whether `orders.number` holds this text: what a `REFERENCES orders(number)` column needs.
    func orderExists(_ number: String?) -> Bool {
        guard let number else { return true }
        return state.orders[number] != nil
    }

    /// The rows `filter` keeps, `ORDER BY year, sequence`.
    func orderRows(where filter: (MemoryOrderRow) -> Bool) -> [MemoryOrderRow] {
        state.orders.values.filter(filter).sorted { ($0.year, $0.sequence) < ($1.year, $1.sequence) }
    }

    func order(_ number: OrderNumber) throws(StoreError) -> Order? {
        try read("reading order \(number)") { try loadOrder(number) }
    }

    /// The orders with this sequence number, in any year, `ORDER BY year`.
    func orderNumbers(sequence: Int) throws(StoreError) -> [OrderNumber] {
        orderRows { $0.sequence == sequence }.map { OrderNumber(year: $0.year, sequence: $0.sequence) }
    }

    /// Orders in the given states (all when nil), by number.
    func orders(states: [OrderState]?) throws(StoreError) -> [Order] {
        try read("listing orders") {
            let decoder = Self.decoder()
            return try orderRows { Self.matches($0.state, states) }.map { try decoder.decode(Order.self, from: Data($0.json.utf8)) }
        }
    }

    /// `SQLiteTransaction.updateOrder`: `expecting` guards against a move since the caller read
    /// the order; a changed state must be an allowed transition; an order `change` left equal is
    /// not saved, logged or announced (its notice is not queued).
    @discardableResult
    func updateOrder(_ number: OrderNumber, actor: String, action: String, detail: String?, expecting: OrderState?, notice: OutgoingMessage?,
                     change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> Order {
        try write("updating order \(number)") {
            guard let before = try loadOrder(number) else {
                throw StoreError(code: .notFound, message: "there is no order \(number)")
            }
            guard let order = try OrderUpdate.apply(change, to: before, expecting: expecting) else { return before }
            try saveOrder(order)
            appendEvent(actor: actor, subject: number.description, action: action, detail: detail,
                        before: try Self.encode(before), after: try Self.encode(order))
            if let notice { _ = try insertOutbox(notice, actor: actor) }
            return order
        }
    }

    /// `SQLiteTransaction.ordersDueForSurvey`: completed at or before `cutoff` (compared as
    /// stored text), no survey yet (`number NOT IN (SELECT order_number FROM surveys)`),
    /// `ORDER BY completed_at, year, sequence`.
    func ordersDueForSurvey(completedBefore cutoff: Date) throws(StoreError) -> [Order] {
        try read("listing orders due for a survey") {
            let limit = StoredDate(cutoff)
            let surveyed = Set(state.surveys.map(\.orderNumber))
            let rows = state.orders.filter { key, row in
                guard let completed = row.completedAt else { return false }
                return completed <= limit && !surveyed.contains(key)
            }.values.sorted { lhs, rhs in
                guard let left = lhs.completedAt, let right = rhs.completedAt else { return false }
                if left != right { return left < right }
                return (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
            }
            let decoder = Self.decoder()
            return try rows.map { try decoder.decode(Order.self, from: Data($0.json.utf8)) }
        }
    }
}
