import Foundation
import IntakeModel
import Testing

/// Which worker a source is handed over to (`LeaseBalance`), on rows as the stores return them.
@Suite struct LeaseBalanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func worker(_ name: String, beatAgo seconds: Double = 0, polls: [String] = ["s1", "s2", "s3", "s4"]) -> WorkerRecord {
        WorkerRecord(name: name, host: "h", pid: 1, startedAt: now, heartbeatAt: now.addingTimeInterval(-seconds), sources: polls)
    }

    func lease(_ source: String, _ owner: String, runsOutIn seconds: Double = 30) -> SourceLease {
        SourceLease(source: source, owner: owner, acquiredAt: now, expiresAt: now.addingTimeInterval(seconds))
    }

    func target(_ source: String, from owner: String, _ workers: [WorkerRecord], _ leases: [SourceLease]) -> String? {
        LeaseBalance.handOverTarget(source: source, owner: owner, workers: workers, leases: leases, now: now, liveSince: now.addingTimeInterval(-4))
    }

    @Test func theLeastLoadedLiveWorkerGetsItWhenTwoBehind() {
        let workers = [worker("a"), worker("b"), worker("c")]
        let leases = [lease("s1", "a"), lease("s2", "a"), lease("s3", "a"), lease("s4", "b")]
        #expect(target("s1", from: "a", workers, leases) == "c")
        // One behind is balanced enough: handing over would only swap the roles.
        #expect(target("s4", from: "b", workers, leases) == nil)
        // Ties go to the first by name.
        #expect(target("s1", from: "a", [worker("a"), worker("z"), worker("m")], [lease("s1", "a"), lease("s2", "a")]) == "m")
    }

    @Test func expiredAndDeskLeasesDoNotCountAsLoad() {
        let workers = [worker("a"), worker("b")]
        // `a`'s own lease on s1 ran out: it has nothing to hand over.
        #expect(target("s1", from: "a", workers, [lease("s1", "a", runsOutIn: -1), lease("s2", "a"), lease("s3", "a")]) == nil)
        // `b` delivers (`@delivery`) but polls nothing: it counts as holding no source.
        #expect(target("s1", from: "a", workers, [lease("s1", "a"), lease("s2", "a"), lease("@delivery", "b")]) == "b")
        // An expired lease of `b`'s is not load: `b` still counts as holding nothing.
        #expect(target("s1", from: "a", workers, [lease("s1", "a"), lease("s2", "a"), lease("s3", "b", runsOutIn: -5)]) == "b")
    }

    @Test func silentWorkersAndWorkersThatDoNotPollTheSourceGetNothing() {
        let leases = [lease("s1", "a"), lease("s2", "a"), lease("s3", "a")]
        #expect(target("s1", from: "a", [worker("a"), worker("b", beatAgo: 5)], leases) == nil)
        #expect(target("s1", from: "a", [worker("a"), worker("b", polls: ["s2"])], leases) == nil)
        #expect(target("s2", from: "a", [worker("a"), worker("b", polls: ["s2"])], leases) == "b")
        // A row from before workers named their sources polls nothing as far as the desk knows.
        #expect(target("s1", from: "a", [worker("a"), worker("b", polls: [])], leases) == nil)
    }

    @Test func sourcesSurviveTheirStoredText() {
        let record = worker("a", polls: ["drop", "mail \"a\"", "收件匣"])
        #expect(WorkerRecord.sources(fromText: record.sourcesText) == record.sources)
        #expect(WorkerRecord.sources(fromText: nil).isEmpty)
        #expect(WorkerRecord.sources(fromText: "not json").isEmpty)
    }
}
