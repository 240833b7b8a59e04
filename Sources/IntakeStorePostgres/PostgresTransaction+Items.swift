#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    /// Stores an item's original and its row in one transaction: the row never exists without
    /// its bytes, which are in the database (`originals`, deduplicated by SHA-256) so that any
    /// worker reads any item. A known dedupe key returns the existing row; the same Message-ID
    /// with the same message hash (the same content, trace fields and line ends aside) from
    /// another route or another delivery is recorded as a duplicate (see `firstCopy`).
    /// `bytes` is nil for items too large to keep (the row then records that).
    /// `sourceActionPending` marks that the source still has to apply `after:`/`on_failure:` to
    /// it (mailboxes, where the item is not listed again once its UID is behind us).
    /// `sourceUnread` records that the fetch marked an unread message read, for the action.
    public func recordItem(_ item: NewItem, bytes: [UInt8]?, actor: String, sourceActionPending: Bool = false, sourceUnread: Bool = false) throws(StoreError) -> RecordOutcome {
        try write("recording item \(item.location)") { db in
            var status = ItemStatus.stored
            var duplicateOf: Int64?
            if let first = try Self.firstCopy(db, of: item) {
                status = .duplicate
                duplicateOf = first
            }
            let originalPath = bytes == nil ? nil : Self.originalLocation(item.contentHash)
            let now = Date()
            // A known dedupe key inserts nothing (the key is unique) and the stored item is answered.
            let inserted = try db.fetchValue("""
                INSERT INTO items (source, dedupe_key, location, filename, message_id, content_hash, message_hash, size, original_path, received_at, status, duplicate_of, processed_at, source_pending, source_unread)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                """, [item.source, item.dedupeKey, item.location, item.filename, item.messageID, item.contentHash, item.messageHash, item.size,
                      originalPath, item.receivedAt, status.rawValue, duplicateOf, status == .duplicate ? now : nil, sourceActionPending, sourceUnread],
                as: Int64.self)
            guard let id = inserted else {
                guard let row = try db.fetchOne("SELECT \(Self.itemColumns) FROM items WHERE dedupe_key = ?", [item.dedupeKey]) else {
                    throw StoreError(code: .database, message: "item \(item.location) was neither inserted nor found")
                }
                return .known(try Self.itemRecord(row))
            }
            if let bytes {
                try db.execute("INSERT INTO originals (hash, bytes, stored_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                               [item.contentHash, SQLValue.blob(bytes), now])
            }
            try Self.appendEvent(db, actor: actor, subject: "item:\(id)", action: status == .duplicate ? "duplicate" : "stored",
                                 detail: status == .duplicate ? "same Message-ID and message as item \(duplicateOf ?? 0); nothing created" : item.location)
            let record = ItemRecord(id: id, source: item.source, dedupeKey: item.dedupeKey, location: item.location, filename: item.filename,
                                    messageID: item.messageID, contentHash: item.contentHash, size: item.size, originalPath: originalPath,
                                    receivedAt: Self.stored(item.receivedAt), status: status, kind: nil,
                                    failureReason: nil, orderNumber: nil, duplicateOf: duplicateOf, sourceUnread: sourceUnread)
            if let duplicateOf { return .duplicate(record, of: duplicateOf) }
            return .new(record)
        }
    }

    /// The first stored item (not itself a duplicate) that `item` is a copy of: the same
    /// Message-ID and the same message hash, or, for items without one, the same Message-ID and
    /// the same raw bytes.
    static func firstCopy(_ db: PostgresSession, of item: NewItem) throws -> Int64? {
        guard let messageID = item.messageID else { return nil }
        guard let messageHash = item.messageHash else {
            return try db.fetchValue("SELECT id FROM items WHERE message_id = ? AND content_hash = ? AND status <> 'duplicate' ORDER BY id LIMIT 1",
                                     [messageID, item.contentHash], as: Int64.self)
        }
        let sameMessage = try db.fetchValue("SELECT id FROM items WHERE message_id = ? AND message_hash = ? AND status <> 'duplicate' ORDER BY id LIMIT 1",
                                            [messageID, messageHash], as: Int64.self)
        // A row without a message hash has the same raw bytes or is another message.
        let sameBytes = try db.fetchValue("SELECT id FROM items WHERE message_id = ? AND message_hash IS NULL AND content_hash = ? AND status <> 'duplicate' ORDER BY id LIMIT 1",
                                          [messageID, item.contentHash], as: Int64.self)
        switch (sameMessage, sameBytes) {
        case let (message?, bytes?): return min(message, bytes)
        case let (message, bytes): return message ?? bytes
        }
    }

    /// Where an original is kept, as `original_path` records it.
    static func originalLocation(_ hash: String) -> String { "postgres:originals/\(hash)" }

    /// An item's original bytes, by content hash.
    public func original(hash: String) throws(StoreError) -> [UInt8]? {
        try read("reading original \(hash.prefix(12))") { db in
            try db.fetchOne("SELECT bytes FROM originals WHERE hash = ?", [hash])?.bytes("bytes")
        }
    }

    public func item(dedupeKey: String) throws(StoreError) -> ItemRecord? {
        try read("reading item") { db in
            try db.fetchOne("SELECT \(Self.itemColumns) FROM items WHERE dedupe_key = ?", [dedupeKey]).map(Self.itemRecord)
        }
    }

    /// Which of `keys` are stored: one query for a run of mailbox messages.
    public func storedDedupeKeys(_ keys: [String]) throws(StoreError) -> Set<String> {
        try read("looking up \(keys.count) items") { db in
            var found: Set<String> = []
            for start in stride(from: 0, to: keys.count, by: 1000) {
                let chunk = Array(keys[start..<min(start + 1000, keys.count)])
                found.formUnion(try db.fetchValues("SELECT dedupe_key FROM items WHERE dedupe_key IN (\(Self.marks(chunk.count)))", chunk, as: String.self))
            }
            return found
        }
    }

    public func item(id: Int64) throws(StoreError) -> ItemRecord? {
        try read("reading item \(id)") { db in
            try db.fetchOne("SELECT \(Self.itemColumns) FROM items WHERE id = ?", [id]).map(Self.itemRecord)
        }
    }

    /// Items in the given states, oldest first.
    public func items(status: [ItemStatus]) throws(StoreError) -> [ItemRecord] {
        guard !status.isEmpty else { return [] }
        return try read("listing items") { db in
            try db.fetchAll("SELECT \(Self.itemColumns) FROM items WHERE status IN (\(Self.marks(status.count))) ORDER BY id", status.map(\.rawValue))
                .map(Self.itemRecord)
        }
    }

    /// Counts of items per status, for summaries.
    public func itemCount() throws(StoreError) -> Int {
        try read("counting items") { db in try db.fetchValue("SELECT COUNT(*) FROM items", as: Int.self) ?? 0 }
    }

    /// The extracted document stored with an item, as JSON.
    public func itemDocument(id: Int64) throws(StoreError) -> (document: String?, origins: String?) {
        try read("reading item \(id)") { db in
            let row = try db.fetchOne("SELECT document_json, origins_json FROM items WHERE id = ?", [id])
            return (try row?.get("document_json", as: String?.self), try row?.get("origins_json", as: String?.self))
        }
    }

    /// Marks an item processed and, for an order, creates the order with the next number of its
    /// year, all in one transaction: a crash leaves either nothing or both. An item already
    /// processed (by another worker) is left alone and its order returned. The year's counter
    /// row is locked by its UPDATE until the commit, so numbers stay gapless; a transaction that
    /// numbers at the same time fails when the holder commits (40001) and runs again queued
    /// behind the counter (`PostgresStore.runTransaction`).
    /// `followUp` (a case, a survey answer, an opt-out) commits in the same transaction.
    public func completeItem(id: Int64, kind: MessageKind, documentJSON: String, originsJSON: String, orderReference: OrderNumber? = nil,
                             followUp: FollowUpRecords = FollowUpRecords(),
                             order template: Order?, year: Int, approveWith reason: String?, actor: String) throws(StoreError) -> ItemCompletion {
        try write("processing item \(id)") { db in
            guard let row = try db.fetchOne("SELECT status, order_number FROM items WHERE id = ? FOR UPDATE", [id]) else {
                throw StoreError(code: .notFound, message: "item \(id) does not exist")
            }
            let status: String = try row.get("status")
            if status != ItemStatus.stored.rawValue {
                return ItemCompletion(orderNumber: try row.get("order_number", as: String?.self).flatMap(OrderNumber.init), wrote: false)
            }
            var number: OrderNumber?
            if var order = template {
                let sequence = try db.fetchValue("""
                    INSERT INTO order_sequences (year, last) VALUES (?, 1)
                    ON CONFLICT (year) DO UPDATE SET last = order_sequences.last + 1 RETURNING last
                    """, [year], as: Int.self) ?? 1
                order.number = OrderNumber(year: year, sequence: sequence)
                order.itemID = id
                order.state = .needsReview
                let created = try Self.encode(order)
                if let reason {
                    // Approved by policy: the row is written once, already approved, and the log
                    // still shows both steps (created for review, then approved).
                    try order.state.checkTransition(to: .approved, of: order.number)
                    order.state = .approved
                    let approved = try Self.encode(order)
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
            try db.execute("UPDATE items SET status = 'processed', kind = ?, document_json = ?, origins_json = ?, order_number = ?, order_reference = ?, processed_at = ? WHERE id = ?",
                           [kind.rawValue, documentJSON, originsJSON, number?.description, orderReference?.description, Date(), id])
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
            try db.fetchAll("SELECT \(Self.itemColumns) FROM items WHERE order_reference = ? ORDER BY id", [number.description]).map(Self.itemRecord)
        }
    }

    /// Marks a waiting item failed with a reason a person can act on (the original stays
    /// stored); false when it was no longer waiting (nothing written).
    @discardableResult
    public func failItem(id: Int64, reason: String, documentJSON: String?, actor: String) throws(StoreError) -> Bool {
        try write("failing item \(id)") { db in
            let changed = try db.run("UPDATE items SET status = 'failed', kind = 'unreadable', failure_reason = ?, document_json = ?, processed_at = ? WHERE id = ? AND status = 'stored'",
                                     [reason, documentJSON, Date(), id]).affected
            guard changed > 0 else { return false }
            try Self.appendEvent(db, actor: actor, subject: "item:\(id)", action: "failed", detail: reason)
            return true
        }
    }

    /// The columns `itemRecord` reads: not `*`, which would copy every item's document and
    /// origins JSON (most of a row's bytes) into each row read.
    static let itemColumns = "id, source, dedupe_key, location, filename, message_id, content_hash, size, original_path, received_at, status, kind, "
        + "failure_reason, order_number, duplicate_of, source_unread"

    static func itemRecord(_ row: SQLRow) throws(StoreError) -> ItemRecord {
        ItemRecord(id: try row.get("id"), source: try row.get("source"), dedupeKey: try row.get("dedupe_key"), location: try row.get("location"),
                   filename: try row.get("filename"), messageID: try row.get("message_id"), contentHash: try row.get("content_hash"),
                   size: try row.get("size"), originalPath: try row.get("original_path"), receivedAt: try row.get("received_at"),
                   status: ItemStatus(rawValue: try row.get("status")) ?? .stored,
                   kind: try row.get("kind", as: String?.self).flatMap(MessageKind.init(rawValue:)), failureReason: try row.get("failure_reason"),
                   orderNumber: try row.get("order_number", as: String?.self).flatMap(OrderNumber.init), duplicateOf: try row.get("duplicate_of"),
                   sourceUnread: try row.get("source_unread"))
    }
}
#endif
