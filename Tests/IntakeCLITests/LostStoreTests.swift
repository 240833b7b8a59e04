import Foundation
import IntakeTestSupport
import Testing

/// A data folder that has held a desk never gets a new, empty store: a truncated or deleted
/// `intake.sqlite` once issued SO-2026-00001 again to another order.
@Suite(.serialized) struct LostStoreTests {
    /// A desk that has confirmed the example orders (outgoing mail, a marker, a store).
    func usedDesk() throws -> TestDesk {
        let desk = try TestDesk()
        let first = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(first.stdout.contains("delivered"), "\(first.stdout) \(first.stderr)")
        return desk
    }

    func contents(_ folder: String) throws -> [String: Data] {
        var all: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            all[name] = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
        }
        return all
    }

    @Test(arguments: ["truncated", "deleted", "emptied"])
    func aLostStoreIsRefusedAndNothingIsReissued(how: String) throws {
        let desk = try usedDesk()
        let store = desk.folder.file("data/intake.sqlite")
        let delivered = try contents(desk.outgoing)
        #expect(!delivered.isEmpty)
        switch how {
        case "truncated":
            #expect(truncate(store, 0) == 0)
        case "deleted":
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        default:
            // A valid SQLite file without the desk's tables.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            let made = try IntakeProcess.python("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('create table t (x)'); c.commit()", arguments: [store])
            #expect(made.status == 0, "\(made.stderr)")
        }
        // New orders waiting: a new store would number them from 00001 again.
        for name in try FileManager.default.contentsOfDirectory(atPath: Repository.path("examples/inbox")) where name.hasSuffix(".eml") {
            let text = try String(contentsOfFile: Repository.path("examples/inbox/\(name)"), encoding: .isoLatin1)
            desk.folder.write("inbox/again-\(name)", text.replacingOccurrences(of: "Message-ID: <", with: "Message-ID: <again-"))
        }
        let run = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("has held a desk"), "\(run.stderr)")
        #expect(run.stderr.contains("intake store check"), "\(run.stderr)")
        // Nothing was sent, written over or created.
        #expect(try contents(desk.outgoing) == delivered)
        #expect(!desk.files(in: "inbox").filter { $0.hasPrefix("again-") }.isEmpty)
        let check = try IntakeProcess.run(["--config", desk.configDirectory, "store", "check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("FAIL  store:"), "\(check.stdout)")
        let queue = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "list"])
        #expect(queue.status != 0, "queue list must not create a store either: \(queue.stdout)")
        if how == "truncated" {
            var status = stat()
            #expect(stat(store, &status) == 0 && status.st_size == 0, "the refused store was written")
        }
    }

    /// What a truncated store leaves behind when the desk was killed: its write-ahead log. With
    /// the marker and the delivered mail gone too, the log alone says a desk was here; opening a
    /// new store there would have thrown it away.
    @Test func aWriteAheadLogBesideAnEmptyStoreIsKeptAndRefused() throws {
        let desk = try usedDesk()
        let store = desk.folder.file("data/intake.sqlite")
        #expect(truncate(store, 0) == 0)
        try FileManager.default.removeItem(atPath: desk.folder.file("data/desk-id"))
        for name in try FileManager.default.contentsOfDirectory(atPath: desk.outgoing) {
            try FileManager.default.removeItem(atPath: (desk.outgoing as NSString).appendingPathComponent(name))
        }
        let log = Data((0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try log.write(to: URL(fileURLWithPath: store + "-wal"))
        for command in [["run", "--once"], ["queue", "list"], ["doctor"], ["store", "check"]] {
            let result = try IntakeProcess.run(["--config", desk.configDirectory] + command)
            #expect(result.status != 0, "\(command): \(result.stdout)")
            #expect((result.stdout + result.stderr).contains("intake.sqlite-wal holds 40000 bytes"), "\(command): \(result.stdout) \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store + "-wal")) == log)
        var status = stat()
        #expect(stat(store, &status) == 0 && status.st_size == 0)
    }

    /// `store check` is what every refusal tells people to run: it must not fold the write-ahead
    /// log into the store and delete it (what closing a read-write connection does).
    @Test func theCheckLeavesAWriteAheadLogAsItFoundIt() throws {
        let desk = try usedDesk()
        let data = desk.folder.file("data")
        // A copy taken while a desk runs holds its log beside the store.
        let running = try IntakeProcess.start(["--config", desk.configDirectory, "run"])
        let copy = TemporaryFolder("intake-copy")
        var log = Data()
        for _ in 0..<100 where log.isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
            log = (try? Data(contentsOf: URL(fileURLWithPath: data + "/intake.sqlite-wal"))) ?? Data()
        }
        try FileManager.default.copyItem(atPath: data, toPath: copy.file("data"))
        kill(running.processIdentifier, SIGKILL)
        running.waitUntilExit()
        let copiedLog = try Data(contentsOf: URL(fileURLWithPath: copy.file("data/intake.sqlite-wal")))
        try #require(!copiedLog.isEmpty)
        try FileManager.default.removeItem(atPath: data)
        try FileManager.default.copyItem(atPath: copy.file("data"), toPath: data)
        let check = try IntakeProcess.run(["--config", desk.configDirectory, "store", "check"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/intake.sqlite-wal")) == copiedLog)
    }

    @Test func aHealthyAndANewDeskPassTheCheck() throws {
        let fresh = try TestDesk()
        let before = try IntakeProcess.run(["--config", fresh.configDirectory, "store", "check"])
        #expect(before.status == 0, "\(before.stdout)")
        #expect(before.stdout.contains("a new desk"), "\(before.stdout)")
        let desk = try usedDesk()
        let check = try IntakeProcess.run(["--config", desk.configDirectory, "store", "check"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("ok    integrity: quick_check ok"), "\(check.stdout)")
        let marker = try String(contentsOfFile: desk.folder.file("data/desk-id"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(check.stdout.contains("desk \(marker)"), "\(check.stdout)")
    }

    /// Several processes opening a new desk at once end with one desk id, in the store and in
    /// the marker alike; none of them, and no later command, sees "another desk".
    @Test func processesStartingANewDeskTogetherAgreeOnItsID() throws {
        for _ in 0..<3 {
            let desk = try TestDesk(withExamples: false)
            let processes = try (0..<6).map { _ in try IntakeProcess.start(["--config", desk.configDirectory, "queue", "list"]) }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "\(processes.map(\.terminationStatus))")
            let check = try IntakeProcess.run(["--config", desk.configDirectory, "store", "check"])
            #expect(check.status == 0, "\(check.stdout)")
            let marker = try String(contentsOfFile: desk.folder.file("data/desk-id"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!marker.isEmpty && check.stdout.contains("desk \(marker)"), "\(check.stdout)")
        }
    }

    @Test func anotherDesksStoreIsRefused() throws {
        let desk = try usedDesk()
        let other = try usedDesk()
        for suffix in ["", "-wal", "-shm"] {
            let target = desk.folder.file("data/intake.sqlite" + suffix)
            try? FileManager.default.removeItem(atPath: target)
            let source = other.folder.file("data/intake.sqlite" + suffix)
            if FileManager.default.fileExists(atPath: source) { try FileManager.default.copyItem(atPath: source, toPath: target) }
        }
        let run = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("copied in from another desk"), "\(run.stderr)")
        let check = try IntakeProcess.run(["--config", desk.configDirectory, "store", "check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("FAIL  desk:"), "\(check.stdout)")
    }
}
