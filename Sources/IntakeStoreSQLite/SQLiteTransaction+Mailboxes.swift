import Foundation
public import IntakeModel
import GRDB

extension SQLiteTransaction {
    public func mailboxState(source: String, mailbox: String) throws(StoreError) -> MailboxState? {
        try read("reading mailbox state") { db in
            try Row.fetchOne(db, cached: "SELECT uid_validity, last_uid FROM mailbox_state WHERE source = ? AND mailbox = ?", arguments: [source, mailbox]).map { row in
                let validity: Int64 = row["uid_validity"]
                let last: Int64 = row["last_uid"]
                return MailboxState(uidValidity: UInt32(truncatingIfNeeded: validity), lastUID: UInt32(truncatingIfNeeded: last))
            }
        }
    }

    /// Records progress. `lastUID` never goes backwards within one UIDVALIDITY, so two pollers
    /// cannot undo each other.
    public func saveMailboxState(source: String, mailbox: String, state: MailboxState) throws(StoreError) {
        try write("saving mailbox state") { db in
            try db.execute(cached: """
                INSERT INTO mailbox_state (source, mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(source, mailbox) DO UPDATE SET
                    last_uid = CASE WHEN uid_validity = excluded.uid_validity THEN MAX(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
                    uid_validity = excluded.uid_validity, updated_at = excluded.updated_at
                """, arguments: [source, mailbox, Int64(state.uidValidity), Int64(state.lastUID), Date().sqliteText])
        }
    }

    /// Items of a source whose `after:`/`on_failure:` has not been applied yet (a crash came between
    /// the store commit and the source action).
    public func itemsPendingSourceAction(source: String) throws(StoreError) -> [ItemRecord] {
        try read("reading pending source actions") { db in
            try Row.fetchAll(db, cached: "SELECT \(Self.itemColumns) FROM items WHERE source = ? AND source_pending = 1 AND status != 'stored' ORDER BY id", arguments: [source])
                .map(Self.itemRecord)
        }
    }

    /// Records that the source applied `after:`/`on_failure:` to these items, in one transaction.
    public func markSourceActionDone(itemIDs: [Int64]) throws(StoreError) {
        guard !itemIDs.isEmpty else { return }
        try write("finishing source actions of \(itemIDs.count) items") { db in
            let statement = try db.cachedStatement(sql: "UPDATE items SET source_pending = 0 WHERE id = ?")
            for id in itemIDs { try statement.execute(arguments: [id]) }
        }
    }
}
