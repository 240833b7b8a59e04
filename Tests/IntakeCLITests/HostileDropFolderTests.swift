import Foundation
import IntakeTestSupport
import Testing

/// A drop folder is written by others: names that are not UTF-8, FIFOs, links to files the desk
/// must never read. Each is taken or refused with a reason, never silently skipped, never hangs
/// the source, never copies a secret into the store.
@Suite(.serialized) struct HostileDropFolderTests {
    /// Runs the binary with a deadline: a hang is a failure, not a stuck test run.
    func run(_ arguments: [String], deadline: TimeInterval = 60) throws -> (status: Int32, output: String) {
        let folder = TemporaryFolder("intake-log")
        let log = folder.file("out.txt")
        let process = try IntakeProcess.start(arguments, outputFile: log)
        defer { withExtendedLifetime(folder) {} }
        let end = Date().addingTimeInterval(deadline)
        while process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.05) }
        let hung = process.isRunning
        if hung { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(!hung, "intake \(arguments.joined(separator: " ")) was still running after \(deadline) s: \(output)")
        return (hung ? -1 : process.terminationStatus, output)
    }

    func writeFile(_ folder: String, name: [UInt8], contents: String) throws {
        try #require(RawFileNames.write(contents, to: folder, name: name))
    }

    func rawNames(_ folder: String) -> [[UInt8]] { RawFileNames.names(in: folder) }

    func order(_ index: Int) throws -> String {
        try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
            .replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<hostile-\(index)@northwind.example>")
    }

    @Test func takesAFileWhoseNameIsNotUTF8AndKeepsItsBytes() throws {
        let desk = try TestDesk(withExamples: false)
        let latin1 = Array("Bestellung-M".utf8) + [0xE4] + Array("rz.eml".utf8)
        try writeFile(desk.inbox, name: latin1, contents: try order(1))
        let first = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("inbox: 1 new"), "\(first.output)")
        #expect(!first.output.contains("already stored"), "\(first.output)")
        // Moved under its own bytes, not a re-spelled name.
        #expect(rawNames(desk.folder.file("inbox/processed")) == [latin1])
        #expect(rawNames(desk.inbox).filter { $0 != Array("processed".utf8) }.isEmpty)
        let listing = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "list", "--all", "--json"])
        #expect(listing.stdout.contains("SO-2026-00001"), "\(listing.stdout)")
        // The name is shown escaped where people read it.
        let show = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "show", "SO-2026-00001"])
        #expect(show.stdout.contains("Bestellung-M\\xE4rz.eml"), "\(show.stdout)")
        let again = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(again.output.contains("inbox: 0 new"), "\(again.output)")
    }

    @Test func aFIFOIsAFailedItemAndDoesNotHoldUpTheSource() throws {
        let desk = try TestDesk(withExamples: false)
        #expect(mkfifo(desk.folder.file("inbox/a.eml"), 0o644) == 0)
        desk.folder.write("inbox/b.eml", try order(2))
        let result = try run(["--config", desk.configDirectory, "run", "--once"], deadline: 30)
        #expect(result.output.contains("a.eml is a FIFO (named pipe), not a regular file"), "\(result.output)")
        #expect(desk.files(in: "inbox/processed") == ["b.eml"])
        // Out of the way for the next poll: the pipe itself was moved, never opened.
        #expect(desk.files(in: "inbox/failed") == ["a.eml"])
        var status = stat()
        #expect(lstat(desk.folder.file("inbox/failed/a.eml"), &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func serviceModeWithAFIFOTakesTheGoodFilesAndStopsOnSIGTERM() throws {
        // on_failure: none keeps the pipe in the folder, to be listed again on every poll.
        let config = TestDesk.inboxSourceYAML + "\n    on_failure: none"
        let pipeDesk = try TestDesk(withExamples: false, extraYAML: "poll_interval_seconds: 1", sourcesYAML: config)
        #expect(mkfifo(pipeDesk.folder.file("inbox/a.eml"), 0o644) == 0)
        pipeDesk.folder.write("inbox/b.eml", try order(3))
        let log = pipeDesk.folder.file("run.log")
        let process = try IntakeProcess.start(["--config", pipeDesk.configDirectory, "run"], outputFile: log)
        let taken = Date().addingTimeInterval(30)
        while pipeDesk.files(in: "inbox/processed") != ["b.eml"] && Date() < taken { Thread.sleep(forTimeInterval: 0.1) }
        #expect(pipeDesk.files(in: "inbox/processed") == ["b.eml"])
        Thread.sleep(forTimeInterval: 1.5)  // at least one more poll that lists the pipe again
        kill(process.processIdentifier, SIGTERM)
        let stopBy = Date().addingTimeInterval(10)
        while process.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.05) }
        let stillRunning = process.isRunning
        if stillRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(!stillRunning, "intake run was still alive 10 s after SIGTERM: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(pipeDesk.files(in: "inbox").contains("a.eml"))
    }

    @Test func aHugeSparseFileIsRefusedWithoutBeingRead() throws {
        let desk = try TestDesk(withExamples: false)
        // 64 GB that take no disk: hashing them held the poll (and shutdown) for about a minute.
        let huge = open(desk.folder.file("inbox/huge.eml"), O_WRONLY | O_CREAT, 0o644)
        try #require(huge >= 0)
        #expect(ftruncate(huge, 64 << 30) == 0)
        close(huge)
        desk.folder.write("inbox/b.eml", try order(6))
        let result = try run(["--config", desk.configDirectory, "run", "--once"], deadline: 20)
        #expect(result.output.contains("max_item_bytes"), "\(result.output)")
        #expect(desk.files(in: "inbox/processed") == ["b.eml"])
        #expect(desk.files(in: "inbox/failed") == ["huge.eml"])
    }

    @Test func twoNamesThatDifferOnlyInUnicodeNormalisationAreBothTaken() throws {
        let desk = try TestDesk(withExamples: false, sourcesYAML: TestDesk.inboxSourceYAML + "\n    after: none")
        desk.folder.write("inbox/caf\u{E9}.eml", try order(7))
        desk.folder.write("inbox/cafe\u{301}.eml", try order(8))
        let result = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(result.output.contains("inbox: 2 new"), "\(result.output)")
    }

    @Test func aLongNameAlreadyInTheTargetFolderGoesInUnderAShortenedName() throws {
        let desk = try TestDesk(withExamples: false)
        let name = String(repeating: "x", count: 246) + ".eml"
        desk.folder.write("inbox/processed/\(name)", "an earlier file of that name")
        desk.folder.write("inbox/\(name)", try order(9))
        let result = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(result.status == 0, "\(result.output)")
        #expect(desk.files(in: "inbox").filter { $0.hasSuffix(".eml") }.isEmpty, "\(result.output)")
        let moved = desk.files(in: "inbox/processed")
        #expect(moved.count == 2)
        #expect(moved.allSatisfy { $0.utf8.count <= 255 && $0.hasSuffix(".eml") })
        #expect(try String(contentsOfFile: desk.folder.file("inbox/processed/\(name)"), encoding: .utf8) == "an earlier file of that name")
    }

    @Test func aShortenedNameDoesNotStartInTheMiddleOfACharacter() throws {
        let desk = try TestDesk(withExamples: false)
        let name = String(repeating: "訂", count: 83) + "x.eml"  // 254 bytes
        desk.folder.write("inbox/processed/\(name)", "an earlier file of that name")
        desk.folder.write("inbox/\(name)", try order(10))
        let result = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(result.status == 0, "\(result.output)")
        let moved = rawNames(desk.folder.file("inbox/processed"))
        #expect(moved.count == 2)
        #expect(moved.allSatisfy { String(validating: $0, as: UTF8.self) != nil && $0.count <= 255 }, "\(moved)")
    }

    /// `failed` made a link to a folder the desk can write (its `~/.ssh`): a failing item named
    /// `authorized_keys` would have been planted there.
    @Test func aTargetFolderThatIsALinkIsNeverWrittenThrough() throws {
        let elsewhere = TemporaryFolder("intake-elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere.path, withIntermediateDirectories: true)
        let desk = try TestDesk(withExamples: false)
        #expect(symlink(elsewhere.path, desk.folder.file("inbox/failed")) == 0)
        desk.folder.write("inbox/authorized_keys", "ssh-ed25519 AAAA attacker")
        let result = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(result.output.contains("symbolic link or not a folder"), "\(result.output)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: elsewhere.path)) ?? []).isEmpty)
        #expect(desk.files(in: "inbox").contains("authorized_keys"))
    }

    @Test func aLinkOutOfTheFolderIsNeverRead() throws {
        let secretFolder = TemporaryFolder("intake-secret")
        let marker = "SECRET-\(UUID().uuidString)"
        let secret = secretFolder.write("secret.eml", "From: a@b.example\r\nSubject: x\r\n\r\n\(marker)\r\n")
        for follow in [false, true] {
            let sources = TestDesk.inboxSourceYAML + (follow ? "\n    follow_symlinks: true" : "")
            let desk = try TestDesk(withExamples: false, sourcesYAML: sources)
            #expect(symlink(secret, desk.folder.file("inbox/x.eml")) == 0)
            let result = try run(["--config", desk.configDirectory, "run", "--once"])
            #expect(result.output.contains("x.eml is a symbolic link"), "\(result.output)")
            let store = try Data(contentsOf: URL(fileURLWithPath: desk.folder.file("data/intake.sqlite")))
            let wal = (try? Data(contentsOf: URL(fileURLWithPath: desk.folder.file("data/intake.sqlite-wal")))) ?? Data()
            #expect(store.range(of: Data(marker.utf8)) == nil && wal.range(of: Data(marker.utf8)) == nil, "the secret was copied into the store")
            // The link went aside, the secret stayed where it was.
            #expect(desk.files(in: "inbox/failed") == ["x.eml"])
            #expect(FileManager.default.fileExists(atPath: secret))
        }
    }

    @Test func aLinkInsideTheFolderIsFollowedOnlyWhenAllowed() throws {
        let sources = TestDesk.inboxSourceYAML + "\n    follow_symlinks: true"
        let desk = try TestDesk(withExamples: false, sourcesYAML: sources)
        try FileManager.default.createDirectory(atPath: desk.folder.file("inbox/store"), withIntermediateDirectories: true)
        desk.folder.write("inbox/store/real.eml", try order(4))
        #expect(symlink(desk.folder.file("inbox/store/real.eml"), desk.folder.file("inbox/link.eml")) == 0)
        let result = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("inbox: 1 new"), "\(result.output)")
        #expect(desk.files(in: "inbox/processed") == ["link.eml"])
    }

    @Test func aNewDeskIsPrivate() throws {
        // Under the usual umask, where the default modes would let others read.
        let previous = umask(0o022)
        defer { umask(previous) }
        let desk = try TestDesk(withExamples: false)
        desk.folder.write("inbox/b.eml", try order(5))
        let result = try run(["--config", desk.configDirectory, "run", "--once"])
        #expect(result.status == 0, "\(result.output)")
        func mode(_ path: String) -> Int {
            var status = stat()
            return stat(path, &status) == 0 ? Int(status.st_mode & 0o777) : -1
        }
        #expect(mode(desk.dataDirectory) == 0o700)
        #expect(mode(desk.folder.file("data/intake.sqlite")) == 0o600)
        #expect(mode(desk.folder.file("data/desk-id")) == 0o600)
        #expect(mode(desk.folder.file("data/intake.sqlite-wal")) == 0o600 || !FileManager.default.fileExists(atPath: desk.folder.file("data/intake.sqlite-wal")))
    }
}
