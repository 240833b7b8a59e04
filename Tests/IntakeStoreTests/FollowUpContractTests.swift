import Foundation
import IntakeModel
import IntakeTestSupport
import Testing

/// The store protocol's cases, change requests and surveys, the same tests for every store.
@Suite struct FollowUpContractTests {
    typealias F = StoreFixtures
    let folder = TemporaryFolder("store-follow-up")

    /// Completes a new item as `kind` with `followUp`, about `order`.
    func followUp(_ name: String, kind: MessageKind, order: OrderNumber?, _ records: FollowUpRecords, in store: any DeskStore) async throws -> ItemRecord {
        let item = try await F.recordNew(name, bytes: Array("follow-up \(name)".utf8), in: store)
        _ = try await store.transaction { tx in
            try tx.completeItem(id: item.id, kind: kind, documentJSON: "{}", originsJSON: "[]", orderReference: order, followUp: records,
                                order: nil, year: 2026, approveWith: nil, actor: "test")
        }
        return item
    }

    @Test(arguments: StoreKind.allCases)
    func aComplaintOpensACaseThatIsAnsweredAndResolved(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("o.txt", in: store)
        var records = FollowUpRecords()
        records.newCase = .init(order: number, customerEmail: "a@b.example", category: .damaged, summary: "two boxes broken")
        let item = try await followUp("c.eml", kind: .complaint, order: number, records, in: store)
        let opened = try #require(try await store.cases(states: [.open]).first)
        #expect(opened.itemID == item.id && opened.orderNumber == number && opened.category == .damaged && opened.summary == "two boxes broken")
        #expect(try await store.read { try $0.openCases(customer: "a@b.example") }.map(\.id) == [opened.id])
        #expect(try await store.read { try $0.items(referring: number) }.map(\.id) == [item.id])
        let notice = F.message("answer@desk", order: number, purpose: "case_answer")
        let answered = try await store.transaction { tx in
            try tx.updateCase(id: opened.id, allowedFrom: CaseState.unresolved, state: .answered, owner: "mei", category: nil, at: Date(),
                              actor: "mei", action: "answered", detail: "sorry", notice: notice)
        }
        #expect(answered.state == .answered && answered.owner == "mei" && answered.answeredAt != nil)
        #expect(try await store.outbox(order: number).map(\.messageID) == ["answer@desk"])
        _ = try await store.transaction { tx in
            try tx.updateCase(id: opened.id, allowedFrom: CaseState.unresolved, state: .resolved, owner: nil, category: nil, at: Date(),
                              actor: "mei", action: "resolved", detail: nil, notice: nil)
        }
        await #expect(throws: StoreError.self) {
            try await store.transaction { tx in
                try tx.updateCase(id: opened.id, allowedFrom: CaseState.unresolved, state: .answered, owner: nil, category: nil, at: Date(),
                                  actor: "mei", action: "answered", detail: nil, notice: nil)
            }
        }
        #expect(try await store.read { try $0.openCases(customer: "a@b.example") }.isEmpty)
        #expect(try await store.events(subject: "case:\(opened.id)").map(\.action).suffix(2) == ["answered", "resolved"])
    }

    @Test(arguments: StoreKind.allCases)
    func aChangeRequestIsDecidedOnceAndAppliedWithItsAnswer(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("o.txt", in: store)
        var records = FollowUpRecords()
        records.newChange = .init(order: number, kind: .change, proposal: ChangeProposal(), flag: nil)
        _ = try await followUp("ch.eml", kind: .changeRequest, order: number, records, in: store)
        let pending = try #require(try await store.read { try $0.changeRequests(states: [.pending]) }.first)
        #expect(pending.orderNumber == number && pending.kind == .change)
        let notice = F.message("accepted@desk", order: number, purpose: "change_accepted")
        let decided = try await store.transaction { tx in
            try tx.decideChange(id: pending.id, accept: true, reason: nil, at: Date(), actor: "mei", notice: notice) { order in order.lines[0].quantity = 4 }
        }
        #expect(decided.state == .accepted)
        #expect(try await store.read { try $0.order(number) }?.lines[0].quantity == 4)
        #expect(try await store.outbox(order: number).map(\.messageID) == ["accepted@desk"])
        await #expect(throws: StoreError.self) {
            try await store.transaction { tx in
                try tx.decideChange(id: pending.id, accept: false, reason: "no", at: Date(), actor: "mei", notice: nil) { _ in }
            }
        }
        #expect(try await store.read { try $0.changeRequest(id: pending.id) }?.state == .accepted)
    }

    @Test(arguments: StoreKind.allCases)
    func anOrderIsSurveyedOnceAndItsAnswerKept(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("o.txt", in: store)
        let now = Date()
        func survey(_ token: String, id: String) async throws -> Result<SurveyRecord, SurveySkip> {
            try await store.transaction { tx in
                try tx.queueSurvey(for: number, email: "a@b.example", token: token, scale: 5, message: F.message(id, order: number, purpose: "survey"),
                                   notSince: now.addingTimeInterval(-86_400 * 30), at: now, actor: "intake")
            }
        }
        guard case .success(let sent) = try await survey("SV-ONE", id: "s1@desk") else { Testing.Issue.record("not queued"); return }
        #expect(try await survey("SV-TWO", id: "s2@desk") == .failure(.alreadySurveyed))
        #expect(try await store.read { try $0.lastSurvey(to: "a@b.example") } != nil)
        #expect(try await store.survey(token: "SV-ONE", order: nil)?.id == sent.id)
        #expect(try await store.survey(token: nil, order: number)?.id == sent.id)
        var records = FollowUpRecords()
        records.surveyAnswer = .init(surveyID: sent.id, rating: 4, comment: "good")
        records.optOut = (email: "a@b.example", how: "reply")
        _ = try await followUp("answer.eml", kind: .surveyResponse, order: number, records, in: store)
        let answered = try #require(try await store.surveys().first)
        #expect(answered.rating == 4 && answered.comment == "good" && answered.answeredAt != nil)
        #expect(try await store.isOptedOut("a@b.example"))
        #expect(try await store.outbox().map(\.messageID) == ["s1@desk"])
    }

    /// Workers surveying the same order at the same moment: the checks inside the transaction
    /// (and, on PostgreSQL, its serialisation) let exactly one queue its survey and its email;
    /// every other one gets the skip reason, none an error. Three rounds, one order (and
    /// customer) each, so that a store that lets the race through is very likely caught.
    @Test(arguments: StoreKind.allCases)
    func concurrentSurveysOfOneOrderQueueOnlyOne(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let now = Date()
        let workers = 8
        for round in 1...3 {
            let number = try await F.order("o\(round).txt", in: store)
            let results = try await withThrowingTaskGroup(of: Result<SurveyRecord, SurveySkip>.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        try await store.transaction { tx in
                            try tx.queueSurvey(for: number, email: "r\(round)@b.example", token: "SV-R\(round)W\(worker)", scale: 5,
                                               message: F.message("r\(round)w\(worker)@desk", order: number, purpose: "survey"),
                                               notSince: now.addingTimeInterval(-86_400 * 30), at: now, actor: "worker\(worker)")
                        }
                    }
                }
                var results: [Result<SurveyRecord, SurveySkip>] = []
                for try await result in group { results.append(result) }
                return results
            }
            let sent = results.compactMap { try? $0.get() }
            #expect(results.count == workers)
            #expect(sent.count == 1, "round \(round)")
            #expect(results.filter { $0 == .failure(.alreadySurveyed) }.count == workers - 1, "round \(round)")
            #expect(try await store.survey(token: nil, order: number).map(\.id) == sent.first?.id)
            let outbox = try await store.outbox(order: number)
            #expect(outbox.map { $0.id as Int64? } == sent.map(\.outboxID))
            #expect(outbox.map(\.messageID) == sent.map { "r\(round)w\($0.token.dropFirst("SV-R\(round)W".count))@desk" })
        }
        #expect(try await store.surveys().count == 3)
        #expect(try await store.outbox().count == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func ordersCompletedLongEnoughAgoAreDueForASurvey(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("o.txt", in: store)
        let steps: [(String, OrderState)] = [("approved", .approved), ("confirmed", .confirmed), ("shipped", .shipped),
                                            ("delivered", .delivered), ("completed", .completed)]
        for (action, state) in steps {
            try await store.transaction { tx in
                try tx.updateOrder(number, actor: "mei", action: action, detail: nil, expecting: nil, notice: nil) { order in
                    order.state = state
                    if state == .completed { order.fulfilment.completedAt = Date().addingTimeInterval(-86_400 * 5) }
                }
            }
        }
        #expect(try await store.read { try $0.ordersDueForSurvey(completedBefore: Date().addingTimeInterval(-86_400 * 3)) }.map(\.number) == [number])
        #expect(try await store.read { try $0.ordersDueForSurvey(completedBefore: Date().addingTimeInterval(-86_400 * 7)) }.isEmpty)
    }
}
