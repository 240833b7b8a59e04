import Foundation
import IntakeModel
@testable import IntakeStore
import IntakeTestSupport
import Testing

@Suite struct IntakeStoreTests {
    let folder = TemporaryFolder("store")

    func open() throws -> IntakeStore {
        try IntakeStore(databaseFile: folder.file("intake.sqlite"), originalsDirectory: folder.file("originals"))
    }

    func newItem(_ name: String, bytes: [UInt8], messageID: String? = nil, source: String = "inbox") -> NewItem {
        let hash = OriginalStore.hash(bytes)
        return NewItem(source: source, dedupeKey: "file:\(source):\(name):\(bytes.count):\(hash)", location: name, filename: name,
                       messageID: messageID, contentHash: hash, size: bytes.count, receivedAt: Date())
    }

    func template() -> Order {
        Order(number: OrderNumber(year: 0, sequence: 0), state: .needsReview, itemID: 0, receivedAt: Date(),
              customer: .init(email: "a@b.example"), lines: [OrderLine(sku: "X", quantity: 1)])
    }

    /// Two processes giving a new desk its id at once: the second sees the first's, so the store
    /// and the folder's marker cannot end with two ids (the later start would refuse the desk).
    @Test func theFirstValueRecordedForAKeyStays() throws {
        let first = try open()
        let second = try open()
        #expect(try first.setMetaIfAbsent("desk_id", "one") == "one")
        #expect(try second.setMetaIfAbsent("desk_id", "two") == "one")
        #expect(try first.meta("desk_id") == "one")
    }

    @Test func storesAnItemOnceAndKeepsItsOriginal() throws {
        let store = try open()
        let bytes = Array("From: a@b.example\r\n\r\nhello".utf8)
        guard case .new(let first) = try store.recordItem(newItem("a.eml", bytes: bytes), bytes: bytes, actor: "test") else {
            Testing.Issue.record("first recording was not new"); return
        }
        guard case .known(let again) = try store.recordItem(newItem("a.eml", bytes: bytes), bytes: bytes, actor: "test") else {
            Testing.Issue.record("second recording was not known"); return
        }
        #expect(first.id == again.id)
        #expect(try store.original(hash: first.contentHash) == bytes)
        #expect(first.originalPath?.hasPrefix("intake.sqlite:originals/") == true)
        #expect(try store.itemCount() == 1)
    }

    @Test func findsWhichOfManyDedupeKeysAreStored() throws {
        let store = try open()
        var stored: Set<String> = []
        for index in stride(from: 0, to: 1200, by: 7) {
            let bytes = Array("From: a@b.example\r\n\r\nmessage \(index)".utf8)
            let item = newItem("\(index).eml", bytes: bytes)
            _ = try store.recordItem(item, bytes: bytes, actor: "test")
            stored.insert(item.dedupeKey)
        }
        // More keys than one statement takes, most of them unknown, the stored ones spread out.
        let asked = stored.sorted() + (0..<1100).map { "file:inbox:unknown-\($0)" }
        #expect(try store.storedDedupeKeys(asked) == stored)
        #expect(try store.storedDedupeKeys([]) == [])
    }

    @Test func readsBackEveryFieldOfAnItem() throws {
        let store = try open()
        let bytes = Array("From: a@b.example\r\n\r\nhello".utf8)
        let item = newItem("a.eml", bytes: bytes, messageID: "m1@b.example")
        guard case .new(let first) = try store.recordItem(item, bytes: bytes, actor: "test", sourceUnread: true) else {
            Testing.Issue.record("not new"); return
        }
        // The record recordItem builds from what it inserted is the row as a read returns it.
        #expect(try store.item(id: first.id) == first)
        var again = newItem("b.eml", bytes: bytes, messageID: "m1@b.example")
        again.dedupeKey = "another-key"
        guard case .duplicate(let duplicate, of: let original) = try store.recordItem(again, bytes: bytes, actor: "test", sourceActionPending: true) else {
            Testing.Issue.record("not a duplicate"); return
        }
        #expect(original == first.id)
        #expect(try store.item(id: duplicate.id) == duplicate)
        guard case .known(let known) = try store.batch({ try store.recordItem(item, bytes: bytes, actor: "test") }) else {
            Testing.Issue.record("not known"); return
        }
        #expect(known == first)
        let number = try store.completeItem(id: first.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(), year: 2026,
                                            approveWith: nil, actor: "test").orderNumber
        let read = try #require(try store.item(id: first.id))
        #expect(read.source == "inbox" && read.dedupeKey == item.dedupeKey && read.location == "a.eml" && read.filename == "a.eml")
        #expect(read.messageID == "m1@b.example" && read.contentHash == item.contentHash && read.size == bytes.count)
        #expect(abs(read.receivedAt.timeIntervalSince(item.receivedAt)) < 0.001)
        #expect(read.status == .processed && read.kind == .order && read.orderNumber == number && number != nil)
        #expect(read.failureReason == nil && read.duplicateOf == nil && read.sourceUnread)
        #expect(read.originalPath == first.originalPath && first.originalPath != nil)
    }

