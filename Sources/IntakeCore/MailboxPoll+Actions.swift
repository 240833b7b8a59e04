import Foundation
import IntakeModel
import IntakeCurl

extension MailboxPoll {
    func action(for item: ItemRecord, source: DeskConfiguration.Source) -> DeskConfiguration.AfterAction {
        item.status == .failed ? source.onFailure : source.after
    }

    /// The UID of a stored mailbox item, if it belongs to the mailbox's current UIDVALIDITY; an
    /// item from before a UIDVALIDITY change has no UID any more (the server renumbered).
    static func uid(of item: ItemRecord, validity: UInt32) -> UInt32? {
        var uid: UInt32?
        var itemValidity: UInt32?
        for part in item.location.split(separator: ";") {
            if part.hasPrefix("UID=") { uid = UInt32(part.dropFirst(4)) }
            if part.hasPrefix("UIDVALIDITY=") { itemValidity = UInt32(part.dropFirst(12)) }
        }
        return itemValidity == validity ? uid : nil
    }

    /// `after:` for stored items, `on_failure:` for failed ones, one command per action; then
    /// the items are marked done in one transaction. Items without a current UID are just marked
    /// done. When an action fails, its items stay pending and are retried on the next poll.
    func applyMailboxActions(_ items: [(ItemRecord, UInt32?)], mailbox: IMAPMailbox, source: DeskConfiguration.Source) async throws(IntakeError) {
        var done = items.filter { $0.1 == nil }.map(\.0.id)
        if done.count < items.count {
            logger.debug("skipping mailbox actions of items from an earlier UIDVALIDITY", metadata: ["source.name": "\(source.name)"])
        }
        var groups: [(DeskConfiguration.AfterAction, [(ItemRecord, UInt32)])] = []
        for (item, uid) in items {
            guard let uid else { continue }
            let action = action(for: item, source: source)
            if let index = groups.firstIndex(where: { $0.0 == action }) { groups[index].1.append((item, uid)) } else { groups.append((action, [(item, uid)])) }
        }
        var failure: IntakeError?
        // Nothing is changed in the mailbox before the items are on disk for good.
        if groups.contains(where: { $0.0 != .none }) {
            try await flushToDisk()
        }
        // Items stored by versions that fetched with `BODY[]` may still be pending with the \Seen
        // that fetch set: clear it first, except where the action marks them read or deletes them
        // anyway. If it fails, every item stays pending for the next poll.
        let restore = groups.filter { $0.0 != .seen && $0.0 != .delete }.flatMap { $0.1 }.filter { $0.0.sourceUnread }.map(\.1)
        do {
            try await mailbox.remove(.seen, uids: restore)
        } catch {
            let settled = done
            try await writing { try $0.markSourceActionDone(itemIDs: settled) }
            throw IntakeError(code: .sourceFailed, message: "\(items.count) items are stored, but clearing the \\Seen their fetch set failed: \(error.message); it is retried on the next poll")
        }
        for (action, members) in groups {
            let uids = members.map(\.1)
            do {
                switch action {
                case .none: break
                case .seen: try await mailbox.add(.seen, uids: uids)
                case .flag: try await mailbox.add(.flagged, uids: uids)
                case .move(let folder): try await mailbox.move(uids: uids, to: folder)
                case .delete: try await mailbox.delete(uids: uids)
                }
                done += members.map(\.0.id)
                logger.debug("mailbox action done", metadata: ["items": "\(members.count)", "action": "\(action)"])
            } catch {
                let ids = members.map { String($0.0.id) }.joined(separator: ", ")
                let subject = members.count == 1 ? "item \(ids) is" : "items \(ids) are"
                failure = IntakeError(code: .sourceFailed, message: "\(subject) stored, but \(action) failed in the mailbox: \(error.message); it is retried on the next poll")
            }
        }
        let settled = done
        try await writing { try $0.markSourceActionDone(itemIDs: settled) }
        if let failure { throw failure }
    }
}
