import Foundation
import IntakeCurl
import IntakeStore
import Logging

extension Desk {
    /// Polls one IMAP mailbox incrementally: only UIDs after the last one stored are fetched (a
    /// poll with nothing new is one EXAMINE), each message is stored before anything is done to
    /// it in the mailbox, and `after:`/`on_failure:` are applied only after the store committed.
    /// A changed UIDVALIDITY starts over; Message-ID and content dedupe keep that from
    /// creating anything twice.
    func pollMailbox(_ source: DeskConfiguration.Source, progress: Progress?) async -> PollReport {
        var report = PollReport(source: source.name)
        let mailbox: IMAPMailbox
        do {
            mailbox = try makeMailbox(source)
        } catch {
            report.sourceError = "source \(source.name): \(error.message)"
            logger.error("\(error.message)", metadata: ["source.name": "\(source.name)"])
            return report
        }
        let name = mailbox.endpoint.mailbox
        do {
            // Source actions a crash left undone come first.
            for item in try storeCall({ () throws(StoreError) in try store.itemsPendingSourceAction(source: source.name) }) {
                try await applyMailboxAction(item, mailbox: mailbox, source: source)
            }
            let status = try await curlCall { () async throws(CurlError) in try await mailbox.examine() }
            logger.debug("examined \(name)", metadata: ["uidvalidity": "\(status.uidValidity)", "uidnext": "\(status.uidNext)", "exists": "\(status.exists)"])
            let saved = try storeCall { () throws(StoreError) in try store.mailboxState(source: source.name, mailbox: name) }
            var lastUID: UInt32 = 0
            if let saved {
                if saved.uidValidity == status.uidValidity {
                    lastUID = saved.lastUID
                } else {
                    logger.warning("UIDVALIDITY of \(name) changed from \(saved.uidValidity) to \(status.uidValidity); reading it again (nothing is stored twice)",
                                   metadata: ["source.name": "\(source.name)"])
                }
            }
            if status.uidNext != 0 && status.uidNext <= lastUID + 1 || status.exists == 0 {
                try storeCall { () throws(StoreError) in
                    try store.saveMailboxState(source: source.name, mailbox: name, state: MailboxState(uidValidity: status.uidValidity, lastUID: lastUID))
                }
                return report
            }
            // `since:` limits only the first sync of a mailbox (or a resync after a UIDVALIDITY change).
            let sinceCriteria = lastUID == 0 ? source.since.map { "SINCE " + Self.imapDate($0) } : nil
            let through = status.uidNext > 0 ? status.uidNext - 1 : nil
            let uids = try await curlCall { () async throws(CurlError) in try await mailbox.uids(from: lastUID + 1, through: through, criteria: sinceCriteria) }
            logger.debug("searched \(name)", metadata: ["uids": "\(uids.count)", "first": "\(uids.first ?? 0)", "last": "\(uids.last ?? 0)"])
            let unseenCriteria = ["UNSEEN", sinceCriteria].compactMap { $0 }.joined(separator: " ")
            let unseen = Set(try await curlCall { () async throws(CurlError) in try await mailbox.uids(from: lastUID + 1, through: through, criteria: unseenCriteria) })
            for (index, uid) in uids.enumerated() {
                if Task.isCancelled { break }
                progress?(source.name, index, uids.count)
                try await takeMessage(uid: uid, uidValidity: status.uidValidity, wasUnseen: unseen.contains(uid), mailbox: mailbox, source: source, report: &report)
                try storeCall { () throws(StoreError) in
                    try store.saveMailboxState(source: source.name, mailbox: name, state: MailboxState(uidValidity: status.uidValidity, lastUID: uid))
                }
            }
            progress?(source.name, uids.count, uids.count)
        } catch {
            report.sourceError = "source \(source.name): \(error.message)"
            logger.error("\(error.message)", metadata: ["source.name": "\(source.name)"])
        }
        return report
    }

    func takeMessage(uid: UInt32, uidValidity: UInt32, wasUnseen: Bool, mailbox: IMAPMailbox, source: DeskConfiguration.Source,
                     report: inout PollReport) async throws(IntakeError) {
        let name = mailbox.endpoint.mailbox
        let location = "\(name);UIDVALIDITY=\(uidValidity);UID=\(uid)"
        var bytes: [UInt8]?
        var readFailure: String?
        do {
            bytes = try await mailbox.fetch(uid: uid, uidValidity: uidValidity, maxBytes: configuration.limits.maxMessageBytes, restoreUnseen: wasUnseen)
        } catch {
            switch error.code {
            case .tooLarge:
                readFailure = "message UID \(uid) is over the limit of \(configuration.limits.maxMessageBytes) bytes (limits.max_item_bytes); it stays in the mailbox"
            case .notFound:
                return  // expunged since the search
            default:
                throw IntakeError(code: .sourceFailed, message: error.message)
            }
        }
        let hash = bytes.map(OriginalStoreHash.bytes) ?? "unfetched-\(uidValidity)-\(uid)"
        let newItem = NewItem(source: source.name, dedupeKey: "imap:\(source.name):\(name):\(uidValidity):\(uid)", location: location,
                              filename: "\(name)-\(uid).eml", messageID: bytes.flatMap { MessageIDSniffer.messageID(in: $0) },
                              contentHash: hash, size: bytes?.count ?? 0, receivedAt: clock())
        let item = try ingest(newItem, bytes: bytes, readFailure: readFailure, sourceActionPending: true, report: &report)
        try await applyMailboxAction(item, mailbox: mailbox, source: source)
    }

    /// `after:` for a stored item, `on_failure:` for a failed one; then the item is marked done.
    func applyMailboxAction(_ item: ItemRecord, mailbox: IMAPMailbox, source: DeskConfiguration.Source) async throws(IntakeError) {
        guard let uidText = item.location.split(separator: "=").last, let uid = UInt32(uidText) else {
            try storeCall { () throws(StoreError) in try store.markSourceActionDone(itemID: item.id) }
            return
        }
        let action = item.status == .failed ? source.onFailure : source.after
        do {
            switch action {
            case .none: break
            case .seen: try await mailbox.store(uid: uid, flags: "+FLAGS.SILENT (\\Seen)")
            case .flag: try await mailbox.store(uid: uid, flags: "+FLAGS.SILENT (\\Flagged)")
            case .move(let folder): try await mailbox.move(uid: uid, to: folder)
            case .delete: try await mailbox.delete(uid: uid)
            }
        } catch {
            throw IntakeError(code: .sourceFailed, message: "item \(item.id) is stored, but \(action) failed in the mailbox: \(error.message); it is retried on the next poll")
        }
        try storeCall { () throws(StoreError) in try store.markSourceActionDone(itemID: item.id) }
        logger.debug("mailbox action done", metadata: ["item.id": "\(item.id)", "action": "\(action)"])
    }

    func makeMailbox(_ source: DeskConfiguration.Source) throws(IntakeError) -> IMAPMailbox {
        try source.mailbox(session: mailboxSession(for: source.name))
    }

    /// IMAP's date form for SEARCH: `1-Nov-2026`.
    static func imapDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "d-MMM-yyyy"
        return formatter.string(from: date)
    }

    func curlCall<T>(_ body: () async throws(CurlError) -> T) async throws(IntakeError) -> T {
        do { return try await body() } catch {
            throw IntakeError(code: .sourceFailed, message: error.message)
        }
    }
}
