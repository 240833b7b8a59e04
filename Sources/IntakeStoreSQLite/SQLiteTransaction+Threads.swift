public import IntakeModel
import GRDB

extension SQLiteTransaction {
    /// The first of `messageIDs` (the direct parent comes first) that is mail we sent or an order
    /// email we stored, so that a reply whose subject and body name no order still finds it.
    public func threadTarget(messageIDs: [String]) throws(StoreError) -> ThreadTarget? {
        guard !messageIDs.isEmpty else { return nil }
        return try read("looking up a reply's thread") { db in
            for id in messageIDs.prefix(50) {
                if let row = try Row.fetchOne(db, cached: "SELECT order_number, purpose FROM outbox WHERE message_id = ?", arguments: [id]) {
                    let number: String? = row["order_number"]
                    return ThreadTarget(messageID: id, orderNumber: number.flatMap(OrderNumber.init), purpose: MailPurpose(rawValue: row["purpose"]))
                }
                if let number = try String.fetchOne(db, cached: """
                    SELECT orders.number FROM items JOIN orders ON orders.item_id = items.id
                    WHERE items.message_id = ? ORDER BY items.id LIMIT 1
                    """, arguments: [id]) {
                    return ThreadTarget(messageID: id, orderNumber: OrderNumber(number), purpose: nil)
                }
            }
            return nil
        }
    }
}
