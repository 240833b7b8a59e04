import Foundation
import IntakeModel
@testable import IntakeStoreSQLite
import IntakeTestSupport
import Testing

/// What only the SQLite store has: a file several processes open, schema versions it migrates
/// from, the originals folder of earlier versions, and its event encoding.
@Suite struct SQLiteStoreTests {
    typealias F = StoreFixtures
    let folder = TemporaryFolder("store-sqlite")

    func open(upTo migration: String? = nil) throws -> SQLiteStore {
        try SQLiteStore(databaseFile: folder.file("intake.sqlite"), originalsDirectory: folder.file("originals"), migratingUpTo: migration)
    }

    /// Two processes giving a new desk its id at once: the second sees the first's, so the store
    /// and the folder's marker cannot end with two ids (the later start would refuse the desk).
    @Test func theFirstValueRecordedForAKeyStaysAcrossConnections() async throws {
        let first = try open()
        let second = try open()
        #expect(try await first.transaction { try $0.setMetaIfAbsent("desk_id", "one") } == "one")
        #expect(try await second.transaction { try $0.setMetaIfAbsent("desk_id", "two") } == "one")
        #expect(try await first.read { try $0.meta("desk_id") } == "one")
    }

    @Test func orderNumbersSurviveReopening() async throws {
        var numbers: [String] = []
        for index in 0..<3 {
            let store = try open()
            numbers.append(try await F.order("\(index).txt", year: index == 2 ? 2027 : 2026, in: store).description)
        }
        #expect(numbers == ["SO-2026-00001", "SO-2026-00002", "SO-2027-00001"])
    }

    @Test func originalsAreKeptInTheDatabase() async throws {
        let store = try open()
        let item = try await F.recordNew("a.eml", bytes: Array("From: a@b.example\r\n\r\nhello".utf8), in: store)
        #expect(item.originalPath?.hasPrefix("intake.sqlite:originals/") == true)
    }

    @Test func originalsOfEarlierVersionsAreStillReadFromTheirFolder() async throws {
        let store = try open()
        let bytes = Array("From: old@b.example\r\n\r\nstored by schema v5".utf8)
        let hash = ContentHash.of(bytes)
        let path = store.originals.path(forHash: hash)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(try await store.original(hash: hash) == bytes)
        #expect(try await store.original(hash: ContentHash.of(Array("never stored".utf8))) == nil)
    }

    /// An order approved by policy logs two JSON bodies; the second is the first with its state
    /// changed, byte for byte what encoding it again gives, even when the customer's text holds
    /// what looks like a state.
    @Test func approvalByPolicyLogsBothStatesAsEncodingWould() async throws {
        let store = try open()
        let item = try await F.recordNew("a.txt", bytes: Array("approve me".utf8), in: store)
        var order = F.template()
        order.customer.name = #"Tricky "state":"needs_review" Co"#
        order.paymentTerms = #""state":"needs_review""#
        let number = try #require(try await F.complete(item.id, order: order, approveWith: "clean", in: store).orderNumber)
        let events = try await store.events(subject: number.description)
        var expected = try #require(try await store.read { try $0.order(number) })
        #expect(events[1].after == (try SQLiteTransaction.encode(expected)))
        expected.state = .needsReview
        #expect(events[0].after == (try SQLiteTransaction.encode(expected)))
        // With the state text twice, the JSON is encoded again instead.
        #expect(SQLiteTransaction.withState(#"{"a":{"state":"needs_review"},"state":"needs_review"}"#, from: .needsReview, to: .approved) == nil)
    }

    @Test func messagesQueuedBeforeBodiesMovedApartAreStillSent() async throws {
        // A store as version 8 left it, with a queued message whose bytes are in the outbox row.
        do { _ = try open(upTo: "v8-surveys-cases-changes") }
        let insert = try IntakeProcess.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO outbox (message_id, purpose, recipients, subject, state, created_at, message) VALUES ('old@desk', 'confirmation', 'a@b.example', 's', 'queued', '2026-11-01 10:00:00.000', ?)", (b'Subject: s\\r\\n\\r\\nbody',))
            db.execute("INSERT INTO outbox_recipients (outbox_id, address, state) VALUES (1, 'a@b.example', 'pending')")
            db.commit()
            """, arguments: [folder.file("intake.sqlite")])
        #expect(insert.status == 0, "\(insert.stderr)")
        let store = try open()
        let claimed = try await store.dueMessages()
        #expect(claimed.map(\.0.messageID) == ["old@desk"])
        #expect(claimed.first.map { String(decoding: $0.1, as: UTF8.self) } == "Subject: s\r\n\r\nbody")
        #expect(try await store.outboxMessage(id: 1)?.1.count == 18)
    }

    @Test func itemsStoredBeforeMessageHashesStillMatchByContentHash() async throws {
        // A store as version 10 left it, holding an item without a message hash.
        let bytes = Array("Message-ID: <old@x>\r\n\r\nhi".utf8)
        let hash = ContentHash.of(bytes)
        do { _ = try open(upTo: "v10-no-redundant-item-indexes") }
        let insert = try IntakeProcess.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO items (source, dedupe_key, location, filename, message_id, content_hash, size, received_at, status) VALUES ('inbox', 'file:inbox:old.eml', 'old.eml', 'old.eml', 'old@x', ?, ?, '2026-11-01 10:00:00.000', 'processed')", (sys.argv[2], int(sys.argv[3])))
            db.commit()
            """, arguments: [folder.file("intake.sqlite"), hash, "\(bytes.count)"])
        #expect(insert.status == 0, "\(insert.stderr)")
        let store = try open()
        let copy = try await F.record(F.newItem("again.eml", bytes: bytes, messageID: "old@x", messageHash: String(repeating: "ef", count: 32)),
                                      bytes: bytes, in: store)
        guard case .duplicate(_, let of) = copy else { Testing.Issue.record("the same bytes were \(copy)"); return }
        #expect(of == 1)
        // The same Message-ID with other bytes is no copy of the old row.
        let other = Array("Message-ID: <old@x>\r\n\r\nchanged".utf8)
        let changed = try await F.record(F.newItem("changed.eml", bytes: other, messageID: "old@x", messageHash: String(repeating: "01", count: 32)),
                                         bytes: other, in: store)
        guard case .new = changed else { Testing.Issue.record("other bytes were \(changed)"); return }
    }
}
