import Foundation
import IntakeModel

extension MemoryTransaction {
    func mailboxState(source: String, mailbox: String) throws(StoreError) -> MailboxState? {
        state.mailboxes[MemoryMailboxKey(source: source, mailbox: mailbox)]
    }

    /// `SQLiteTransaction.saveMailboxState`'s upsert: within the same UIDVALIDITY `lastUID` is
    /// the larger of the stored and the new one (`MAX`); a new UIDVALIDITY starts afresh.
    func saveMailboxState(source: String, mailbox: String, state new: MailboxState) throws(StoreError) {
        try write("saving mailbox state") {
            let key = MemoryMailboxKey(source: source, mailbox: mailbox)
            var saved = new
            if let old = state.mailboxes[key], old.uidValidity == new.uidValidity {
                saved.lastUID = max(old.lastUID, new.lastUID)
            }
            state.mailboxes[key] = saved
        }
    }

    /// Items of a source still waiting for `after:`/`on_failure:` that are no longer `stored`,
    /// oldest first.
    func itemsPendingSourceAction(source: String) throws(StoreError) -> [ItemRecord] {
        state.items.filter { $0.source == source && $0.sourcePending && $0.status != .stored }.map(\.record)
    }

    /// Unknown ids are passed over; an empty list writes nothing (not even on a read).
    func markSourceActionDone(itemIDs: [Int64]) throws(StoreError) {
        guard !itemIDs.isEmpty else { return }
        try write("finishing source actions of \(itemIDs.count) items") {
            for id in itemIDs {
                guard var row = itemRow(id) else { continue }
                row.sourcePending = false
                saveItem(row)
            }
        }
    }

    /// `SQLiteTransaction.threadTarget`: the first 50 ids, each looked up first in the outbox
    /// (`message_id UNIQUE`), then among stored items that became an order (`items JOIN orders
    /// ON orders.item_id = items.id … ORDER BY items.id LIMIT 1`).
    func threadTarget(messageIDs: [String]) throws(StoreError) -> ThreadTarget? {
        for id in messageIDs.prefix(50) {
            if let outboxID = state.outboxIDByMessageID[id], let row = outboxRow(outboxID) {
                return ThreadTarget(messageID: id, orderNumber: row.orderNumber.flatMap(OrderNumber.init), purpose: MailPurpose(rawValue: row.purpose))
            }
            let ordered = state.items.lazy.filter { $0.messageID == id }.compactMap { self.state.orderNumberByItemID[$0.id] }
            if let number = ordered.first {
                return ThreadTarget(messageID: id, orderNumber: OrderNumber(number), purpose: nil)
            }
        }
        return nil
    }

    /// `SQLiteTransaction.itemCounts`: items received in `[start, end)` (as stored text), counted
    /// per source, kind and status, `ORDER BY source, kind, status` (a NULL kind first).
    func itemCounts(receivedFrom start: Date, to end: Date) throws(StoreError) -> [ItemCount] {
        let from = StoredDate(start)
        let until = StoredDate(end)
        var counts: [ItemCount] = []
        var index: [[String?]: Int] = [:]
        for row in state.items where row.receivedAt >= from && row.receivedAt < until {
            let key = [row.source, row.kind?.rawValue, row.status.rawValue]
            if let position = index[key] {
                counts[position].count += 1
            } else {
                index[key] = counts.count
                counts.append(ItemCount(source: row.source, kind: row.kind?.rawValue, status: row.status.rawValue, count: 1))
            }
        }
        return counts.sorted { lhs, rhs in
            if lhs.source != rhs.source { return Self.textLess(lhs.source, rhs.source) }
            if lhs.kind != rhs.kind { return Self.textLess(lhs.kind, rhs.kind) }
            return Self.textLess(lhs.status, rhs.status)
        }
    }

    /// `SQLiteTransaction.firstEvents`: `min(at)` per subject with the actor of that row (SQLite's
    /// bare column beside `min`); of several rows at the same moment, the first logged.
    func firstEvents(action: String) throws(StoreError) -> [String: (at: Date, actor: String)] {
        var first: [String: MemoryEventRow] = [:]
        for event in state.events where event.action == action {
            if let kept = first[event.subject], !(event.at < kept.at) { continue }
            first[event.subject] = event
        }
        return first.mapValues { ($0.at.date, $0.actor) }
    }
}
