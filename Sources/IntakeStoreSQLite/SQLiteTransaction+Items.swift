import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    /// Stores an item's original and its row, in that order: the bytes are safe on disk before the
    /// row that points at them commits. A known dedupe key returns the existing row; the same
    /// Message-ID with the same message hash (the same content, trace fields and line ends aside)
    /// from another route or another delivery is recorded as a duplicate (see `firstCopy`).
    /// `bytes` is nil for items too large to keep (the row then records that).
    /// `sourceActionPending` marks that the source still has to apply `after:`/`on_failure:` to
    /// it (mailboxes, where the item is not listed again once its UID is behind us).
    /// `sourceUnread` records that the fetch marked an unread message read, for the action.
    public func recordItem(_ item: NewItem, bytes: [UInt8]?, actor: String, sourceActionPending: Bool = false, sourceUnread: Bool = false) throws(StoreError) -> RecordOutcome {
        return try write("recording item \(item.location)") { db in
            var status = ItemStatus.stored
            var duplicateOf: Int64?
            if let first = try Self.firstCopy(db, of: item) {
                status = .duplicate
                duplicateOf = first
            }
            let originalPath = bytes == nil ? nil : Self.originalLocation(item.contentHash)
            let receivedText = item.receivedAt.sqliteText
            // A known dedupe key inserts nothing (the key is unique) and the stored item is
            // answered: no lookup before every insert of a new one.
            try db.execute(cached: """
                INSERT INTO items (source, dedupe_key, location, filename, message_id, content_hash, message_hash, size, original_path, received_at, status, duplicate_of, processed_at, source_pending, source_unread)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING
                """, arguments: [item.source, item.dedupeKey, item.location, item.filename, item.messageID, item.contentHash, item.messageHash, item.size,
                                 originalPath, receivedText, status.rawValue, duplicateOf, status == .duplicate ? Date().sqliteText : nil, sourceActionPending, sourceUnread])
            guard db.changesCount > 0 else {
                guard let row = try Row.fetchOne(db, cached: "SELECT \(Self.itemColumns) FROM items WHERE dedupe_key = ?", arguments: [item.dedupeKey]) else {
                    throw StoreError(code: .database, message: "item \(item.location) was neither inserted nor found")
                }
                return .known(Self.itemRecord(row))
            }
            let id = db.lastInsertedRowID
            // The bytes in the same transaction: the row never exists without them.
            if let bytes {
                try db.execute(cached: "INSERT INTO originals (hash, bytes, stored_at) VALUES (?, ?, ?) ON CONFLICT(hash) DO NOTHING",
                               arguments: [item.contentHash, Data(bytes), Date().sqliteText])
            }
            try Self.appendEvent(db, actor: actor, subject: "item:\(id)", action: status == .duplicate ? "duplicate" : "stored",
                                 detail: status == .duplicate ? "same Message-ID and message as item \(duplicateOf ?? 0); nothing created" : item.location)
            // The record from what was inserted, not read back: the date goes through the same
            // text and parse a read would, so it is the date a read returns.
            let record = ItemRecord(id: id, source: item.source, dedupeKey: item.dedupeKey, location: item.location, filename: item.filename,
                                    messageID: item.messageID, contentHash: item.contentHash, size: item.size, originalPath: originalPath,
                                    receivedAt: Date.fromDatabaseValue(receivedText.databaseValue) ?? item.receivedAt, status: status, kind: nil,
                                    failureReason: nil, orderNumber: nil, duplicateOf: duplicateOf, sourceUnread: sourceUnread)
            if let duplicateOf { return .duplicate(record, of: duplicateOf) }
            return .new(record)
        }
    }

    /// The first stored item (not itself a duplicate) that `item` is a copy of: the same
    /// Message-ID and the same message hash, or, for rows stored before message hashes existed
    /// (and items without one), the same Message-ID and the same raw bytes.
    static func firstCopy(_ db: Database, of item: NewItem) throws -> Int64? {
        guard let messageID = item.messageID else { return nil }
        guard let messageHash = item.messageHash else {
            return try Int64.fetchOne(db, cached: "SELECT id FROM items WHERE message_id = ? AND content_hash = ? AND status != 'duplicate' ORDER BY id LIMIT 1",
                                      arguments: [messageID, item.contentHash])
        }
        let sameMessage = try Int64.fetchOne(db, cached: "SELECT id FROM items WHERE message_id = ? AND message_hash = ? AND status != 'duplicate' ORDER BY id LIMIT 1",
                                             arguments: [messageID, messageHash])
        // A row without a message hash has the same raw bytes or is another message: same
        // bytes means the same message hash had it been computed.
        let sameBytes = try Int64.fetchOne(db, cached: "SELECT id FROM items WHERE message_id = ? AND message_hash IS NULL AND content_hash = ? AND status != 'duplicate' ORDER BY id LIMIT 1",
                                           arguments: [messageID, item.contentHash])
        switch (sameMessage, sameBytes) {
        case let (message?, bytes?): return min(message, bytes)
        case let (message, bytes): return message ?? bytes
        }
    }

    /// Where an original is kept, as `original_path` records it.
    static func originalLocation(_ hash: String) -> String { "intake.sqlite:originals/\(hash)" }

    /// An item's original bytes, by content hash: from the database, or from the originals/
    /// folder of versions before v6.
    public func original(hash: String) throws(StoreError) -> [UInt8]? {
        let stored = try read("reading original \(hash.prefix(12))") { db in
            try Data.fetchOne(db, cached: "SELECT bytes FROM originals WHERE hash = ?", arguments: [hash])
        }
        if let stored { return Array(stored) }
        return originals.read(hash: hash)
    }

    public func item(dedupeKey: String) throws(StoreError) -> ItemRecord? {
        try read("reading item") { db in
            try Row.fetchOne(db, cached: "SELECT \(Self.itemColumns) FROM items WHERE dedupe_key = ?", arguments: [dedupeKey]).map(Self.itemRecord)
        }
    }

    /// Which of `keys` are stored: one query for a run of mailbox messages, instead of one read
    /// per message (a read transaction each) before its fetch starts.
    public func storedDedupeKeys(_ keys: [String]) throws(StoreError) -> Set<String> {
        try read("looking up \(keys.count) items") { db in
            var found: Set<String> = []
            // Chunks keep each statement under SQLite's oldest limit on parameters (999).
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(start + 500, keys.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                found.formUnion(try String.fetchAll(db, sql: "SELECT dedupe_key FROM items WHERE dedupe_key IN (\(marks))", arguments: StatementArguments(chunk)))
            }
            return found
        }
    }

    public func item(id: Int64) throws(StoreError) -> ItemRecord? {
        try read("reading item \(id)") { db in
            try Row.fetchOne(db, cached: "SELECT \(Self.itemColumns) FROM items WHERE id = ?", arguments: [id]).map(Self.itemRecord)
        }
    }

    /// Items in the given states, oldest first.
    public func items(status: [ItemStatus]) throws(StoreError) -> [ItemRecord] {
        try read("listing items") { db in
            let marks = status.map { _ in "?" }.joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT \(Self.itemColumns) FROM items WHERE status IN (\(marks)) ORDER BY id",
                                    arguments: StatementArguments(status.map(\.rawValue))).map(Self.itemRecord)
        }
    }

    /// Counts of items per status, for summaries.
    public func itemCount() throws(StoreError) -> Int {
        try read("counting items") { db in try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM items") ?? 0 }
    }

    /// The extracted document stored with an item, as JSON.
    public func itemDocument(id: Int64) throws(StoreError) -> (document: String?, origins: String?) {
        try read("reading item \(id)") { db in
            let row = try Row.fetchOne(db, cached: "SELECT document_json, origins_json FROM items WHERE id = ?", arguments: [id])
            return (row?["document_json"], row?["origins_json"])
        }
    }

    /// Marks an item processed and, for an order, creates the order with the next number of its
    /// year, all in one transaction: a crash leaves either nothing or both. An item already
    /// processed (by another process) is left alone and its order returned.
    /// `followUp` (a case, a survey answer, an opt-out) commits in the same transaction.
    public func completeItem(id: Int64, kind: MessageKind, documentJSON: String, originsJSON: String, orderReference: OrderNumber? = nil,
                             followUp: FollowUpRecords = FollowUpRecords(),
                             order template: Order?, year: Int, approveWith reason: String?, actor: String) throws(StoreError) -> ItemCompletion {
        try write("processing item \(id)") { db in
            guard let row = try Row.fetchOne(db, cached: "SELECT status, order_number FROM items WHERE id = ?", arguments: [id]) else {
                throw StoreError(code: .notFound, message: "item \(id) does not exist")
            }
            let status: String = row["status"]
            if status != ItemStatus.stored.rawValue {
                return ItemCompletion(orderNumber: (row["order_number"] as String?).flatMap(OrderNumber.init), wrote: false)
            }
            var number: OrderNumber?
            if var order = template {
                // The next number of the year: an UPDATE and a read measured cheaper than one
                // upsert with RETURNING (SQLite buffers returned rows); the year's first order inserts.
                var sequence = 1
                try db.execute(cached: "UPDATE order_sequences SET last = last + 1 WHERE year = ?", arguments: [year])
                if db.changesCount > 0 {
                    sequence = try Int.fetchOne(db, cached: "SELECT last FROM order_sequences WHERE year = ?", arguments: [year]) ?? 1
                } else {
                    try db.execute(cached: "INSERT INTO order_sequences (year, last) VALUES (?, 1)", arguments: [year])
                }
                order.number = OrderNumber(year: year, sequence: sequence)
                order.itemID = id
                order.state = .needsReview
                let created = try Self.encode(order)
                if let reason {
                    // Approved by policy: the row is written once, already approved, and the log
                    // still shows both steps (created for review, then approved).
                    try order.state.checkTransition(to: .approved, of: order.number)
                    order.state = .approved
                    let approved = try Self.withState(created, from: .needsReview, to: .approved) ?? Self.encode(order)
                    try Self.insertOrder(db, order, json: approved)
                    try Self.appendEvent(db, actor: actor, subject: order.number.description, action: "created", detail: "from item \(id)", after: created)
                    try Self.appendEvent(db, actor: "policy", subject: order.number.description, action: "approved", detail: reason,
                                         before: created, after: approved)
                } else {
                    try Self.insertOrder(db, order, json: created)
                    try Self.appendEvent(db, actor: actor, subject: order.number.description, action: "created", detail: "from item \(id)", after: created)
                }
                number = order.number
            }
            try db.execute(cached: "UPDATE items SET status = 'processed', kind = ?, document_json = ?, origins_json = ?, order_number = ?, order_reference = ?, processed_at = ? WHERE id = ?",
                           arguments: [kind.rawValue, documentJSON, originsJSON, number?.description, orderReference?.description, Date().sqliteText, id])
            try Self.appendEvent(db, actor: actor, subject: "item:\(id)", action: "processed",
                                 detail: number.map { "\(kind.rawValue): order \($0)" } ?? kind.rawValue)
            try Self.insertFollowUp(db, followUp, itemID: id, actor: actor)
            return ItemCompletion(orderNumber: number, wrote: true)
        }
    }


    /// The customer's mail about an order after it was created (changes, cancellations,
    /// complaints, survey replies), oldest first.
    public func items(referring number: OrderNumber) throws(StoreError) -> [ItemRecord] {
        try read("listing the mail about \(number)") { db in
            try Row.fetchAll(db, cached: "SELECT \(Self.itemColumns) FROM items WHERE order_reference = ? ORDER BY id", arguments: [number.description]).map(Self.itemRecord)
        }
    }

    /// Marks an item failed with a reason a person can act on; the original stays stored.
    /// Marks a waiting item failed; false when it was no longer waiting (nothing written).
    @discardableResult
    public func failItem(id: Int64, reason: String, documentJSON: String?, actor: String) throws(StoreError) -> Bool {
        try write("failing item \(id)") { db in
            try db.execute(cached: "UPDATE items SET status = 'failed', kind = 'unreadable', failure_reason = ?, document_json = ?, processed_at = ? WHERE id = ? AND status = 'stored'",
                           arguments: [reason, documentJSON, Date().sqliteText, id])
            guard db.changesCount > 0 else { return false }
            try Self.appendEvent(db, actor: actor, subject: "item:\(id)", action: "failed", detail: reason)
            return true
        }
    }

    /// The columns `itemRecord` reads, in the order it reads them: not `*`, which copied every
    /// item's document and origins JSON (most of a row's bytes) into each row read on a sync's
    /// commits.
    enum ItemColumn: Int, CaseIterable {
        case id, source, dedupeKey, location, filename, messageID, contentHash, size, originalPath, receivedAt, status, kind, failureReason,
             orderNumber, duplicateOf, sourceUnread

        var name: String {
            switch self {
            case .id: "id"
            case .source: "source"
            case .dedupeKey: "dedupe_key"
            case .location: "location"
            case .filename: "filename"
            case .messageID: "message_id"
            case .contentHash: "content_hash"
            case .size: "size"
            case .originalPath: "original_path"
            case .receivedAt: "received_at"
            case .status: "status"
            case .kind: "kind"
            case .failureReason: "failure_reason"
            case .orderNumber: "order_number"
            case .duplicateOf: "duplicate_of"
            case .sourceUnread: "source_unread"
            }
        }
    }

    static let itemColumns = ItemColumn.allCases.map(\.name).joined(separator: ", ")

    /// An item row selected with `itemColumns`, read by position: reading by name lower-cased
    /// and looked up every column name in every row, most of the cost of reading an item.
    static func itemRecord(_ row: Row) -> ItemRecord {
        func value<Value: DatabaseValueConvertible>(_ column: ItemColumn) -> Value { row[column.rawValue] }
        func optional<Value: DatabaseValueConvertible>(_ column: ItemColumn) -> Value? { row[column.rawValue] }
        return ItemRecord(id: value(.id), source: value(.source), dedupeKey: value(.dedupeKey), location: value(.location), filename: value(.filename),
                          messageID: optional(.messageID), contentHash: value(.contentHash), size: value(.size), originalPath: optional(.originalPath),
                          receivedAt: value(.receivedAt), status: ItemStatus(rawValue: value(.status)) ?? .stored,
                          kind: (optional(.kind) as String?).flatMap(MessageKind.init(rawValue:)), failureReason: optional(.failureReason),
                          orderNumber: (optional(.orderNumber) as String?).flatMap(OrderNumber.init), duplicateOf: optional(.duplicateOf),
                          sourceUnread: optional(.sourceUnread) ?? false)
    }
}
