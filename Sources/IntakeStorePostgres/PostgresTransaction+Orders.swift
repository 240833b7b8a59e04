#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// `json` is the order already encoded (the caller logs that text too).
    static func insertOrder(_ db: PostgresSession, _ order: Order, json: String) throws {
        let now = Date()
        try db.execute("""
            INSERT INTO orders (number, year, sequence, item_id, state, received_at, body_json, customer_email, total, currency, issue_count, edited,
                                completed_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [order.number.description, order.number.year, order.number.sequence, order.itemID, order.state.rawValue, order.receivedAt,
                  json, order.customer.email, order.total.map(DecimalText.format), order.currency, order.issues.count,
                  order.edited, order.fulfilment.completedAt, now, now])
    }

    static func saveOrder(_ db: PostgresSession, _ order: Order) throws {
        try db.execute("""
            UPDATE orders SET state = ?, body_json = ?, customer_email = ?, total = ?, currency = ?, issue_count = ?, edited = ?, completed_at = ?, updated_at = ?
            WHERE number = ?
            """, [order.state.rawValue, try encode(order), order.customer.email, order.total.map(DecimalText.format), order.currency,
                  order.issues.count, order.edited, order.fulfilment.completedAt, Date(), order.number.description])
    }

    static func loadOrder(_ db: PostgresSession, _ number: OrderNumber) throws -> Order? {
        guard let json = try db.fetchValue("SELECT body_json FROM orders WHERE number = ?", [number.description], as: String.self) else { return nil }
        return try decoder().decode(Order.self, from: Data(json.utf8))
    }

    public func order(_ number: OrderNumber) throws(StoreError) -> Order? {
        try read("reading order \(number)") { db in try Self.loadOrder(db, number) }
    }

    /// The numbers of the orders with this sequence number, in any year: what `queue show 7`
    /// may mean.
    public func orderNumbers(sequence: Int) throws(StoreError) -> [OrderNumber] {
        try read("looking up order \(sequence)") { db in
            try db.fetchAll("SELECT year, sequence FROM orders WHERE sequence = ? ORDER BY year", [sequence]).map { row throws(StoreError) in
                OrderNumber(year: try row.get("year"), sequence: try row.get("sequence"))
            }
        }
    }

    /// Orders in the given states (all when nil), by number.
    public func orders(states: [OrderState]? = nil) throws(StoreError) -> [Order] {
        try read("listing orders") { db in
            let filter = Self.stateFilter(states?.map(\.rawValue))
            let decoder = Self.decoder()
            return try db.fetchValues("SELECT body_json FROM orders" + filter.sql + " ORDER BY year, sequence", filter.values, as: String.self)
                .map { try decoder.decode(Order.self, from: Data($0.utf8)) }
        }
    }

    /// Loads an order, applies `change` and saves it with an event holding the before and after, in
    /// one transaction. A changed state must be an allowed transition. Returns the saved order.
    /// `notice`, when given, is queued in the outbox in the same transaction, so that the customer
    /// hears of a change exactly when it is made (a crash leaves neither or both).
    /// `expecting` refuses the change when another worker moved the order since it was read
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
#endif
