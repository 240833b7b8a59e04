#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    public func mailboxState(source: String, mailbox: String) throws(StoreError) -> MailboxState? {
        try read("reading mailbox state") { db in
            guard let row = try db.fetchOne("SELECT uid_validity, last_uid FROM mailbox_state WHERE source = ? AND mailbox = ?", [source, mailbox]) else {
                return nil
            }
            let validity: Int64 = try row.get("uid_validity")
            let last: Int64 = try row.get("last_uid")
            return MailboxState(uidValidity: UInt32(truncatingIfNeeded: validity), lastUID: UInt32(truncatingIfNeeded: last))
        }
    }

    /// Records progress. `lastUID` never goes backwards within one UIDVALIDITY, so two pollers
    /// cannot undo each other.
    public func saveMailboxState(source: String, mailbox: String, state: MailboxState) throws(StoreError) {
        try write("saving mailbox state") { db in
            try db.execute("""
                INSERT INTO mailbox_state (source, mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (source, mailbox) DO UPDATE SET
                    last_uid = CASE WHEN mailbox_state.uid_validity = excluded.uid_validity
                                    THEN GREATEST(mailbox_state.last_uid, excluded.last_uid) ELSE excluded.last_uid END,
                    uid_validity = excluded.uid_validity, updated_at = excluded.updated_at
                """, [source, mailbox, Int64(state.uidValidity), Int64(state.lastUID), Date()])
        }
    }

    /// Items of a source whose `after:`/`on_failure:` has not been applied yet (a crash came between
    /// the store commit and the source action).
    public func itemsPendingSourceAction(source: String) throws(StoreError) -> [ItemRecord] {
        try read("reading pending source actions") { db in
            try db.fetchAll("SELECT \(Self.itemColumns) FROM items WHERE source = ? AND source_pending AND status <> 'stored' ORDER BY id", [source])
                .map(Self.itemRecord)
        }
    }

    /// Records that the source applied `after:`/`on_failure:` to these items, in one transaction.
    public func markSourceActionDone(itemIDs: [Int64]) throws(StoreError) {
        guard !itemIDs.isEmpty else { return }
        try write("finishing source actions of \(itemIDs.count) items") { db in
            for start in stride(from: 0, to: itemIDs.count, by: 1000) {
                let chunk = Array(itemIDs[start..<min(start + 1000, itemIDs.count)])
                try db.execute("UPDATE items SET source_pending = FALSE WHERE id IN (\(Self.marks(chunk.count)))", chunk)
            }
        }
    }
}
#endif
