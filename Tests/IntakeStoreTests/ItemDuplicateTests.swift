import Foundation
import IntakeModel
@testable import IntakeStore
import IntakeTestSupport
import Testing

/// The duplicate check of `recordItem`: the same Message-ID and the same message hash is the
/// same message, whatever the raw bytes; rows stored before message hashes match by content hash.
@Suite struct ItemDuplicateTests {
    let folder = TemporaryFolder("store-dup")

    func open(upTo migration: String? = nil) throws -> IntakeStore {
        if let migration {
            return try IntakeStore(databaseFile: folder.file("intake.sqlite"), originalsDirectory: folder.file("originals"), migratingUpTo: migration)
        }
        return try IntakeStore(databaseFile: folder.file("intake.sqlite"), originalsDirectory: folder.file("originals"))
    }

    func item(_ name: String, _ bytes: [UInt8], messageID: String?, messageHash: String?) -> NewItem {
        let hash = OriginalStore.hash(bytes)
        return NewItem(source: "inbox", dedupeKey: "file:inbox:\(name):\(hash)", location: name, filename: name, messageID: messageID,
                       contentHash: hash, messageHash: messageHash, size: bytes.count, receivedAt: Date())
    }

    @Test func sameMessageHashWithOtherBytesIsADuplicateOfTheFirst() throws {
        let store = try open()
        let messageHash = String(repeating: "ab", count: 32)
        guard case .new(let first) = try store.recordItem(item("1.eml", Array("Received: a\r\n\r\nhi".utf8), messageID: "m@x", messageHash: messageHash),
                                                          bytes: Array("Received: a\r\n\r\nhi".utf8), actor: "test") else {
            Testing.Issue.record("the first copy was not new"); return
        }
        for copy in 2...5 {
            let bytes = Array("Received: hop \(copy)\r\n\r\nhi".utf8)
            let outcome = try store.recordItem(item("\(copy).eml", bytes, messageID: "m@x", messageHash: messageHash), bytes: bytes, actor: "test")
            guard case .duplicate(let record, let of) = outcome else { Testing.Issue.record("copy \(copy) was \(outcome)"); continue }
            #expect(of == first.id)
            #expect(record.status == .duplicate)
            // The copy's own bytes are kept under their own hash.
            #expect(try store.original(hash: record.contentHash) == bytes)
        }
        // Another message hash, or another Message-ID, is another message.
        let other = Array("Received: a\r\n\r\nbye".utf8)
        guard case .new = try store.recordItem(item("6.eml", other, messageID: "m@x", messageHash: String(repeating: "cd", count: 32)), bytes: other, actor: "test") else {
            Testing.Issue.record("another message hash was taken for a duplicate"); return
        }
        let third = Array("Received: b\r\n\r\nhi".utf8)
        guard case .new = try store.recordItem(item("7.eml", third, messageID: "n@x", messageHash: messageHash), bytes: third, actor: "test") else {
            Testing.Issue.record("another Message-ID was taken for a duplicate"); return
        }
        #expect(try store.items(status: [.duplicate]).count == 4)
    }

    @Test func itemsStoredBeforeMessageHashesStillMatchByContentHash() throws {
        // A store as version 10 left it, holding an item without a message hash.
        let bytes = Array("Message-ID: <old@x>\r\n\r\nhi".utf8)
        let hash = OriginalStore.hash(bytes)
        do { _ = try open(upTo: "v10-no-redundant-item-indexes") }
        let insert = try IntakeProcess.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO items (source, dedupe_key, location, filename, message_id, content_hash, size, received_at, status) VALUES ('inbox', 'file:inbox:old.eml', 'old.eml', 'old.eml', 'old@x', ?, ?, '2026-11-01 10:00:00.000', 'processed')", (sys.argv[2], int(sys.argv[3])))
            db.commit()
            """, arguments: [folder.file("intake.sqlite"), hash, "\(bytes.count)"])
        #expect(insert.status == 0, "\(insert.stderr)")
        let store = try open()
        let copy = try store.recordItem(item("again.eml", bytes, messageID: "old@x", messageHash: String(repeating: "ef", count: 32)), bytes: bytes, actor: "test")
        guard case .duplicate(_, let of) = copy else { Testing.Issue.record("the same bytes were \(copy)"); return }
        #expect(of == 1)
        // The same Message-ID with other bytes is no copy of the old row.
        let other = Array("Message-ID: <old@x>\r\n\r\nchanged".utf8)
        let changed = try store.recordItem(item("changed.eml", other, messageID: "old@x", messageHash: String(repeating: "01", count: 32)), bytes: other, actor: "test")
        guard case .new = changed else { Testing.Issue.record("other bytes were \(changed)"); return }
    }
}
