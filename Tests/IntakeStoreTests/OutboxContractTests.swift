import Foundation
import IntakeModel
import IntakeTestSupport
import Testing

/// The store protocol's outbox, the same tests for every store.
@Suite struct OutboxContractTests {
    typealias F = StoreFixtures
    let folder = TemporaryFolder("store-outbox")

    @Test(arguments: StoreKind.allCases)
    func outboxClaimsEachMessageOnce(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let message = F.message("m@desk")
        _ = try await store.queue(message, confirming: nil, actor: "t")
        let listed = try await store.dueMessages()
        #expect(listed.count == 1)
        let first = try await store.claim(id: listed[0].0.id)
        let second = try await store.claim(id: listed[0].0.id)
        #expect(first?.state == .sending)
        #expect(first?.attempts == 1)
        #expect(second == nil)
        #expect(try await store.dueMessages().isEmpty)
        #expect(try await store.interruptedSends().count == 1)
        try await store.transaction { tx in
            try tx.finishDelivery(id: listed[0].0.id, state: .sent, reply: "ok", deliveredTo: "here", nextAttemptAt: nil, actor: "t", at: Date(), recipients: [])
        }
        #expect(try await store.outbox(states: [.sent]).count == 1)
        #expect(try await store.recipients(outboxID: listed[0].0.id).map(\.state) == [.sent])
        await #expect(throws: StoreError.self) { _ = try await store.queue(message, confirming: nil, actor: "t") }  // same Message-ID
    }

    /// Several workers going through the same due messages at once: each message is claimed by
    /// exactly one of them (on PostgreSQL, the claims of one database's workers run concurrently).
    @Test(arguments: StoreKind.allCases)
    func concurrentClaimsTakeEachMessageOnce(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        var ids: [Int64] = []
        for index in 0..<20 { ids.append(try await store.queue(F.message("c\(index)@desk"), confirming: nil, actor: "t").id) }
        let now = Date()
        // Two workers go through the ids from the first, two from the last: they meet on every message.
        let claimed = try await withThrowingTaskGroup(of: [OutboxRecord].self) { group in
            for worker in 0..<4 {
                let order = worker < 2 ? ids : Array(ids.reversed())
                group.addTask {
                    var mine: [OutboxRecord] = []
                    for id in order {
                        if let record = try await store.claim(id: id, now: now) { mine.append(record) }
                    }
                    return mine
                }
            }
            var all: [OutboxRecord] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(claimed.map(\.id).sorted() == ids)
        #expect(claimed.allSatisfy { $0.state == .sending && $0.attempts == 1 })
        #expect(try await store.dueMessages(now: now).isEmpty)
        #expect(try await store.interruptedSends().map(\.0.attempts) == Array(repeating: 1, count: ids.count))
    }

    @Test(arguments: StoreKind.allCases)
    func dueMessagesComeInPagesInIDOrder(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        for index in 0..<7 { _ = try await store.queue(F.message("m\(index)@desk"), confirming: nil, actor: "t") }
        let firstPage = try await store.dueMessages(limit: 3)
        #expect(firstPage.map(\.0.messageID) == ["m0@desk", "m1@desk", "m2@desk"])
        let secondPage = try await store.dueMessages(afterID: try #require(firstPage.last).0.id, limit: 3)
        #expect(secondPage.map(\.0.messageID) == ["m3@desk", "m4@desk", "m5@desk"])
        #expect(firstPage[0].1 == Array("x".utf8))
    }

    /// A temporary refusal waits until its next attempt; per-recipient answers are kept; a retry
    /// makes it due now, a cancel takes it out for good.
    @Test(arguments: StoreKind.allCases)
    func aMessageWaitsRetriesAndCancels(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let record = try await store.queue(F.message("w@desk", to: ["a@b.example", "c@d.example"]), confirming: nil, actor: "t")
        let now = Date()
        _ = try #require(try await store.claim(id: record.id, now: now))
        try await store.transaction { tx in
            try tx.finishDelivery(id: record.id, state: .retry, reply: "451 later", deliveredTo: nil, nextAttemptAt: now.addingTimeInterval(300),
                                  actor: "t", at: now, recipients: [RecipientOutcome(address: "a@b.example", state: .sent, reply: "250 ok"),
                                                                    RecipientOutcome(address: "c@d.example", state: .pending, reply: "451 later")])
        }
        #expect(try await store.dueMessages(now: now.addingTimeInterval(60)).isEmpty)
        #expect(try await store.dueMessages(now: now.addingTimeInterval(301)).map(\.0.id) == [record.id])
        let recipients = try await store.recipients(outboxID: record.id)
        #expect(Dictionary(uniqueKeysWithValues: recipients.map { ($0.address, $0.state) }) == ["a@b.example": .sent, "c@d.example": .pending])
        try await store.transaction { try $0.retryNow(id: record.id, actor: "mei") }
        #expect(try await store.dueMessages(now: now.addingTimeInterval(1)).map(\.0.id) == [record.id])
        try await store.transaction { try $0.cancel(id: record.id, actor: "mei") }
        #expect(try await store.dueMessages(now: now.addingTimeInterval(400)).isEmpty)
        #expect(try await store.outboxMessage(id: record.id)?.0.state == .cancelled)
        #expect(try await store.events(subject: "outbox:\(record.id)").map(\.action).contains("cancelled"))
    }

    @Test(arguments: StoreKind.allCases)
    func anInterruptedSendIsFlaggedAsAPossibleRepeat(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let record = try await store.queue(F.message("r@desk"), confirming: nil, actor: "t")
        _ = try #require(try await store.claim(id: record.id))
        #expect(try await store.interruptedSends().map(\.0.id) == [record.id])
        try await store.transaction { tx in
            try tx.markPossibleRepeat(id: record.id, reason: "interrupted", actor: "intake")
            try tx.finishDelivery(id: record.id, state: .queued, reply: "queued again", deliveredTo: nil, nextAttemptAt: nil, actor: "intake",
                                  at: Date(), recipients: [])
        }
        #expect(try await store.interruptedSends().isEmpty)
        #expect(try await store.outboxMessage(id: record.id)?.0.possibleRepeat == true)
        #expect(try await store.dueMessages().map(\.0.id) == [record.id])
    }

    @Test(arguments: StoreKind.allCases)
    func sentMailIsCountedPerAddress(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let start = Date()
        for index in 0..<3 {
            let record = try await store.queue(F.message("s\(index)@desk", to: ["flood@b.example"]), confirming: nil, actor: "t")
            _ = try #require(try await store.claim(id: record.id, now: start))
            try await store.transaction { tx in
                try tx.finishDelivery(id: record.id, state: .sent, reply: "250", deliveredTo: nil, nextAttemptAt: nil, actor: "t",
                                      at: start.addingTimeInterval(Double(index)), recipients: [])
            }
        }
        let counts = try await store.read { try $0.sentCounts(to: ["flood@b.example", "quiet@b.example"], since: start.addingTimeInterval(-60)) }
        #expect(counts["flood@b.example"]?.count == 3)
        #expect(counts["quiet@b.example"]?.count ?? 0 == 0)
    }
}
