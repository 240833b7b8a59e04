public import Foundation
import IntakeExtraction
public import IntakeModel
import Logging

/// What one poll of one source did.
public struct PollReport: Sendable {
    public var source: String
    public var taken: Int = 0
    public var alreadyKnown: Int = 0
    public var duplicates: Int = 0
    /// Files listed that were gone when they were to be read (another process took them).
    public var vanished: Int = 0
    /// Files replaced or changed between listing and reading, left for the next poll.
    public var changed: Int = 0
    public var orders: [OrderNumber] = []
    public var otherKinds: [String: Int] = [:]
    public var failed: [(location: String, reason: String)] = []
    /// Set when the source as a whole could not be polled.
    public var sourceError: String?
    /// Set when the source was not polled because it failed recently (`intake run` backs off).
    public var backingOffUntil: Date?
}

/// Intake: sources polled, items stored once, extracted and recorded (orders, follow-ups,
/// failures with their reasons). Everything that comes in goes through `ingest`, whatever the
/// source, so dedupe and processing are the same for a folder, a remote drop and a mailbox.
public struct IntakeService: DeskPart {
    let context: DeskContext
    /// Failing sources wait before the next attempt, so one broken account does not hold up the others.
    let health = SourceHealth()
}

extension IntakeService {
    /// Reports how far a poll is: source name, items done, items found.
    public typealias Progress = @Sendable (String, Int, Int) -> Void

    /// Polls every source (or the one named), stores new items and processes them. One failing
    /// source is reported and the others go on.
    /// `progress` is called with the source, the items done and the items found, for a terminal.
    public func poll(sourceName: String? = nil, progress: Progress? = nil) async throws(IntakeError) -> [PollReport] {
        let sources = configuration.sources.filter { sourceName == nil || $0.name == sourceName }
        if let sourceName, sources.isEmpty {
            throw IntakeError(code: .notFound, message: "there is no source named \(sourceName); sources: \(configuration.sources.map(\.name).joined(separator: ", "))")
        }
        var reports: [PollReport] = []
        for source in sources {
            reports.append(await pollWatched(source, honourBackOff: sourceName == nil, progress: progress))
        }
        // Items left stored-but-unprocessed by an earlier crash are finished here too.
        try await processLeftovers()
        return reports
    }

    /// Polls one source unless it is backing off after failures, and keeps its health: a failure
    /// starts (or lengthens) the back-off, a success ends it.
    public func pollWatched(_ source: DeskConfiguration.Source, honourBackOff: Bool = true, progress: Progress? = nil) async -> PollReport {
        if honourBackOff, let until = health.backOff(source.name, now: clock()) {
            var skipped = PollReport(source: source.name)
            skipped.backingOffUntil = until
            return skipped
        }
        let report = await poll(source, progress: progress)
        if report.sourceError != nil {
            let until = health.failed(source.name, now: clock())
            logger.warning("source \(source.name) failed; next attempt after \(until)", metadata: ["source.name": "\(source.name)"])
        } else {
            health.succeeded(source.name)
        }
        return report
    }

    /// Finishes items a crash left stored but unprocessed.
    func processLeftovers() async throws(IntakeError) {
        for item in try await reading({ try $0.items(status: [.stored]) }) {
            _ = try await processStored(item)
        }
    }

    /// Polls one source through its `Source`; a source that cannot be set up (a missing secret,
    /// a bad URL) is reported like one that cannot be reached.
    func poll(_ source: DeskConfiguration.Source, progress: Progress?) async -> PollReport {
        do {
            return await (try makeSource(source)).poll(into: self, progress: progress)
        } catch {
            var report = PollReport(source: source.name)
            report.sourceError = "source \(source.name): \(error.message)"
            logger.error("\(error.message)", metadata: ["source.name": "\(source.name)"])
            return report
        }
    }

    /// The `Source` for a configured source: the one place its kind is looked at.
    func makeSource(_ source: DeskConfiguration.Source) throws(IntakeError) -> any Source {
        switch source.kind {
        case .folder: FolderSource(configuration: source)
        case .imap: try MailboxSource(configuration: source, session: context.session(for: source.name))
        default: try RemoteDropSource(configuration: source, session: context.session(for: source.name))
        }
    }

