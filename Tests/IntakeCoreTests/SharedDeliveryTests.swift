import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// On a shared store one worker delivers at a time: a message another worker is sending is never
/// taken for one a crash left behind (each worker's lock file is in its own data folder).
@Suite struct SharedDeliveryTests {
    /// Two desks (two workers, two data folders) on one store, configured as a shared store.
    func twoWorkers() async throws -> (Desk, Desk, TestDesk, TestDesk) {
        let store = MemoryStore()
        var desks: [Desk] = []
        var folders: [TestDesk] = []
        for name in ["w1", "w2"] {
            let folder = try TestDesk(withExamples: name == "w1", extraYAML: "store:\n  worker: \(name)\n")
            var configuration = try DeskConfiguration.load(directory: folder.configDirectory)
            configuration.store.kind = .postgres
            desks.append(try await Desk(configuration: configuration, store: store, logger: Logger(label: "test"), actor: name))
            folders.append(folder)
        }
        return (desks[0], desks[1], folders[0], folders[1])
    }

    @Test func aWorkerLeavesDeliveryToTheOneDelivering() async throws {
        let (first, second, firstFolder, secondFolder) = try await twoWorkers()
        _ = try await first.intake.poll()
        _ = try await first.outbox.confirmApproved()
        let queued = try await first.outbox.list(states: [.queued])
        #expect(!queued.isEmpty)
        // The first worker is delivering (it holds the delivery lease) when the second looks.
        let held = try await first.store.transaction { try $0.takeLease(source: WorkerService.deliveryLease, owner: "w1", seconds: 60, now: Date()) }
        #expect(held != nil)
        let skipped = try await second.outbox.deliverDue()
        #expect(skipped.sent.isEmpty && skipped.reconciled == 0)
        #expect(try await second.outbox.list(states: [.queued]).count == queued.count)
        // Once it is given up, the second worker delivers, and gives the lease up in turn.
        try await first.store.transaction { try $0.releaseLease(source: WorkerService.deliveryLease, owner: "w1") }
        let delivered = try await second.outbox.deliverDue()
        #expect(delivered.sent.count == queued.count)
        #expect(secondFolder.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }.count == queued.count)
        #expect(firstFolder.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }.isEmpty)
        #expect(try await first.store.read { try $0.sourceLeases() }.isEmpty)
    }

    /// Workers that start together share the sources out: one that already holds a source leaves
    /// a source no one has held a turn to a live worker that polls it and holds fewer; a source
    /// whose holder died (its lease row expired) is taken at once by anyone; a worker alone on
    /// the desk takes every source at once.
    @Test func aWorkerHoldingASourceLeavesAnUnheldOneATurn() async throws {
        let store = MemoryStore()
        let sources = ["a", "b", "c", "d"].map { "  - name: \($0)\n    url: ../inbox\n    settle_seconds: 0" }.joined(separator: "\n")
        var desks: [Desk] = []
        for name in ["w1", "w2"] {
            let folder = try TestDesk(withExamples: false, extraYAML: "store:\n  worker: \(name)\n", sourcesYAML: sources)
            var configuration = try DeskConfiguration.load(directory: folder.configDirectory)
            configuration.store.kind = .postgres
            desks.append(try await Desk(configuration: configuration, store: store, logger: Logger(label: "test"), actor: name))
        }
        let (first, second) = (desks[0], desks[1])
        try await first.workers.heartbeat()
        // Alone on the desk (w2 has not reported yet): no turn to leave.
        #expect(await first.workers.lease("a", turn: 60))
        #expect(await first.workers.lease("c", turn: 60))
        try await second.workers.heartbeat()
        // `first` holds `a`, `second` nothing: the unheld `b` waits its turn for `second`.
        #expect(!(await first.workers.lease("b", turn: 60)))
        #expect(await second.workers.lease("b", turn: 60))
        // A source whose lease ran out (its holder died) is no one's turn to leave.
        let gone = Date().addingTimeInterval(-120)
        _ = try await first.store.transaction { try $0.takeLease(source: "d", owner: "dead", seconds: 1, now: gone) }
        #expect(await first.workers.lease("d", turn: 60))
    }
}
