#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// Items received in `[start, end)` counted by source, kind and status, in SQLite's order:
    /// text by its bytes (`COLLATE "C"`, whatever the database's locale) and no kind first
    /// (PostgreSQL puts NULLs last unless told).
    public func itemCounts(receivedFrom start: Date, to end: Date) throws(StoreError) -> [ItemCount] {
        try read("counting items") { db in
            try db.fetchAll("""
                SELECT source, kind, status, count(*) AS n FROM items WHERE received_at >= ? AND received_at < ?
                GROUP BY source, kind, status ORDER BY source COLLATE "C", kind COLLATE "C" NULLS FIRST, status COLLATE "C"
                """, [start, end]).map { row throws(StoreError) in
                ItemCount(source: try row.get("source"), kind: try row.get("kind"), status: try row.get("status"), count: try row.get("n"))
            }
        }
    }

    /// The first event named `action` for every subject that has one, with its actor:
    /// when each order was approved (and by whom), confirmed, …
    /// SQLite takes the actor from the row of `min(at)` (a bare column beside `min`); PostgreSQL
    /// has no bare columns, so `DISTINCT ON (subject)` keeps each subject's earliest row, the
    /// first logged when two share a moment.
    public func firstEvents(action: String) throws(StoreError) -> [String: (at: Date, actor: String)] {
        try read("reading \(action) events") { db in
            var result: [String: (Date, String)] = [:]
            for row in try db.fetchAll("""
                SELECT DISTINCT ON (subject) subject, at, actor FROM events WHERE action = ? ORDER BY subject, at, id
                """, [action]) {
                result[try row.get("subject")] = (try row.get("at"), try row.get("actor"))
            }
            return result
        }
    }
}
#endif