    /// Stores an item (or finds it stored), processes a new one, and counts it in the report, in
    /// the caller's transaction. Shared by every kind of source. `prepared` is the item's
    /// extraction, done before the transaction (extraction holds no lock); an item stored by an
    /// earlier run that stopped before processing it comes back still `stored`, for the caller
    /// to process (`processStored`) after this transaction.
    func ingest(_ newItem: NewItem, bytes: [UInt8]?, readFailure: String?, sourceActionPending: Bool,
                prepared: PreparedExtraction?, report: inout PollReport, in store: any StoreTransaction) throws -> ItemRecord {
        let outcome = try store.recordItem(newItem, bytes: bytes, actor: "intake", sourceActionPending: sourceActionPending, sourceUnread: false)
        let record: ItemRecord
        switch outcome {
        case .new(let stored):
            record = stored
            report.taken += 1
            logger.info("stored \(newItem.filename)", metadata: ["source.name": "\(newItem.source)", "item.id": "\(stored.id)"])
        case .known(let stored):
            record = stored
            report.alreadyKnown += 1
        case .duplicate(let stored, let original):
            record = stored
            report.duplicates += 1
            logger.info("\(newItem.filename) is a duplicate of item \(original); nothing created", metadata: ["source.name": "\(newItem.source)"])
        }
        var current = record
        if current.status == .stored, readFailure != nil || prepared != nil {
            // What processing wrote is known without reading the item back (a read per item was
            // a thirtieth of a mailbox sync); only when the store wrote nothing (the item was no
            // longer waiting) is it read.
            var written: ItemRecord?
            if let readFailure {
                if try store.failItem(id: current.id, reason: readFailure, documentJSON: nil, actor: "intake") {
                    written = Self.failed(current, reason: readFailure)
                }
            } else if let prepared {
                written = try process(current, prepared: prepared, in: store)
            }
            if let written {
                current = written
            } else {
                current = try store.item(id: record.id) ?? current
            }
        }
        if case .new = outcome {
            switch current.status {
            case .failed: report.failed.append((newItem.filename, current.failureReason ?? "failed"))
            case .processed:
                if let number = current.orderNumber { report.orders.append(number) } else { report.otherKinds[current.kind?.rawValue ?? "other", default: 0] += 1 }
            default: break
            }
        }
        return current
    }

    /// Extraction and its JSON, which need nothing from the store: done ahead of the commit for
    /// mailbox messages, while the message before is being stored.
    func prepareExtraction(_ bytes: [UInt8], filename: String, receivedAt: Date? = nil) async -> PreparedExtraction {
        let received = receivedAt ?? clock()
        var context = configuration.extractionContext(master: master, receivedAt: received)
        context.threadLookup = await threadLookup(for: bytes)
        let extractor = OrderExtractor(context: context)
        let extraction = extractor.extract(bytes: bytes, filename: filename, fileLabel: filename)
        return PreparedExtraction(receivedAt: received, extraction: extraction,
                                  documentJSON: (try? DocumentEncoding.line(extraction.document)) ?? "{}",
                                  originsJSON: (try? DocumentEncoding.origins(extraction.origins)) ?? "[]")
    }

    /// Extracts an item stored earlier (read back from the store) and records the result.
    /// Returns the item as processing left it; nil when the store wrote nothing (the item was
    /// no longer waiting: another run processed it).
    @discardableResult
    func processStored(_ item: ItemRecord) async throws(IntakeError) -> ItemRecord? {
        guard let bytes = try await reading({ try $0.original(hash: item.contentHash) }) else {
            let reason = "the stored original of \(item.filename) is missing from the data folder"
            let failed = try await writing { try $0.failItem(id: item.id, reason: reason, documentJSON: nil, actor: "intake") }
            return failed ? Self.failed(item, reason: reason) : nil
        }
        let work = await prepareExtraction(bytes, filename: item.filename, receivedAt: item.receivedAt)
        return try await writing { tx in try self.process(item, prepared: work, in: tx) }
    }

