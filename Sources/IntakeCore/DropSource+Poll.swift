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
        let limit = intake.configuration.limits.maxMessageBytes
        var bytes: [UInt8]?
        var readFailure: String?
        let hash: String
        if let refusal = item.refusal {
            // Nothing is opened: the reason is the item (a FIFO, a link), and the source moves it aside.
            readFailure = "\(item.filename) \(refusal)"
            hash = "refused-\(item.size)-\(Int(item.modified.timeIntervalSince1970))"
        } else if item.size > limit {
            readFailure = "\(item.filename) is \(item.size) bytes, over the limit of \(limit) (limits.max_item_bytes); the original stays in the source's failed folder"
            hash = await oversizedKey(item) ?? "unhashed-\(item.size)-\(Int(item.modified.timeIntervalSince1970))"
        } else {
            do {
                let read = try await read(item, maxBytes: limit)
                bytes = read
                hash = ContentHash.of(read)
            } catch {
                if error.code == .itemChanged {
                    // Replaced or rewritten since the listing: the next poll takes what is there then.
                    report.changed += 1
                    return
                }
                if await isGone(item) {
                    // Gone since it was listed: another intake process took it. Nothing to record,
                    // and nothing claimed to be stored here.
                    report.vanished += 1
                    return
                }
                readFailure = "\(item.filename) cannot be read: \(error.message)"
                hash = "unreadable-\(item.size)-\(Int(item.modified.timeIntervalSince1970))"
            }
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
}
