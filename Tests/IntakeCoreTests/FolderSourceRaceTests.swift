import Foundation
import IntakeCore
import IntakeTestSupport
import Logging
import Testing

/// A drop folder's writer can give a name to another file at any moment: what the desk reads and
/// what it then moves away must be the file it listed, never a version it did not read.
@Suite struct FolderSourceRaceTests {
    func source(_ desk: TestDesk) throws -> FolderSource {
        let configuration = try DeskConfiguration.load(directory: desk.configDirectory)
        return FolderSource(configuration: try #require(configuration.sources.first))
    }

    /// Replaces a file the way writers do: a new file renamed over the name.
    func replace(_ desk: TestDesk, _ name: String, with text: String) throws {
        desk.folder.write("inbox/.\(name).new", text)
        #expect(rename(desk.folder.file("inbox/.\(name).new"), desk.folder.file("inbox/\(name)")) == 0)
    }

    @Test func aVersionWrittenAfterTheReadIsNotMovedAway() async throws {
        let desk = try TestDesk(withExamples: false)
        desk.folder.write("inbox/orders.csv", "version 1\n")
        let folder = try source(desk)
        let item = try #require(try await folder.list().first)
        #expect(String(decoding: try await folder.read(item, maxBytes: 1000), as: UTF8.self) == "version 1\n")
        try replace(desk, "orders.csv", with: "version 2, never read\n")
        try folder.finish(item, outcome: .processed, logger: Logger(label: "test"))
        #expect(desk.files(in: "inbox/processed").isEmpty)
        #expect(try String(contentsOfFile: desk.folder.file("inbox/orders.csv"), encoding: .utf8) == "version 2, never read\n")
        // The next listing offers the new version, which is then read and moved.
        let next = try #require(try await folder.list().first)
        #expect(String(decoding: try await folder.read(next, maxBytes: 1000), as: UTF8.self) == "version 2, never read\n")
        try folder.finish(next, outcome: .processed, logger: Logger(label: "test"))
        #expect(desk.files(in: "inbox/processed") == ["orders.csv"])
    }

    /// Rewritten in place with the same size and its modification time put back (as `touch -r`,
    /// `rsync -t` or `cp -p` do): its status time still tells the new version from the one read.
    @Test func aVersionWithItsOldModificationTimePutBackIsNotMovedAway() async throws {
        let desk = try TestDesk(withExamples: false)
        desk.folder.write("inbox/orders.csv", "version 1\n")
        let folder = try source(desk)
        let item = try #require(try await folder.list().first)
        #expect(String(decoding: try await folder.read(item, maxBytes: 1000), as: UTF8.self) == "version 1\n")
        var before = stat()
        #expect(stat(desk.folder.file("inbox/orders.csv"), &before) == 0)
        try await Task.sleep(nanoseconds: 10_000_000)
        let descriptor = open(desk.folder.file("inbox/orders.csv"), O_WRONLY)
        #expect(pwrite(descriptor, "version 2\n", 10, 0) == 10)
        close(descriptor)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, desk.folder.file("inbox/orders.csv"), &times, 0) == 0)
        var after = stat()
        #expect(stat(desk.folder.file("inbox/orders.csv"), &after) == 0)
        try #require(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_size == before.st_size)
        try folder.finish(item, outcome: .processed, logger: Logger(label: "test"))
        #expect(desk.files(in: "inbox/processed").isEmpty)
        #expect(try String(contentsOfFile: desk.folder.file("inbox/orders.csv"), encoding: .utf8) == "version 2\n")
    }

    @Test func aFileReplacedBetweenListingAndReadingIsNotReadAsTheListedOne() async throws {
        let desk = try TestDesk(withExamples: false)
        desk.folder.write("inbox/orders.csv", "version 1\n")
        let folder = try source(desk)
        let item = try #require(try await folder.list().first)
        try replace(desk, "orders.csv", with: "version 2\n")
        await #expect {
            _ = try await folder.read(item, maxBytes: 1000)
        } throws: { error in
            (error as? IntakeError)?.code == .itemChanged
        }
    }

    @Test func aFIFOListedThenReplacedByAFileIsNotMovedAsTheFIFO() async throws {
        let desk = try TestDesk(withExamples: false)
        #expect(mkfifo(desk.folder.file("inbox/a.eml"), 0o644) == 0)
        let folder = try source(desk)
        let item = try #require(try await folder.list().first)
        #expect(item.refusal != nil)
        try replace(desk, "a.eml", with: "an order written after the listing\n")
        try folder.finish(item, outcome: .failed, logger: Logger(label: "test"))
        #expect(desk.files(in: "inbox/failed").isEmpty)
        #expect(desk.files(in: "inbox").contains("a.eml"))
    }

    @Test func namesThatSwiftCallsEqualAreTwoFiles() async throws {
        let desk = try TestDesk(withExamples: false)
        desk.folder.write("inbox/caf\u{E9}.csv", "precomposed\n")
        desk.folder.write("inbox/cafe\u{301}.csv", "decomposed\n")
        let items = try await source(desk).list()
        #expect(items.count == 2)
        #expect(Set(items.map(\.name)).count == 2)
    }
}
