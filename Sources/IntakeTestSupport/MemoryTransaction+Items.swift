import Foundation
import IntakeModel

extension MemoryTransaction {
    /// `SQLiteTransaction.recordItem`: a known dedupe key answers the stored row and writes
    /// nothing; a copy of a stored message (`firstCopy`) is recorded as a duplicate; otherwise a
    /// new row. The bytes go in with the row, unless they are nil (too large to keep).
    func recordItem(_ item: NewItem, bytes: [UInt8]?, actor: String, sourceActionPending: Bool, sourceUnread: Bool) throws(StoreError) -> RecordOutcome {
        try write("recording item \(item.location)") {
            let duplicateOf = firstCopy(of: item)
            let status: ItemStatus = duplicateOf == nil ? .stored : .duplicate
            // AUTOINCREMENT draws the id before the conflict is found (`lastItemID`).
            state.lastItemID += 1
            let id = state.lastItemID
            // `ON CONFLICT(dedupe_key) DO NOTHING`, then the stored row.
            if let known = state.itemIDByDedupeKey[item.dedupeKey], let row = itemRow(known) {
                return .known(row.record)
            }
            let row = MemoryItemRow(
                id: id, source: item.source, dedupeKey: item.dedupeKey, location: item.location, filename: item.filename,
                messageID: item.messageID, contentHash: item.contentHash, messageHash: item.messageHash, size: item.size,
                originalPath: bytes == nil ? nil : Self.originalLocation(item.contentHash), receivedAt: StoredDate(item.receivedAt),
                status: status, duplicateOf: duplicateOf, processedAt: status == .duplicate ? StoredDate(Date()) : nil,
                sourcePending: sourceActionPending, sourceUnread: sourceUnread)
            state.itemIndexByID[id] = state.items.count
            state.items.append(row)
            state.itemIDByDedupeKey[item.dedupeKey] = id
            // `originals.hash UNIQUE … ON CONFLICT(hash) DO NOTHING`: the first bytes stay.
            if let bytes, state.originals[item.contentHash] == nil {
                state.originals[item.contentHash] = bytes
            }
            appendEvent(actor: actor, subject: "item:\(id)", action: status == .duplicate ? "duplicate" : "stored",
                        detail: status == .duplicate ? "same Message-ID and message as item \(duplicateOf ?? 0); nothing created" : item.location)
            if let duplicateOf { return .duplicate(row.record, of: duplicateOf) }
            return .new(row.record)
        }
    }

    /// `SQLiteTransaction.firstCopy`: the first stored item (not itself a duplicate) with the
    /// same Message-ID and message hash, or with the same Message-ID, no message hash and the same
    /// raw bytes; without a message hash of its own, the same Message-ID and raw bytes.
    /// The lowest id of the two lookups wins (each is `ORDER BY id LIMIT 1`).
    func firstCopy(of item: NewItem) -> Int64? {
        guard let messageID = item.messageID else { return nil }
        let candidates = state.items.lazy.filter { $0.messageID == messageID && $0.status != .duplicate }
        guard let messageHash = item.messageHash else {
            return candidates.first { $0.contentHash == item.contentHash }?.id
        }
        return candidates.first { row in
            row.messageHash == messageHash || (row.messageHash == nil && row.contentHash == item.contentHash)
        }?.id
    }

    /// Where an original is kept, as `original_path` records it. The SQLite store's text, kept
    /// as it is: callers and the shared tests read it only as "the original was kept", and an
    /// item's record then reads the same from either store.
    static func originalLocation(_ hash: String) -> String { "intake.sqlite:originals/\(hash)" }

    /// An item's original bytes, by content hash (there is no folder of older originals here).
    func original(hash: String) throws(StoreError) -> [UInt8]? {
        state.originals[hash]
    }

    func item(dedupeKey: String) throws(StoreError) -> ItemRecord? {
        state.itemIDByDedupeKey[dedupeKey].flatMap(itemRow)?.record
    }

    func storedDedupeKeys(_ keys: [String]) throws(StoreError) -> Set<String> {
        Set(keys.filter { state.itemIDByDedupeKey[$0] != nil })
    }

    func item(id: Int64) throws(StoreError) -> ItemRecord? {
        itemRow(id)?.record
    }

    /// The row with this id, nil for ids that were never issued.
    func itemRow(_ id: Int64) -> MemoryItemRow? {
        state.itemIndexByID[id].map { state.items[$0] }
    }

