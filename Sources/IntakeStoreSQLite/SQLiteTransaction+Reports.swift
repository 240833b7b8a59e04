public import Foundation
public import IntakeModel
import GRDB

extension SQLiteTransaction {
    public func itemCounts(receivedFrom start: Date, to end: Date) throws(StoreError) -> [ItemCount] {
        try read("counting items") { db in
            try Row.fetchAll(db, sql: """
                SELECT source, kind, status, count(*) AS n FROM items WHERE received_at >= ? AND received_at < ?
                GROUP BY source, kind, status ORDER BY source, kind, status
                """, arguments: [start, end]).map { ItemCount(source: $0["source"], kind: $0["kind"], status: $0["status"], count: $0["n"]) }
        }
    }

    /// The first event named `action` for every subject that has one, with its actor:
    /// when each order was approved (and by whom), confirmed, …
    public func firstEvents(action: String) throws(StoreError) -> [String: (at: Date, actor: String)] {
        try read("reading \(action) events") { db in
            var result: [String: (Date, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT subject, min(at) AS at, actor FROM events WHERE action = ? GROUP BY subject", arguments: [action]) {
                result[row["subject"]] = (row["at"], row["actor"])
            }
            return result
        }
    }
}
