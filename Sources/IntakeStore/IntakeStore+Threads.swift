public import IntakeModel
import GRDB

/// What a customer's reply refers to, found through its `In-Reply-To`/`References`.
public struct ThreadTarget: Sendable, Equatable {
    /// The Message-ID that matched.
    public var messageID: String
    /// The order it belongs to, when it belongs to one.
    public var orderNumber: OrderNumber?
    /// `confirmation`, `survey`, … for our own mail; `order email` for the customer's order that
    /// became an order here.
    public var purpose: String
}

extension IntakeStore {
    /// The first of `messageIDs` (the direct parent comes first) that is mail we sent or an order
    /// email we stored, so that a reply whose subject and body name no order still finds it.
    public func threadTarget(messageIDs: [String]) throws(StoreError) -> ThreadTarget? {
        guard !messageIDs.isEmpty else { return nil }
        return try read("looking up a reply's thread") { db in
            for id in messageIDs.prefix(50) {
                if let row = try Row.fetchOne(db, cached: "SELECT order_number, purpose FROM outbox WHERE message_id = ?", arguments: [id]) {
                    let number: String? = row["order_number"]
                    return ThreadTarget(messageID: id, orderNumber: number.flatMap(OrderNumber.init), purpose: row["purpose"])
                }
                if let number = try String.fetchOne(db, cached: """
                    SELECT orders.number FROM items JOIN orders ON orders.item_id = items.id
                    WHERE items.message_id = ? ORDER BY items.id LIMIT 1
                    """, arguments: [id]) {
                    return ThreadTarget(messageID: id, orderNumber: OrderNumber(number), purpose: "order email")
                }
            }
            return nil
        }
    }
}
