import Foundation
import IntakeModel
import Synchronization
import IntakeCurl
import Logging

/// An IMAP mailbox as a source: new messages by UID, stored before anything is done to them in
/// the mailbox (`MailboxPoll`).
struct MailboxSource: Source {
    let configuration: DeskConfiguration.Source
    let mailbox: IMAPMailbox

    init(configuration: DeskConfiguration.Source, session: CurlSession) throws(IntakeError) {
        self.configuration = configuration
        self.mailbox = try configuration.mailbox(session: session)
    }

    func poll(into intake: IntakeService, progress: IntakeService.Progress?) async -> PollReport {
        await MailboxPoll(intake: intake, source: configuration, mailbox: mailbox).run(progress: progress)
    }
}

/// One poll of a mailbox, with the desk's context for its store and limits.
struct MailboxPoll: DeskPart {
    let intake: IntakeService
    let source: DeskConfiguration.Source
    let mailbox: IMAPMailbox
    var context: DeskContext { intake.context }
}

extension MailboxPoll {
    /// Messages taken between two rounds of mailbox actions (and saves of the mailbox's place):
    /// the flag changes and moves are one command per batch instead of one per message (a
    /// `STORE` costs Dovecot about 2 ms). A crash mid-batch leaves the stored items marked
    /// pending, and their actions are applied on the next poll.
    static let mailboxBatch = 200

    /// Messages fetched and extracted ahead of the ones being committed: enough to keep both
    /// cores busy, few enough that memory stays flat (at most this many and a commit group are
    /// held). With 4 and 8 one core stayed idle a fifth of the time; with 16, a commit group
    /// could take every message in flight, and the next ones were not fetched yet whenever the
    /// fetch thread and the server waited for a core (the cores idled 9-12 % of a sync, 7-8 %
    /// with 32). Once commits got cheaper, a commit held up by the disk (a WAL checkpoint's
    /// sync) let 32 messages be extracted before it returned and the cores idle again: with 96
    /// the idle share fell from 13-16 % to 10-14 % (three alternating runs of 10,000 messages;
    /// peak memory 52.5 → 53.7 MB).
    static let fetchAhead = 96

    /// Messages asked for in one `UID FETCH`: the server streams them as intake reads (TCP's
    /// window keeps memory flat). Each new run costs a `NOOP` and the fetch's first answer, a few
    /// milliseconds in which nothing is ready to extract: per 200 that was a tenth of a sync.
    static let fetchRun = 1000

    /// At most this many messages that are fetched and extracted by the time the one before
    /// them is stored share its commit (`IntakeStore.batch`). Every commit writes the pages it
    /// touched to the write-ahead log, the last pages of each table and index again each time:
    /// with 48 instead of 16 a sync of 10,000 messages made 138,000 page writes, not 171,000.
    static let commitGroup = 48