    /// Records an item's extraction in the caller's transaction: an order (approved at once when
    /// the policy allows), another kind, or a failure with its reason.
    /// Returns the item as processing left it; nil when the store wrote nothing (the item was
    /// no longer waiting: another run processed it).
    func process(_ item: ItemRecord, prepared work: PreparedExtraction, in store: any StoreTransaction) throws -> ItemRecord? {
        let extraction = work.extraction
        let documentJSON = work.documentJSON
        let originsJSON = work.originsJSON
        let document = extraction.document
        if document.kind == .unreadable {
            let reason = document.issues.map(\.message).joined(separator: "; ")
            let failed = try store.failItem(id: item.id, reason: reason, documentJSON: documentJSON, actor: "intake")
            logger.warning("failed: \(reason)", metadata: ["item.id": "\(item.id)"])
            return failed ? Self.failed(item, reason: reason) : nil
        }
        var template: Order?
        var approval: String?
        if document.kind == .order {
            let (lines, issues) = Order.fields(from: document)
            var order = Order(number: OrderNumber(year: 0, sequence: 0), state: .needsReview, itemID: item.id, receivedAt: item.receivedAt,
                              customer: document.customer, language: extraction.language, purchaseOrder: document.purchaseOrder,
                              currency: document.currency, paymentMethod: document.paymentMethod, paymentTerms: document.paymentTerms,
                              shipTo: document.shipTo, requestedDeliveryDate: document.requestedDeliveryDate, lines: lines, issues: issues,
                              confidence: document.confidence, sourceMessageID: document.source.messageId, sourceSubject: document.source.subject)
            ListPricing(master: master).apply(to: &order)
            template = order
            let review = configuration.review
            if review.autoApprove && issues.isEmpty && document.confidence >= review.minConfidence && !extraction.isAutomated {
                // What the customer asked for may be read right and still be late: a file that
                // gives no date of its own, picked up after its delivery date, waits for a person,
                // who confirms another date. (A dated document asking for a day before its own
                // date is flagged by the extractor.)
                if extraction.writtenOn == nil, let requested = document.requestedDeliveryDate.flatMap(CalendarDate.init),
                   let today = CalendarDate(deskDay(item.receivedAt)), requested < today {
                    logger.info("\(item.filename): not auto-approved, the requested date \(requested) is before the day it came in (\(today)) and the file gives no date of its own", metadata: ["item.id": "\(item.id)"])
                } else {
                    approval = "auto-approved: no issues, known customer, confidence \(document.confidence) ≥ \(review.minConfidence)"
                }
            }
        }
        let followUp = try followUp(of: extraction, item: item, in: store)
        let completion = try store.completeItem(id: item.id, kind: document.kind, documentJSON: documentJSON, originsJSON: originsJSON,
                                                orderReference: document.orderReference.flatMap(OrderNumber.init), followUp: followUp,
                                                order: template, year: deskYear(item.receivedAt), approveWith: approval, actor: "intake")
        let number = completion.orderNumber
        if let number {
            logger.info("order \(number) from \(item.filename)\(approval != nil ? " (auto-approved)" : "")", metadata: ["order.id": "\(number)", "item.id": "\(item.id)"])
        } else {
            logger.info("\(item.filename): \(document.kind.rawValue)", metadata: ["item.id": "\(item.id)"])
        }
        guard completion.wrote else { return nil }
        var processed = item
        processed.status = .processed
        processed.kind = document.kind
        processed.orderNumber = number
        return processed
    }

    /// An item as `failItem` leaves it.
    static func failed(_ item: ItemRecord, reason: String) -> ItemRecord {
        var failed = item
        failed.status = .failed
        failed.kind = .unreadable
        failed.failureReason = reason
        return failed
    }
}

/// An item's extraction done before (or without) the store: the moment it counts as received
/// (relative dates resolve against it), the result and its JSON forms.
struct PreparedExtraction: Sendable {
    var receivedAt: Date
    var extraction: Extraction
    var documentJSON: String
    var originsJSON: String
}
