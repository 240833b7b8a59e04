import Foundation
import IntakeModel
import IntakeTestSupport
import Testing

/// Workers and source leases, the same tests for every store: a source is polled by one worker
/// at a time, and a worker that dies loses it when its lease runs out.
@Suite struct WorkerContractTests {
    let folder = TemporaryFolder("store-workers")

    @Test(arguments: StoreKind.allCases)
    func aLeaseIsHeldByOneWorkerUntilItRunsOut(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func take(_ owner: String, at seconds: Double) async throws -> SourceLease? {
            try await store.transaction { try $0.takeLease(source: "inbox", owner: owner, seconds: 30, now: start.addingTimeInterval(seconds)) }
        }
        let first = try #require(try await take("a", at: 0))
        #expect(first.owner == "a")
        #expect(try await take("b", at: 10) == nil)
        // The holder renews: the lease runs on, acquired when it was first taken.
        let renewed = try #require(try await take("a", at: 20))
        #expect(renewed.expiresAt.timeIntervalSince(start) > 49)
        #expect(renewed.acquiredAt.timeIntervalSince(start) < 1)
        #expect(try await take("b", at: 45) == nil)
        // Not renewed: another worker takes the source over once it ran out.
        let taken = try #require(try await take("b", at: 51))
        #expect(taken.owner == "b")
        #expect(taken.acquiredAt.timeIntervalSince(start) > 50)
        #expect(try await take("a", at: 52) == nil)
        // Given up: free at once, and only by its holder.
        try await store.transaction { try $0.releaseLease(source: "inbox", owner: "a") }
        #expect(try await store.read { try $0.sourceLeases() }.map(\.owner) == ["b"])
        try await store.transaction { try $0.releaseLease(source: "inbox", owner: "b") }
        #expect(try await store.read { try $0.sourceLeases() }.isEmpty)
        #expect(try await take("a", at: 53)?.owner == "a")
    }

