import Foundation
import IntakeModel
import IntakeTestSupport
import Testing

/// The store protocol's items, originals and transactions, the same tests for every store.
@Suite struct ItemContractTests {
    typealias F = StoreFixtures
    let folder = TemporaryFolder("store-items")

    @Test(arguments: StoreKind.allCases)
    func storesAnItemOnceAndKeepsItsOriginal(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let bytes = Array("From: a@b.example\r\n\r\nhello".utf8)
        guard case .new(let first) = try await F.record(F.newItem("a.eml", bytes: bytes), bytes: bytes, in: store) else {
            Testing.Issue.record("first recording was not new"); return
        }
        guard case .known(let again) = try await F.record(F.newItem("a.eml", bytes: bytes), bytes: bytes, in: store) else {
            Testing.Issue.record("second recording was not known"); return
        }
        #expect(first.id == again.id)
        #expect(try await store.original(hash: first.contentHash) == bytes)
        #expect(first.originalPath != nil)
        #expect(try await store.itemCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func findsWhichOfManyDedupeKeysAreStored(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let items = stride(from: 0, to: 1200, by: 7).map { index in
            (F.newItem("\(index).eml", bytes: Array("From: a@b.example\r\n\r\nmessage \(index)".utf8)), Array("From: a@b.example\r\n\r\nmessage \(index)".utf8))
        }
        try await store.transaction { tx in
            for (item, bytes) in items { _ = try tx.recordItem(item, bytes: bytes, actor: "test", sourceActionPending: false, sourceUnread: false) }
        }
        let stored = Set(items.map(\.0.dedupeKey))
        // More keys than one statement takes, most of them unknown, the stored ones spread out.
        let asked = stored.sorted() + (0..<1100).map { "file:inbox:unknown-\($0)" }
        #expect(try await store.read { try $0.storedDedupeKeys(asked) } == stored)
        #expect(try await store.read { try $0.storedDedupeKeys([]) } == [])
    }

    @Test(arguments: StoreKind.allCases)
    func readsBackEveryFieldOfAnItem(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let bytes = Array("From: a@b.example\r\n\r\nhello".utf8)
        let item = F.newItem("a.eml", bytes: bytes, messageID: "m1@b.example", messageHash: String(repeating: "ab", count: 32))
        guard case .new(let first) = try await F.record(item, bytes: bytes, unread: true, in: store) else {
            Testing.Issue.record("not new"); return
        }
        // The record recordItem builds from what it inserted is the row as a read returns it.
        #expect(try await store.item(id: first.id) == first)
        var again = F.newItem("b.eml", bytes: bytes, messageID: "m1@b.example", messageHash: item.messageHash)
        again.dedupeKey = "another-key"
        guard case .duplicate(let duplicate, of: let original) = try await F.record(again, bytes: bytes, pending: true, in: store) else {
            Testing.Issue.record("not a duplicate"); return
        }
        #expect(original == first.id)
        #expect(try await store.item(id: duplicate.id) == duplicate)
        #expect(try await store.itemsPendingSourceAction(source: "inbox").map(\.id) == [duplicate.id])
        guard case .known(let known) = try await F.record(item, bytes: bytes, in: store) else {
            Testing.Issue.record("not known"); return
        }
        #expect(known == first)
        let number = try await F.complete(first.id, in: store).orderNumber
        let read = try #require(try await store.item(id: first.id))
        #expect(read.source == "inbox" && read.dedupeKey == item.dedupeKey && read.location == "a.eml" && read.filename == "a.eml")
        #expect(read.messageID == "m1@b.example" && read.contentHash == item.contentHash && read.size == bytes.count)
        #expect(abs(read.receivedAt.timeIntervalSince(item.receivedAt)) < 0.001)
        #expect(read.status == .processed && read.kind == .order && read.orderNumber == number && number != nil)
        #expect(read.failureReason == nil && read.duplicateOf == nil && read.sourceUnread)
        #expect(read.originalPath == first.originalPath)
        try await store.transaction { try $0.markSourceActionDone(itemIDs: [duplicate.id]) }
        #expect(try await store.itemsPendingSourceAction(source: "inbox").isEmpty)
    }

    struct Abort: Error {}

    @Test(arguments: StoreKind.allCases)
    func aTransactionCommitsAllItsWritesTogetherOrNoneOfThem(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let one = Array("From: a@b.example\r\n\r\none".utf8)
        let two = Array("From: a@b.example\r\n\r\ntwo".utf8)
        // Thrown out of the transaction: nothing of it stays, though a read inside saw it.
        await #expect(throws: Abort.self) {
            try await store.transaction { tx in
                _ = try tx.recordItem(F.newItem("1.eml", bytes: one), bytes: one, actor: "test", sourceActionPending: false, sourceUnread: false)
                #expect(try tx.itemCount() == 1, "a read inside the transaction sees what it wrote")
                throw Abort()
            }
        }
        #expect(try await store.itemCount() == 0)
        #expect(try await store.original(hash: ContentHash.of(one)) == nil)

        // Committed: both items and the processing of the first, which needed the row just written.
        let number = try await store.transaction { tx -> OrderNumber? in
            guard case .new(let first) = try tx.recordItem(F.newItem("1.eml", bytes: one), bytes: one, actor: "test",
                                                         sourceActionPending: false, sourceUnread: false) else { return nil }
            _ = try tx.recordItem(F.newItem("2.eml", bytes: two), bytes: two, actor: "test", sourceActionPending: false, sourceUnread: false)
            return try tx.completeItem(id: first.id, kind: .order, documentJSON: "{}", originsJSON: "[]", orderReference: nil,
                                       followUp: FollowUpRecords(), order: F.template(), year: 2026, approveWith: nil, actor: "test").orderNumber
        }
        #expect(number != nil)
        #expect(try await store.itemCount() == 2)
        #expect(try await store.original(hash: ContentHash.of(two)) == two)
    }

    /// A write that fails inside a transaction fails the whole of it, even when the body catches
    /// the error and goes on: half a transaction is never committed.
    @Test(arguments: StoreKind.allCases)
    func aFailedWriteFailsTheWholeTransactionEvenWhenCaught(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("a.txt", in: store)
        await #expect(throws: (any Error).self) {
            try await store.transaction { tx in
                try tx.setMeta("before", "the failure")
                do {
                    try tx.updateOrder(number, actor: "x", action: "shipped", detail: nil, expecting: nil, notice: nil) { order in order.state = .shipped }
                } catch {}
                try tx.setMeta("after", "the failure")
            }
        }
        #expect(try await store.read { try $0.meta("before") } == nil)
        #expect(try await store.read { try $0.meta("after") } == nil)
        try await store.transaction { try $0.setMeta("after", "kept") }
        #expect(try await store.read { try $0.meta("after") } == "kept")
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentTransactionsAreSerialised(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        try await store.transaction { try $0.setMeta("count", "0") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await store.transaction { tx in
                        let count = Int(try tx.meta("count") ?? "0") ?? 0
                        try tx.setMeta("count", String(count + 1))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { try $0.meta("count") } == "40")
    }

    @Test(arguments: StoreKind.allCases)
    func theFirstValueRecordedForAKeyStays(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        #expect(try await store.transaction { try $0.setMetaIfAbsent("desk_id", "one") } == "one")
        #expect(try await store.transaction { try $0.setMetaIfAbsent("desk_id", "two") } == "one")
        #expect(try await store.read { try $0.meta("desk_id") } == "one")
    }

    @Test(arguments: StoreKind.allCases)
    func sameMessageHashWithOtherBytesIsADuplicateOfTheFirst(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let messageHash = String(repeating: "ab", count: 32)
        let firstBytes = Array("Received: a\r\n\r\nhi".utf8)
        guard case .new(let first) = try await F.record(F.newItem("1.eml", bytes: firstBytes, messageID: "m@x", messageHash: messageHash),
                                                        bytes: firstBytes, in: store) else {
            Testing.Issue.record("the first copy was not new"); return
        }
        for copy in 2...5 {
            let bytes = Array("Received: hop \(copy)\r\n\r\nhi".utf8)
            let outcome = try await F.record(F.newItem("\(copy).eml", bytes: bytes, messageID: "m@x", messageHash: messageHash), bytes: bytes, in: store)
            guard case .duplicate(let record, let of) = outcome else { Testing.Issue.record("copy \(copy) was \(outcome)"); continue }
            #expect(of == first.id)
            #expect(record.status == .duplicate)
            // The copy's own bytes are kept under their own hash.
            #expect(try await store.original(hash: record.contentHash) == bytes)
        }
        // Another message hash, or another Message-ID, is another message.
        let other = Array("Received: a\r\n\r\nbye".utf8)
        guard case .new = try await F.record(F.newItem("6.eml", bytes: other, messageID: "m@x", messageHash: String(repeating: "cd", count: 32)),
                                             bytes: other, in: store) else {
            Testing.Issue.record("another message hash was taken for a duplicate"); return
        }
        let third = Array("Received: b\r\n\r\nhi".utf8)
        guard case .new = try await F.record(F.newItem("7.eml", bytes: third, messageID: "n@x", messageHash: messageHash), bytes: third, in: store) else {
            Testing.Issue.record("another Message-ID was taken for a duplicate"); return
        }
        #expect(try await store.items(status: [.duplicate]).count == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedItemKeepsItsOriginalAndItsReason(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let bytes = Array("%PDF-1.4 not an order".utf8)
        let item = try await F.recordNew("a.pdf", bytes: bytes, in: store)
        #expect(try await store.transaction { try $0.failItem(id: item.id, reason: "not readable", documentJSON: nil, actor: "test") })
        #expect(try await store.transaction { try $0.failItem(id: item.id, reason: "again", documentJSON: nil, actor: "test") } == false)
        let failed = try #require(try await store.item(id: item.id))
        #expect(failed.status == .failed && failed.failureReason == "not readable")
        #expect(try await store.original(hash: item.contentHash) == bytes)
    }

    @Test(arguments: StoreKind.allCases)
    func aMailboxPlaceNeverGoesBackWithinOneUIDValidity(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        func save(_ validity: UInt32, _ uid: UInt32) async throws {
            try await store.transaction { try $0.saveMailboxState(source: "mail", mailbox: "INBOX", state: MailboxState(uidValidity: validity, lastUID: uid)) }
        }
        func read() async throws -> MailboxState? { try await store.read { try $0.mailboxState(source: "mail", mailbox: "INBOX") } }
        #expect(try await read() == nil)
        try await save(7, 40)
        try await save(7, 30)
        #expect(try await read() == MailboxState(uidValidity: 7, lastUID: 40))
        // A new UIDVALIDITY starts the mailbox over.
        try await save(8, 3)
        #expect(try await read() == MailboxState(uidValidity: 8, lastUID: 3))
    }
}
