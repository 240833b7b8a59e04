import Foundation
import IntakeModel
import Logging

extension DropSource {
    /// A poll of a drop: the files ready now (`list`), each stored, processed, and only then
    /// moved or deleted by the source (`finish`). A file that fails is reported and the next
    /// one taken.
    public func poll(into intake: IntakeService, progress: IntakeService.Progress?) async -> PollReport {
        var report = PollReport(source: configuration.name)
        let items: [SourceItem]
        do { items = try await list() } catch {
            report.sourceError = error.message
            intake.logger.error("\(error.message)", metadata: ["configuration.name": "\(configuration.name)"])
            return report
        }
        for (index, item) in items.enumerated() {
            if IntakeService.stopping { break }
            progress?(configuration.name, index, items.count)
            do {
                try await take(item, into: intake, report: &report)
            } catch {
                report.failed.append((item.location, error.message))
                intake.logger.error("\(error.message)", metadata: ["configuration.name": "\(configuration.name)", "item.location": "\(item.location)"])
            }
        }
        progress?(configuration.name, items.count, items.count)
        return report
    }

    /// Stores one file, processes it, then lets the source move it. The store commit comes first:
    /// a crash anywhere leaves the file in the folder or the item in the store (or both, which the
    /// dedupe key resolves on the next poll).
    func take(_ item: SourceItem, into intake: IntakeService, report: inout PollReport) async throws(IntakeError) {
        let path = path(of: item)
        let bytes: [UInt8]?, readFailure: String?, hash: String
        switch await fetch(item, limit: intake.configuration.limits.maxMessageBytes) {
        case .read(let read):
            (bytes, readFailure, hash) = (read, nil, ContentHash.of(read))
        case .failed(let reason, let key):
            (bytes, readFailure, hash) = (nil, reason, key)
        case .changed:
            // Replaced or rewritten since the listing: the next poll takes what is there then.
            report.changed += 1
            return
        case .gone:
            // Gone since it was listed: another intake process took it. Nothing to record, and
            // nothing claimed to be stored here.
            report.vanished += 1
            return
        }
        let messageID = bytes.flatMap { MessageIDSniffer.messageID(in: $0) }
        // Only an email (one with a Message-ID) is compared as a message.
        let messageHash = messageID == nil ? nil : bytes.map(MessageHash.of)
        let newItem = NewItem(source: configuration.name, dedupeKey: "\(configuration.kind == .folder ? "file" : "drop"):\(configuration.name):\(item.location):\(item.size):\(hash)",
                              location: path, filename: item.filename, messageID: messageID, contentHash: hash, messageHash: messageHash,
                              size: item.size, receivedAt: intake.clock())
        // A file already stored (one the source could not move away) is not extracted again.
        let known = try await intake.reading { try $0.item(dedupeKey: newItem.dedupeKey) }
        let prepared: PreparedExtraction? = if let bytes, readFailure == nil, known == nil {
            await intake.prepareExtraction(bytes, filename: item.filename)
        } else {
            nil
        }
        let (taking, taken) = (report, bytes)
        let (ingested, updated) = try await intake.writing { [readFailure] tx in
            var report = taking
            let current = try intake.ingest(newItem, bytes: taken, readFailure: readFailure, sourceActionPending: false, prepared: prepared,
                                          report: &report, in: tx)
            return (current, report)
        }
        report = updated
        var current = ingested
        if current.status == .stored, let processed = try await intake.processStored(current) {
            // Stored by an earlier run that stopped before processing it.
            current = processed
        }
        // The file is moved or deleted only once its item is on disk for good.
        try await intake.flushToDisk()
        try await finish(item, outcome: current.status == .failed ? .failed : .processed, logger: intake.logger)
    }

    /// The bytes of a file, or why it is stored as a failure with a key of its own (refused by
    /// the source, over the size limit, unreadable), or that it changed or went away meanwhile.
    func fetch(_ item: SourceItem, limit: Int) async -> Fetched {
        let stamp = "\(item.size)-\(Int(item.modified.timeIntervalSince1970))"
        if let refusal = item.refusal {
            // Nothing is opened: the reason is the item (a FIFO, a link), and the source moves it aside.
            return .failed("\(item.filename) \(refusal)", key: "refused-\(stamp)")
        }
        if item.size > limit {
            return .failed("\(item.filename) is \(item.size) bytes, over the limit of \(limit) (limits.max_item_bytes); the original stays in the source's failed folder",
                           key: await oversizedKey(item) ?? "unhashed-\(stamp)")
        }
        do {
            return .read(try await read(item, maxBytes: limit))
        } catch {
            if error.code == .itemChanged { return .changed }
            if await isGone(item) { return .gone }
            return .failed("\(item.filename) cannot be read: \(error.message)", key: "unreadable-\(stamp)")
        }
    }
}

/// What reading a listed file gave.
enum Fetched {
    case read([UInt8])
    /// Stored as a failed item with this reason, under a key that stands for its content.
    case failed(String, key: String)
    case changed
    case gone
}
