import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// The `directory` delivery method: what a killed run leaves is cleaned up, a file in the
/// outgoing folder is never written over, and a run claims each message only for its own write.
@Suite struct DirectoryDeliveryTests {
    func openDesk(_ testDesk: TestDesk) async throws -> Desk {
        try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
    }

    /// The example inbox taken in and confirmed: its confirmations wait in the outbox.
    func confirmedDesk() async throws -> (TestDesk, Desk, [OutboxRecord]) {
        let testDesk = try TestDesk()
        let desk = try await openDesk(testDesk)
        _ = try await desk.intake.poll()
        _ = try await desk.outbox.confirmApproved()
        let queued = try await desk.outbox.list(states: [.queued])
        try #require(queued.count >= 2)
        return (testDesk, desk, queued)
    }

    func hiddenFiles(_ testDesk: TestDesk) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: testDesk.outgoing)) ?? []).filter { $0.hasPrefix(".") }.sorted()
    }

    @Test func temporariesAKilledDeliveryLeftAreRemovedAndNothingElse() async throws {
        let (testDesk, desk, queued) = try await confirmedDesk()
        testDesk.folder.write("data/outgoing/.\(queued[0].id).tmp", "half a message")
        testDesk.folder.write("data/outgoing/.4711.tmp", "half of another")
        testDesk.folder.write("data/outgoing/.dat.nosyncA1b2c3", "an old atomic write")
        testDesk.folder.write("data/outgoing/.keep", "someone else's")
        testDesk.folder.write("data/outgoing/notes.txt", "someone else's")
        // One of a process that is gone, and one of a live process (another desk sharing the folder).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        testDesk.folder.write("data/outgoing/.7.\(gone.processIdentifier).99.tmp", "half of a killed run's")
        testDesk.folder.write("data/outgoing/.7.1.99.tmp", "another desk's, being written")
        let report = try await desk.outbox.deliverDue()
        #expect(report.sent.count == queued.count)
        #expect(hiddenFiles(testDesk) == [".7.1.99.tmp", ".keep"])
        #expect(testDesk.files(in: "data/outgoing").contains("notes.txt"))
        #expect(testDesk.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }.count == queued.count)
    }

    @Test func anExistingFileIsNeverWrittenOverAndTheMessageFailsSayingWhy() async throws {
        let (testDesk, desk, queued) = try await confirmedDesk()
        let first = queued[0]
        let name = [first.orderNumber?.description, first.purpose.rawValue, String(first.id)].compactMap { $0 }.joined(separator: "-") + ".eml"
        let foreign = "Subject: a message of another desk\r\n\r\nkeep me\r\n"
        let path = testDesk.folder.write("data/outgoing/\(name)", foreign)
        let report = try await desk.outbox.deliverDue()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == foreign)
        #expect(report.sent.count == queued.count - 1)
        let failure = try #require(report.failed.first)
        #expect(failure.0.id == first.id)
        #expect(failure.1.contains(name) && failure.1.contains("not overwritten") && failure.1.contains("intake outbox retry \(first.id)"))
        #expect(try await desk.outbox.message(id: first.id).record.state == .failed)
        #expect(hiddenFiles(testDesk).isEmpty, "the temporary is removed")
        // Once the file is moved away, a retry writes the message.
        try FileManager.default.moveItem(atPath: path, toPath: testDesk.folder.file("moved.eml"))
        try await desk.outbox.retry(id: first.id)
        let again = try await desk.outbox.deliverDue()
        #expect(again.sent.map(\.id) == [first.id])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Message-ID: <\(first.messageID)>"))
    }

    @Test func anInterruptedMessageWhoseNameHoldsAnotherFileIsNotCalledSent() async throws {
        let (testDesk, desk, _) = try await confirmedDesk()
        let listed = try await desk.store.dueMessages()
        let claimed = try #require(try await desk.store.claim(id: listed[0].0.id))
        let name = [claimed.orderNumber?.description, claimed.purpose.rawValue, String(claimed.id)].compactMap { $0 }.joined(separator: "-") + ".eml"
        testDesk.folder.write("data/outgoing/\(name)", "not this message")
        let report = try await desk.outbox.deliverDue()
        #expect(report.reconciled == 1)
        #expect(try await desk.outbox.message(id: claimed.id).record.state == .failed)
        #expect(report.failed.map(\.0.id) == [claimed.id])
        #expect(report.sent.count == listed.count - 1)
    }

    @Test func aRunClaimsEachMessageOnlyForItsOwnWrite() async throws {
        let (_, desk, queued) = try await confirmedDesk()
        // Listing claims nothing; a claim takes one message, once.
        let listed = try await desk.store.dueMessages()
        #expect(listed.count == queued.count)
        #expect(try await desk.store.interruptedSends().isEmpty)
        let claimed = try #require(try await desk.store.claim(id: listed[1].0.id))
        #expect(claimed.state == .sending && claimed.attempts == 1)
        #expect(try await desk.store.claim(id: listed[1].0.id) == nil)
        #expect(try await desk.store.interruptedSends().map(\.0.id) == [claimed.id])
        // A message cancelled after it was listed is not claimed.
        try await desk.outbox.cancel(id: listed[0].0.id)
        #expect(try await desk.store.claim(id: listed[0].0.id) == nil)
    }
}