    @Test(arguments: StoreKind.allCases)
    func workersRacingForASourceLeaveOneHolder(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let now = Date()
        let winners = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await store.transaction { try $0.takeLease(source: "drop", owner: "w\(index)", seconds: 60, now: now) }?.owner
                }
            }
            var owners: [String] = []
            for try await owner in group { if let owner { owners.append(owner) } }
            return owners
        }
        #expect(winners.count == 1)
        #expect(try await store.read { try $0.sourceLeases() }.map(\.owner) == winners)
    }

    /// A worker holding every source hands one over to a live worker that polls it and holds two
    /// fewer, and none to a silent worker or one that does not poll it; the new holder renews it
    /// as its own, and the old one can no longer take it.
    @Test(arguments: StoreKind.allCases)
    func aSourceIsHandedOverToALiveWorkerThatPollsItAndHoldsFewer(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let sources = ["drop", "mail-a", "mail-b"]
        func beat(_ name: String, at seconds: Double, polls: [String]) async throws {
            let at = now.addingTimeInterval(seconds)
            try await store.transaction {
                try $0.heartbeat(WorkerRecord(name: name, host: "h", pid: 1, startedAt: at, heartbeatAt: at, sources: polls), staleAfter: 30)
            }
        }
        func handOver(_ source: String) async throws -> String? {
            try await store.transaction { try $0.handOverLease(source: source, owner: "a", seconds: 30, now: now, liveSince: now.addingTimeInterval(-4)) }
        }
        try await beat("a", at: 0, polls: sources)
        try await beat("silent", at: -10, polls: sources)
        try await beat("local", at: 0, polls: ["drop"])
        for source in sources {
            _ = try await store.transaction { try $0.takeLease(source: source, owner: "a", seconds: 30, now: now) }
        }
        #expect(try await store.read { try $0.workers() }.first { $0.name == "local" }?.sources == ["drop"])
        // Only `local` is live and polls `drop`: the other two stay with `a`.
        #expect(try await handOver("mail-a") == nil)
        #expect(try await handOver("drop") == "local")
        // `local` holds one, `a` two: a second hand-over would not narrow the difference.
        #expect(try await handOver("drop") == nil)
        #expect(try await handOver("mail-b") == nil)
        try await beat("b", at: 0, polls: sources)
        #expect(try await handOver("mail-b") == "b")
        let leases = try await store.read { try $0.sourceLeases() }
        #expect(Dictionary(uniqueKeysWithValues: leases.map { ($0.source, $0.owner) }) == ["drop": "local", "mail-a": "a", "mail-b": "b"])
        // The new holder renews it as its own; the old one no longer takes it.
        #expect(try await store.transaction { try $0.takeLease(source: "mail-b", owner: "b", seconds: 30, now: now.addingTimeInterval(1)) }?.owner == "b")
        #expect(try await store.transaction { try $0.takeLease(source: "mail-b", owner: "a", seconds: 30, now: now.addingTimeInterval(2)) } == nil)
    }

    /// A worker that stops gives up every lease it owns, also one handed to it that it has not
    /// polled yet, and leaves the list of workers, so that none is handed to it afterwards.
    @Test(arguments: StoreKind.allCases)
    func aRetiredWorkerOwnsNothingAndIsHandedNothing(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for name in ["a", "b"] {
            try await store.transaction {
                try $0.heartbeat(WorkerRecord(name: name, host: "h", pid: 1, startedAt: now, heartbeatAt: now, sources: ["s1", "s2", "s3"]), staleAfter: 30)
            }
        }
        for source in ["s1", "s2", "s3"] {
            _ = try await store.transaction { try $0.takeLease(source: source, owner: "a", seconds: 30, now: now) }
        }
        #expect(try await store.transaction { try $0.handOverLease(source: "s1", owner: "a", seconds: 30, now: now, liveSince: now.addingTimeInterval(-4)) } == "b")
        #expect(try await store.transaction { try $0.retireWorker("b") } == 1)
        #expect(try await store.read { try $0.workers() }.map(\.name) == ["a"])
        #expect(try await store.read { try $0.sourceLeases() }.map(\.owner) == ["a", "a"])
        #expect(try await store.transaction { try $0.handOverLease(source: "s2", owner: "a", seconds: 30, now: now, liveSince: now.addingTimeInterval(-4)) } == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aWorkerNameInUseByALiveProcessIsRefused(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = WorkerRecord(name: "desk-1", host: "a", pid: 10, startedAt: start, heartbeatAt: start)
        try await store.transaction { try $0.heartbeat(first, staleAfter: 60) }
        let again = WorkerRecord(name: "desk-1", host: "a", pid: 10, startedAt: start, heartbeatAt: start.addingTimeInterval(20))
        try await store.transaction { try $0.heartbeat(again, staleAfter: 60) }
        let other = WorkerRecord(name: "desk-1", host: "b", pid: 11, startedAt: start.addingTimeInterval(30), heartbeatAt: start.addingTimeInterval(30))
        await #expect(throws: StoreError.self) { try await store.transaction { try $0.heartbeat(other, staleAfter: 60) } }
        // Once the first has been silent for longer than staleAfter, the name is free again.
        let later = WorkerRecord(name: "desk-1", host: "b", pid: 11, startedAt: start.addingTimeInterval(30), heartbeatAt: start.addingTimeInterval(81))
        try await store.transaction { try $0.heartbeat(later, staleAfter: 60) }
        let workers = try await store.read { try $0.workers() }
        #expect(workers.map(\.pid) == [11])
        #expect(workers.first?.host == "b")
        // A restart on the same host (a new pid) takes its name over at once.
        let restarted = WorkerRecord(name: "desk-1", host: "b", pid: 12, startedAt: start.addingTimeInterval(85), heartbeatAt: start.addingTimeInterval(85))
        try await store.transaction { try $0.heartbeat(restarted, staleAfter: 60) }
        #expect(try await store.read { try $0.workers() }.map(\.pid) == [12])
    }
}