    /// Replaces the row with `row.id` (which exists).
    func saveItem(_ row: MemoryItemRow) {
        guard let index = state.itemIndexByID[row.id] else { return }
        state.items[index] = row
    }

    /// Items in the given states, oldest first (`ORDER BY id`).
    func items(status: [ItemStatus]) throws(StoreError) -> [ItemRecord] {
        state.items.filter { status.contains($0.status) }.map(\.record)
    }

    func itemCount() throws(StoreError) -> Int {
        state.items.count
    }

    /// Both nil for an item that does not exist.
    func itemDocument(id: Int64) throws(StoreError) -> (document: String?, origins: String?) {
        guard let row = itemRow(id) else { return (nil, nil) }
        return (row.documentJSON, row.originsJSON)
    }

    /// The mail that names an order (`order_reference`), oldest first.
    func items(referring number: OrderNumber) throws(StoreError) -> [ItemRecord] {
        let text = number.description
        return state.items.filter { $0.orderReference == text }.map(\.record)
    }

    /// `SQLiteTransaction.completeItem`: an item no longer `stored` is left alone and answered
    /// with its order; otherwise the order (if any) gets the year's next number, the item is
    /// marked processed and the follow-up records are written, in that order.
    func completeItem(id: Int64, kind: MessageKind, documentJSON: String, originsJSON: String, orderReference: OrderNumber?,
                      followUp: FollowUpRecords, order template: Order?, year: Int, approveWith reason: String?,
                      actor: String) throws(StoreError) -> ItemCompletion {
        try write("processing item \(id)") {
            guard let row = itemRow(id) else {
                throw StoreError(code: .notFound, message: "item \(id) does not exist")
            }
            if row.status != .stored {
                return ItemCompletion(orderNumber: row.orderNumber.flatMap(OrderNumber.init), wrote: false)
            }
            var number: OrderNumber?
            if let template {
                number = try createOrder(from: template, itemID: id, year: year, approveWith: reason, actor: actor)
            }
            var updated = row
            updated.status = .processed
            updated.kind = kind
            updated.documentJSON = documentJSON
            updated.originsJSON = originsJSON
            updated.orderNumber = number?.description
            updated.orderReference = orderReference?.description
            updated.processedAt = StoredDate(Date())
            saveItem(updated)
            appendEvent(actor: actor, subject: "item:\(id)", action: "processed",
                        detail: number.map { "\(kind.rawValue): order \($0)" } ?? kind.rawValue)
            try insertFollowUp(followUp, itemID: id, actor: actor)
            return ItemCompletion(orderNumber: number, wrote: true)
        }
    }

    /// The order of a completed item: the next number of its year (`order_sequences`, gapless:
    /// a transaction that does not commit takes its number back with it), created for review or,
    /// with a policy's reason, approved at once with both steps in the log.
    private func createOrder(from template: Order, itemID: Int64, year: Int, approveWith reason: String?, actor: String) throws -> OrderNumber {
        let sequence = (state.sequences[year] ?? 0) + 1
        state.sequences[year] = sequence
        var order = template
        order.number = OrderNumber(year: year, sequence: sequence)
        order.itemID = itemID
        order.state = .needsReview
        let created = try Self.encode(order)
        let subject = order.number.description
        if let reason {
            try order.state.checkTransition(to: .approved, of: order.number)
            order.state = .approved
            let approved = try Self.withState(created, from: .needsReview, to: .approved) ?? Self.encode(order)
            try insertOrder(order, json: approved)
            appendEvent(actor: actor, subject: subject, action: "created", detail: "from item \(itemID)", after: created)
            appendEvent(actor: "policy", subject: subject, action: "approved", detail: reason, before: created, after: approved)
        } else {
            try insertOrder(order, json: created)
            appendEvent(actor: actor, subject: subject, action: "created", detail: "from item \(itemID)", after: created)
        }
        return order.number
    }

    /// Marks a waiting item failed (`… WHERE id = ? AND status = 'stored'`); false when it was not
    /// waiting. The document is replaced, nil included.
    @discardableResult
    func failItem(id: Int64, reason: String, documentJSON: String?, actor: String) throws(StoreError) -> Bool {
        try write("failing item \(id)") {
            guard var row = itemRow(id), row.status == .stored else { return false }
            row.status = .failed
            row.kind = .unreadable
            row.failureReason = reason
            row.documentJSON = documentJSON
            row.processedAt = StoredDate(Date())
            saveItem(row)
            appendEvent(actor: actor, subject: "item:\(id)", action: "failed", detail: reason)
            return true
        }
    }
}