    struct Abort: Error {}

    @Test func aBatchCommitsAllItsWritesTogetherOrNoneOfThem() throws {
        let store = try open()
        let one = Array("From: a@b.example\r\n\r\none".utf8)
        let two = Array("From: a@b.example\r\n\r\ntwo".utf8)
        // Thrown out of the batch: nothing of it stays, though each call inside had "committed".
        #expect(throws: Abort.self) {
            try store.batch {
                _ = try store.recordItem(newItem("1.eml", bytes: one), bytes: one, actor: "test")
                #expect(try store.itemCount() == 1, "a read inside the batch sees what it wrote")
                throw Abort()
            }
        }
        #expect(try store.itemCount() == 0)
        #expect(try store.original(hash: OriginalStore.hash(one)) == nil)

        // Committed: both items and the processing of the first, which needed the row just written.
        let number = try store.batch { () throws -> OrderNumber? in
            guard case .new(let first) = try store.recordItem(newItem("1.eml", bytes: one), bytes: one, actor: "test") else { return nil }
            _ = try store.recordItem(newItem("2.eml", bytes: two), bytes: two, actor: "test")
            // Another thread's write waits for the batch instead of seeing half of it.
            let other = Thread { _ = try? store.setMeta("from-another-thread", "yes") }
            other.start()
            #expect(try store.meta("from-another-thread") == nil)
            return try store.completeItem(id: first.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(), year: 2026,
                                          approveWith: nil, actor: "test").orderNumber
        }
        #expect(number != nil)
        #expect(try store.itemCount() == 2)
        #expect(try store.original(hash: OriginalStore.hash(two)) == two)
        var waited = 0
        while try store.meta("from-another-thread") == nil, waited < 500 {
            Thread.sleep(forTimeInterval: 0.01)
            waited += 1
        }
        #expect(try store.meta("from-another-thread") == "yes")
    }

    @Test func aFailedWriteInsideABatchIsUndoneAloneAndTheBatchGoesOn() throws {
        let store = try open()
        let one = Array("From: a@b.example\r\n\r\none".utf8)
        let two = Array("From: a@b.example\r\n\r\ntwo".utf8)
        try store.batch {
            _ = try store.recordItem(newItem("1.eml", bytes: one), bytes: one, actor: "test")
            #expect(throws: StoreError.self) {
                try store.write("a write that fails half-way") { db in
                    try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('half', 'written')")
                    try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('nested', 'written')")
                    throw Abort()
                }
            }
            // Writes nest: an inner one that fails leaves the outer one's work in place.
            try store.write("an outer write") { _ in
                try store.setMeta("outer", "kept")
                #expect(throws: StoreError.self) {
                    try store.write("an inner write") { db in
                        try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('inner', 'undone')")
                        throw Abort()
                    }
                }
            }
            _ = try store.recordItem(newItem("2.eml", bytes: two), bytes: two, actor: "test")
        }
        #expect(try store.itemCount() == 2)
        #expect(try store.meta("half") == nil)
        #expect(try store.meta("nested") == nil)
        #expect(try store.meta("inner") == nil)
        #expect(try store.meta("outer") == "kept")
    }

    @Test func anAllOrNothingBatchKeepsNothingOnceAWriteFailed() throws {
        let store = try open()
        let one = Array("From: a@b.example\r\n\r\none".utf8)
        // The body catches the failed write and goes on: the batch still keeps nothing.
        #expect(throws: StoreError.self) {
            try store.batch(allOrNothing: true) {
                _ = try store.recordItem(newItem("1.eml", bytes: one), bytes: one, actor: "test")
                do {
                    try store.write("a write that fails") { db in
                        try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES ('half', 'written')")
                        throw Abort()
                    }
                } catch {}
                try store.setMeta("after", "the failure")
            }
        }
        #expect(try store.itemCount() == 0)
        #expect(try store.meta("half") == nil)
        #expect(try store.meta("after") == nil)
        // Without a failure it commits everything.
        try store.batch(allOrNothing: true) {
            _ = try store.recordItem(newItem("1.eml", bytes: one), bytes: one, actor: "test")
            try store.setMeta("after", "kept")
        }
        #expect(try store.itemCount() == 1)
        #expect(try store.meta("after") == "kept")
    }

    @Test func originalsOfEarlierVersionsAreStillReadFromTheirFolder() throws {
        let store = try open()
        let bytes = Array("From: old@b.example\r\n\r\nstored by schema v5".utf8)
        let hash = OriginalStore.hash(bytes)
        let path = store.originals.path(forHash: hash)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(try store.original(hash: hash) == bytes)
        #expect(try store.original(hash: OriginalStore.hash(Array("never stored".utf8))) == nil)
    }

    @Test func sameMessageByAnotherRouteIsADuplicate() throws {
        let store = try open()
        let bytes = Array("Message-ID: <m1@x>\r\n\r\nhi".utf8)
        _ = try store.recordItem(newItem("a.eml", bytes: bytes, messageID: "m1@x"), bytes: bytes, actor: "test")
        let outcome = try store.recordItem(newItem("b.eml", bytes: bytes, messageID: "m1@x", source: "other"), bytes: bytes, actor: "test")
        guard case .duplicate(let record, let of) = outcome else { Testing.Issue.record("not a duplicate: \(outcome)"); return }
        #expect(record.status == .duplicate)
        #expect(of == 1)
    }

    @Test func orderNumbersAreGaplessPerYearAndSurviveReopening() throws {
        var numbers: [String] = []
        for index in 0..<3 {
            let store = try open()
            let bytes = Array("item \(index)".utf8)
            guard case .new(let item) = try store.recordItem(newItem("\(index).txt", bytes: bytes), bytes: bytes, actor: "test") else { return }
            let year = index == 2 ? 2027 : 2026
            let number = try store.completeItem(id: item.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(),
                                                year: year, approveWith: nil, actor: "test").orderNumber
            numbers.append(number?.description ?? "nil")
        }
        #expect(numbers == ["SO-2026-00001", "SO-2026-00002", "SO-2027-00001"])
    }

    @Test func completingTwiceCreatesOneOrder() throws {
        let store = try open()
        let bytes = Array("x".utf8)
        guard case .new(let item) = try store.recordItem(newItem("x.txt", bytes: bytes), bytes: bytes, actor: "test") else { return }
        let first = try store.completeItem(id: item.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(), year: 2026, approveWith: nil, actor: "a")
        let second = try store.completeItem(id: item.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(), year: 2026, approveWith: nil, actor: "b")
        #expect(first.orderNumber == second.orderNumber && first.orderNumber != nil)
        #expect(first.wrote && !second.wrote)
        #expect(try store.orders().count == 1)
    }

    /// An order approved by policy logs two JSON bodies (created, then approved); the second is
    /// the first with its state changed, byte for byte what encoding it again gives, even when
    /// the customer's text holds what looks like a state.
    @Test func approvalByPolicyLogsBothStatesAsEncodingWould() throws {
        let store = try open()
        let bytes = Array("approve me".utf8)
        guard case .new(let item) = try store.recordItem(newItem("a.txt", bytes: bytes), bytes: bytes, actor: "test") else { return }
        var order = template()
        order.customer.name = #"Tricky "state":"needs_review" Co"#
        order.paymentTerms = #""state":"needs_review""#
        let number = try #require(try store.completeItem(id: item.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: order,
                                                          year: 2026, approveWith: "clean", actor: "test").orderNumber)
        let events = try store.events(subject: number.description)
        #expect(events.map(\.action) == ["created", "approved"])
        var expected = try #require(try store.order(number))
        #expect(expected.state == .approved)
        #expect(events[1].after == (try IntakeStore.encode(expected)))
        #expect(events[1].before == events[0].after)
        expected.state = .needsReview
        #expect(events[0].after == (try IntakeStore.encode(expected)))
        // With the state text twice, the JSON is encoded again instead.
        #expect(IntakeStore.withState(#"{"a":{"state":"needs_review"},"state":"needs_review"}"#, from: .needsReview, to: .approved) == nil)
    }

    @Test func everyChangeIsAnEventWithBeforeAndAfter() throws {
        let store = try open()
        let bytes = Array("y".utf8)
        guard case .new(let item) = try store.recordItem(newItem("y.txt", bytes: bytes), bytes: bytes, actor: "test") else { return }
        let number = try #require(try store.completeItem(id: item.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(),
                                                         year: 2026, approveWith: nil, actor: "intake").orderNumber)
        try store.updateOrder(number, actor: "mei", action: "edited", detail: "qty") { order in order.lines[0].quantity = 5 }
        try store.updateOrder(number, actor: "mei", action: "approved", detail: nil) { order in order.state = .approved }
        let events = try store.events(subject: number.description)
        #expect(events.map(\.action) == ["created", "edited", "approved"])
        #expect(events[1].actor == "mei")
        #expect(events[1].before?.contains("\"quantity\":\"1\"") == true)
        #expect(events[1].after?.contains("\"quantity\":\"5\"") == true)
    }

    @Test func illegalTransitionIsRefusedAndNothingChanges() throws {
        let store = try open()
        let bytes = Array("z".utf8)
        guard case .new(let item) = try store.recordItem(newItem("z.txt", bytes: bytes), bytes: bytes, actor: "test") else { return }
        let number = try #require(try store.completeItem(id: item.id, kind: .order, documentJSON: "{}", originsJSON: "[]", order: template(),
                                                         year: 2026, approveWith: nil, actor: "intake").orderNumber)
        #expect(throws: StoreError.self) {
            try store.updateOrder(number, actor: "x", action: "shipped", detail: nil) { order in order.state = .shipped }
        }
        #expect(try store.order(number)?.state == .needsReview)
        #expect(try store.events(subject: number.description).count == 1)
    }

    @Test func messagesQueuedBeforeBodiesMovedApartAreStillSent() throws {
        // A store as version 8 left it, with a queued message whose bytes are in the outbox row.
        do {
            _ = try IntakeStore(databaseFile: folder.file("intake.sqlite"), originalsDirectory: folder.file("originals"),
                                migratingUpTo: "v8-surveys-cases-changes")
        }
        let insert = try IntakeProcess.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO outbox (message_id, purpose, recipients, subject, state, created_at, message) VALUES ('old@desk', 'confirmation', 'a@b.example', 's', 'queued', '2026-11-01 10:00:00.000', ?)", (b'Subject: s\\r\\n\\r\\nbody',))
            db.execute("INSERT INTO outbox_recipients (outbox_id, address, state) VALUES (1, 'a@b.example', 'pending')")
            db.commit()
            """, arguments: [folder.file("intake.sqlite")])
        #expect(insert.status == 0, "\(insert.stderr)")
        let store = try open()
        let claimed = try store.dueMessages()
        #expect(claimed.map(\.0.messageID) == ["old@desk"])
        #expect(claimed.first.map { String(decoding: $0.1, as: UTF8.self) } == "Subject: s\r\n\r\nbody")
        #expect(try store.outboxMessage(id: 1)?.1.count == 18)
    }

    @Test func outboxClaimsEachMessageOnce() throws {
        let store = try open()
        let message = OutgoingMessage(messageID: "m@desk", orderNumber: nil, purpose: "test", recipients: ["a@b.example"], subject: "s", bytes: Array("x".utf8))
        _ = try store.queue(message, confirming: nil, actor: "t")
        let listed = try store.dueMessages()
        #expect(listed.count == 1)
        let first = try store.claim(id: listed[0].0.id)
        let second = try store.claim(id: listed[0].0.id)
        #expect(first?.state == .sending)
        #expect(first?.attempts == 1)
        #expect(second == nil)
        #expect(try store.dueMessages().isEmpty)
        #expect(try store.interruptedSends().count == 1)
        try store.finishDelivery(id: listed[0].0.id, state: .sent, reply: "ok", deliveredTo: "here", actor: "t")
        #expect(try store.outbox(states: [.sent]).count == 1)
        #expect(throws: StoreError.self) { _ = try store.queue(message, confirming: nil, actor: "t") }  // same Message-ID
    }
}
