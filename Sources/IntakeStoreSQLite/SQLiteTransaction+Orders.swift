import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    /// `json` is the order already encoded (the caller logs that text too).
    static func insertOrder(_ db: Database, _ order: Order, json: String) throws {
        let now = Date().sqliteText
        try db.execute(cached: """
            INSERT INTO orders (number, year, sequence, item_id, state, received_at, body_json, customer_email, total, currency, issue_count, edited,
                                completed_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [order.number.description, order.number.year, order.number.sequence, order.itemID, order.state.rawValue, order.receivedAt.sqliteText,
                             json, order.customer.email, order.total.map(DecimalText.format), order.currency, order.issues.count,
                             order.edited, order.fulfilment.completedAt?.sqliteText, now, now])
    }

    static func saveOrder(_ db: Database, _ order: Order) throws {
        try db.execute(cached: """
            UPDATE orders SET state = ?, body_json = ?, customer_email = ?, total = ?, currency = ?, issue_count = ?, edited = ?, completed_at = ?, updated_at = ?
            WHERE number = ?
            """, arguments: [order.state.rawValue, try encode(order), order.customer.email, order.total.map(DecimalText.format), order.currency,
                             order.issues.count, order.edited, order.fulfilment.completedAt?.sqliteText, Date().sqliteText, order.number.description])
    }

    static func loadOrder(_ db: Database, _ number: OrderNumber) throws -> Order? {
        guard let json = try String.fetchOne(db, cached: "SELECT body_json FROM orders WHERE number = ?", arguments: [number.description]) else { return nil }
        return try decoder().decode(Order.self, from: Data(json.utf8))
    }

    public func order(_ number: OrderNumber) throws(StoreError) -> Order? {
        try read("reading order \(number)") { db in try Self.loadOrder(db, number) }
    }

    /// The numbers of the orders with this sequence number, in any year: what `queue show 7`
    /// may mean.
    public func orderNumbers(sequence: Int) throws(StoreError) -> [OrderNumber] {
        try read("looking up order \(sequence)") { db in
            try Row.fetchAll(db, sql: "SELECT year, sequence FROM orders WHERE sequence = ? ORDER BY year", arguments: [sequence])
                .map { OrderNumber(year: $0["year"], sequence: $0["sequence"]) }
        }
    }

    /// Orders in the given states (all when nil), by number.
    public func orders(states: [OrderState]? = nil) throws(StoreError) -> [Order] {
        try read("listing orders") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            let decoder = Self.decoder()
            return try String.fetchAll(db, sql: "SELECT body_json FROM orders" + filter.sql + " ORDER BY year, sequence", arguments: filter.arguments).map { try decoder.decode(Order.self, from: Data($0.utf8)) }
        }
    }

    /// Loads an order, applies `change` and saves it with an event holding the before and after, in
    /// one transaction. A changed state must be an allowed transition. Returns the saved order.
    /// `notice`, when given, is queued in the outbox in the same transaction, so that the customer
    /// hears of a change exactly when it is made (a crash leaves neither or both).
    /// `expecting` refuses the change when another process moved the order since it was read
    /// (the notice was rendered from that state).
    @discardableResult
    public func updateOrder(_ number: OrderNumber, actor: String, action: String, detail: String?,
                            expecting: OrderState? = nil, notice: OutgoingMessage? = nil,
                            change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> Order {
        try write("updating order \(number)") { db in
            guard let before = try Self.loadOrder(db, number) else {
                throw StoreError(code: .notFound, message: "there is no order \(number)")
            }
            guard let order = try OrderUpdate.apply(change, to: before, expecting: expecting) else { return before }
            try Self.saveOrder(db, order)
            try Self.appendEvent(db, actor: actor, subject: number.description, action: action, detail: detail,
                                 before: try Self.encode(before), after: try Self.encode(order))
            if let notice { _ = try Self.insertOutbox(db, notice, actor: actor) }
            return order
        }
    }
}