    /// Polls one IMAP mailbox incrementally: only UIDs after the last one stored are fetched (a
    /// poll with nothing new is one EXAMINE), each message is stored before anything is done to
    /// it in the mailbox, and `after:`/`on_failure:` are applied only after the store committed.
    /// A changed UIDVALIDITY starts over; Message-ID and content dedupe keep that from
    /// creating anything twice.
    func run(progress: IntakeService.Progress?) async -> PollReport {
        var report = PollReport(source: source.name)
        let name = mailbox.endpoint.mailbox
        do {
            let status = try await curlCall { () async throws(CurlError) in try await mailbox.examine() }
            logger.debug("examined \(name)", metadata: ["uidvalidity": "\(status.uidValidity)", "uidnext": "\(status.uidNext)", "exists": "\(status.exists)"])
            // Source actions a crash (or a failing server) left undone come first.
            let pending = try await reading { try $0.itemsPendingSourceAction(source: source.name) }
            if !pending.isEmpty {
                try await applyMailboxActions(pending.map { ($0, Self.uid(of: $0, validity: status.uidValidity)) }, mailbox: mailbox, source: source)
            }
            let saved = try await reading { try $0.mailboxState(source: source.name, mailbox: name) }
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
                // Nothing new. The state is written only when it changed: an idle poll writes nothing.
                let state = MailboxState(uidValidity: status.uidValidity, lastUID: lastUID)
                if saved != state {
                    try await writing { try $0.saveMailboxState(source: source.name, mailbox: name, state: state) }
                }
                return report
            }
            // `since:` limits only the first sync of a mailbox (or a resync after a UIDVALIDITY change).
            let since = lastUID == 0 ? source.since : nil
            let through = status.uidNext > 0 ? status.uidNext - 1 : nil
            let uids = try await curlCall { () async throws(CurlError) in try await mailbox.uids(from: lastUID + 1, through: through, since: since) }
            logger.debug("searched \(name)", metadata: ["uids": "\(uids.count)", "first": "\(uids.first ?? 0)", "last": "\(uids.last ?? 0)"])
            let done = try await takeMessages(uids[...], uidValidity: status.uidValidity, mailbox: mailbox, source: source,
                                              report: &report) { index in progress?(source.name, index, uids.count) }
            progress?(source.name, done, uids.count)
        } catch {
            report.sourceError = "source \(source.name): \(error.message)"
            logger.error("\(error.message)", metadata: ["source.name": "\(source.name)"])
        }
        return report
    }

    /// Takes messages in UID order: each is fetched, stored and processed, the fetches and
    /// extractions of the next few running while this one is committed. Every `mailboxBatch`
    /// messages (and at the end) the actions are applied to those taken and the mailbox's place
    /// is saved; the fetches ahead go on meanwhile, so the cores do not wait for the server at
    /// each such point. Returns how many UIDs from the start are finished (all of them unless
    /// the run was stopped). Fetching changes nothing in the mailbox (`BODY.PEEK[]`), so a fetch
    /// or store error leaves nothing to undo there.
    func takeMessages(_ uids: ArraySlice<UInt32>, uidValidity: UInt32, mailbox: IMAPMailbox, source: DeskConfiguration.Source,
                      report: inout PollReport, progress: (Int) -> Void) async throws(IntakeError) -> Int {
        var taken: [(ItemRecord, UInt32?)] = []
        var finished = 0
        var saved = 0
        var failure: IntakeError?
        var ahead: [MessageFetch] = []
        var next = uids.startIndex
        // Which of the next `fetchRun` UIDs are stored already (a run that crashed before it
        // saved its place), asked of the store once per run rather than once per message.
        var stored: Set<String> = []
        var runKeys: [String] = []
        var runStart = uids.startIndex
        // Keeps a few messages in flight: the server streams a run of them on the fetch
        // connection (one `UID FETCH` for the next `fetchRun`) and their extractions run on the
        // other cores while the messages before are committed.
        func refill() async throws(IntakeError) {
            while next < uids.endIndex, ahead.count < Self.fetchAhead, !Self.stopping {
                if next >= runStart + runKeys.count {
                    runStart = next
                    runKeys = uids[next...].prefix(Self.fetchRun).map { Self.dedupeKey(source: source, mailbox: mailbox, uidValidity: uidValidity, uid: $0) }
                    let keys = runKeys
                    stored = try await reading { try $0.storedDedupeKeys(keys) }
                }
                let upcoming = uids[(next + 1)...].prefix(Self.fetchRun - 1)
                let key = runKeys[next - runStart]
                ahead.append(startFetch(uids[next], upcoming: upcoming, uidValidity: uidValidity, dedupeKey: key, isStored: stored.contains(key),
                                        mailbox: mailbox, source: source))
                next += 1
            }
        }
        // Applies the actions to what was taken since the last time, then saves the place: a
        // crash before leaves the items pending, and the next poll applies them.
        func settle() async throws(IntakeError) {
            // Not tried twice in one run when it fails: what failed stays pending for the next poll.
            let acting = taken
            taken = []
            try await applyMailboxActions(acting, mailbox: mailbox, source: source)
            if finished > saved {
                let last = uids[uids.startIndex + finished - 1]
                try await writing { store in
                    try store.saveMailboxState(source: source.name, mailbox: mailbox.endpoint.mailbox, state: MailboxState(uidValidity: uidValidity, lastUID: last))
                }
                saved = finished
            }
        }
        do {
            while true {
                try await refill()
                guard !ahead.isEmpty, !Self.stopping else { break }
                progress(finished)
                // The next message is waited for; those after it that are ready by then (fetched
                // and extracted without error) are stored in the same transaction. If it fails,
                // none of the group is stored, counted or acted on: the next poll takes them again.
                var group = [ahead.removeFirst()]
                var results = [await group[0].result()]
                while !Self.failed(results[0]), group.count < Self.commitGroup, let candidate = ahead.first, candidate.isReady {
                    let result = await candidate.result()
                    if Self.failed(result) { break }
                    group.append(ahead.removeFirst())
                    results.append(result)
                }
                // Refilled before the commit too: when every message in flight was already
                // extracted, the other core idled for the whole commit (a fifth of a sync).
                try await refill()
                let before = report
                let (groupReport, groupTaken) = try await writing { [group, results] store in
                    var groupReport = before
                    var groupTaken: [(ItemRecord, UInt32?)] = []
                    for (fetch, result) in zip(group, results) {
                        if let record = try self.takeMessage(fetch, result: result, mailbox: mailbox, source: source, report: &groupReport, in: store) {
                            groupTaken.append((record, fetch.uid))
                        }
                    }
                    return (groupReport, groupTaken)
                }
                report = groupReport
                taken += groupTaken
                finished += group.count
                if finished - saved >= Self.mailboxBatch { try await settle() }
            }
        } catch {
            failure = error
        }
        do {
            try await settle()
        } catch {
            if failure == nil { failure = error }
        }
        if let failure { throw failure }
        return finished
    }

    /// A message's fetch, started ahead of its turn on the mailbox's connection; no task when the
    /// UID is already stored (a run that crashed before it saved its place).
    struct MessageFetch: Sendable {
        var uid: UInt32
        var uidValidity: UInt32
        var dedupeKey: String
        var task: Task<Result<FetchedMessage, CurlError>, Never>?
        /// Set by the task as it ends.
        var done = DoneFlag()

        /// The message or the error; nil for a message that was already stored (nothing fetched).
        func result() async -> Result<FetchedMessage, CurlError>? {
            await task?.value
        }

        /// Whether `result()` would return without waiting.
        var isReady: Bool { task == nil || done.isSet }
    }

    final class DoneFlag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    static func failed(_ result: Result<FetchedMessage, CurlError>??) -> Bool {
        if case .failure = result ?? nil { return true }
        return false
    }

    /// A fetched message with the work that needs no store already done: its hash, Message-ID
    /// and extraction run in the fetch's task, on another core than the commits of the message
    /// before it.
    struct FetchedMessage: Sendable {
        var bytes: [UInt8]
        var hash: String
        var messageID: String?
        /// `MessageHash.of(bytes)` when there is a Message-ID.
        var messageHash: String?
        var prepared: PreparedExtraction
    }

    /// How a mailbox message is known to the store: source, mailbox, UIDVALIDITY and UID.
    static func dedupeKey(source: DeskConfiguration.Source, mailbox: IMAPMailbox, uidValidity: UInt32, uid: UInt32) -> String {
        "imap:\(source.name):\(mailbox.endpoint.mailbox):\(uidValidity):\(uid)"
    }

    /// Starts fetching and extracting a message; nothing for one `isStored` already.
    func startFetch(_ uid: UInt32, upcoming: ArraySlice<UInt32>, uidValidity: UInt32, dedupeKey: String, isStored: Bool,
                    mailbox: IMAPMailbox, source: DeskConfiguration.Source) -> MessageFetch {
        if isStored {
            return MessageFetch(uid: uid, uidValidity: uidValidity, dedupeKey: dedupeKey, task: nil)
        }
        let maxBytes = configuration.limits.maxMessageBytes
        let filename = Self.mailboxFilename(mailbox.endpoint.mailbox, uid: uid)
        // The fetch starts on the connection's thread at once; the hash and the extraction then
        // run on the shared pool, on whichever core is free.
        let download = Task(executorPreference: mailbox.executor) { () async -> Result<[UInt8], CurlError> in
            do throws(CurlError) {
                return .success(try await mailbox.fetch(uid: uid, upcoming: upcoming, uidValidity: uidValidity, maxBytes: maxBytes))
            } catch {
                return .failure(error)
            }
        }
        let done = DoneFlag()
        let task = Task { () -> Result<FetchedMessage, CurlError> in
            defer { done.set() }
            let bytes: [UInt8]
            switch await download.value {
            case .success(let fetched): bytes = fetched
            case .failure(let error): return .failure(error)
            }
            let messageID = MessageIDSniffer.messageID(in: bytes)
            return .success(FetchedMessage(bytes: bytes, hash: ContentHash.of(bytes), messageID: messageID,
                                           messageHash: messageID == nil ? nil : MessageHash.of(bytes),
                                           prepared: await intake.prepareExtraction(bytes, filename: filename)))
        }
        return MessageFetch(uid: uid, uidValidity: uidValidity, dedupeKey: dedupeKey, task: task, done: done)
    }

    static func mailboxFilename(_ mailbox: String, uid: UInt32) -> String { "\(mailbox)-\(uid).eml" }

    /// One fetched message stored and processed. Returns nil for a message that was already
    /// stored or has been expunged since the search.
    func takeMessage(_ fetch: MessageFetch, result: Result<FetchedMessage, CurlError>?, mailbox: IMAPMailbox, source: DeskConfiguration.Source,
                     report: inout PollReport, in store: any StoreTransaction) throws -> ItemRecord? {
        guard let result else {
            report.alreadyKnown += 1
            return nil
        }
        let name = mailbox.endpoint.mailbox
        let uid = fetch.uid
        let validity = fetch.uidValidity
        var message: FetchedMessage?
        var readFailure: String?
        switch result {
        case .success(let fetched): message = fetched
        case .failure(let error):
            switch error.code {
            case .tooLarge:
                readFailure = "message UID \(uid) is over the limit of \(configuration.limits.maxMessageBytes) bytes (limits.max_item_bytes); it stays in the mailbox"
            case .notFound:
                return nil  // expunged since the search
            default:
                throw IntakeError(code: .sourceFailed, message: error.message)
            }
        }
        let newItem = NewItem(source: source.name, dedupeKey: fetch.dedupeKey, location: "\(name);UIDVALIDITY=\(validity);UID=\(uid)",
                              filename: Self.mailboxFilename(name, uid: uid), messageID: message?.messageID,
                              contentHash: message?.hash ?? "unfetched-\(validity)-\(uid)", messageHash: message?.messageHash,
                              size: message?.bytes.count ?? 0,
                              receivedAt: message?.prepared.receivedAt ?? clock())
        return try intake.ingest(newItem, bytes: message?.bytes, readFailure: readFailure, sourceActionPending: true, prepared: message?.prepared,
                          report: &report, in: store)
    }

    func curlCall<T>(_ body: () async throws(CurlError) -> T) async throws(IntakeError) -> T {
        do { return try await body() } catch {
            throw IntakeError(code: .sourceFailed, message: error.message)
        }
    }
}
