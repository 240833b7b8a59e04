#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// The first of `messageIDs` (the direct parent comes first) that is mail we sent or an order
    /// email we stored, so that a reply whose subject and body name no order still finds it.
    public func threadTarget(messageIDs: [String]) throws(StoreError) -> ThreadTarget? {
        guard !messageIDs.isEmpty else { return nil }
        return try read("looking up a reply's thread") { db in
            for id in messageIDs.prefix(50) {
                if let row = try db.fetchOne("SELECT order_number, purpose FROM outbox WHERE message_id = ?", [id]) {
                    let number: String? = try row.get("order_number")
                    return ThreadTarget(messageID: id, orderNumber: number.flatMap(OrderNumber.init), purpose: MailPurpose(rawValue: try row.get("purpose")))
                }
                if let number = try db.fetchValue("""
                    SELECT orders.number FROM items JOIN orders ON orders.item_id = items.id
                    WHERE items.message_id = ? ORDER BY items.id LIMIT 1
                    """, [id], as: String.self) {
                    return ThreadTarget(messageID: id, orderNumber: OrderNumber(number), purpose: nil)
                }
            }
            return nil
        }
    }
}
#endif
