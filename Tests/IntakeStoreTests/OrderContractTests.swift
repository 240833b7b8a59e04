import Foundation
import IntakeModel
import IntakeTestSupport
import Synchronization
import Testing

/// The store protocol's orders and their events, the same tests for every store.
@Suite struct OrderContractTests {
    typealias F = StoreFixtures
    let folder = TemporaryFolder("store-orders")

    @Test(arguments: StoreKind.allCases)
    func orderNumbersAreGaplessPerYear(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        var numbers: [String] = []
        for index in 0..<4 {
            numbers.append(try await F.order("\(index).txt", year: index == 2 ? 2027 : 2026, in: store).description)
        }
        #expect(numbers == ["SO-2026-00001", "SO-2026-00002", "SO-2027-00001", "SO-2026-00003"])
        #expect(try await store.read { try $0.orderNumbers(sequence: 1) }.map(\.description).sorted() == ["SO-2026-00001", "SO-2027-00001"])
    }

    /// A transaction that numbers an order while others keep numbering gets its number: on
    /// PostgreSQL it loses the year's counter to them at first (its snapshot is older than their
    /// commits), and runs again queued behind the counter instead of losing it until it gives up
    /// (two mailboxes syncing at once failed a source so, bench/workers). Numbers stay gapless.
    @Test(arguments: StoreKind.allCases)
    func numberingGoesThroughWhileOthersKeepNumbering(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let slow = try await F.recordNew("slow.txt", bytes: Array("slow".utf8), in: store)
        let done = StopFlag()
        let others = Task { () async throws -> [OrderNumber] in
            var numbers: [OrderNumber] = []
            let until = Date().addingTimeInterval(20)
            while !done.isSet && Date() < until {
                numbers.append(try await F.order("busy-\(numbers.count).txt", in: store))
            }
            return numbers
        }
        defer { done.set() }
        // Its snapshot first (a read), then long enough for the others to commit, then its number.
        try await Task.sleep(nanoseconds: 20_000_000)
        let completion = try await store.transaction { tx in
            _ = try tx.item(id: slow.id)
            Thread.sleep(forTimeInterval: 0.05)
            return try tx.completeItem(id: slow.id, kind: .order, documentJSON: "{}", originsJSON: "[]", orderReference: nil,
                                       followUp: FollowUpRecords(), order: F.template(), year: 2026, approveWith: nil, actor: "slow")
        }
        done.set()
        let numbers = try await others.value + [try #require(completion.orderNumber)]
        #expect(numbers.count > 1)
        #expect(numbers.map(\.sequence).sorted() == Array(1...numbers.count))
    }

    @Test(arguments: StoreKind.allCases)
    func completingTwiceCreatesOneOrder(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let item = try await F.recordNew("x.txt", bytes: Array("x".utf8), in: store)
        let first = try await F.complete(item.id, actor: "a", in: store)
        let second = try await F.complete(item.id, actor: "b", in: store)
        #expect(first.orderNumber == second.orderNumber && first.orderNumber != nil)
        #expect(first.wrote && !second.wrote)
        #expect(try await store.read { try $0.orders(states: nil) }.count == 1)
    }

    /// An order approved by policy logs two states (created, then approved), the second
    /// continuing the first, even when the customer's text holds what looks like a state.
    @Test(arguments: StoreKind.allCases)
    func approvalByPolicyLogsBothStates(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let item = try await F.recordNew("a.txt", bytes: Array("approve me".utf8), in: store)
        var order = F.template()
        order.customer.name = #"Tricky "state":"needs_review" Co"#
        order.paymentTerms = #""state":"needs_review""#
        let number = try #require(try await F.complete(item.id, order: order, approveWith: "clean", in: store).orderNumber)
        let events = try await store.events(subject: number.description)
        #expect(events.map(\.action) == ["created", "approved"])
        let stored = try #require(try await store.read { try $0.order(number) })
        #expect(stored.state == .approved && stored.customer.name == order.customer.name && stored.paymentTerms == order.paymentTerms)
        #expect(events[1].before == events[0].after)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let before = try decoder.decode(Order.self, from: Data(try #require(events[0].after).utf8))
        let after = try decoder.decode(Order.self, from: Data(try #require(events[1].after).utf8))
        #expect(before.state == .needsReview && after.state == .approved && after.customer.name == order.customer.name)
    }

    @Test(arguments: StoreKind.allCases)
    func everyChangeIsAnEventWithBeforeAndAfter(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("y.txt", in: store)
        try await store.transaction { tx in
            try tx.updateOrder(number, actor: "mei", action: "edited", detail: "qty", expecting: nil, notice: nil) { order in order.lines[0].quantity = 5 }
        }
        try await store.transaction { tx in
            try tx.updateOrder(number, actor: "mei", action: "approved", detail: nil, expecting: .needsReview, notice: nil) { order in order.state = .approved }
        }
        let events = try await store.events(subject: number.description)
        #expect(events.map(\.action) == ["created", "edited", "approved"])
        #expect(events[1].actor == "mei")
        #expect(events[1].before?.contains("\"quantity\":\"1\"") == true)
        #expect(events[1].after?.contains("\"quantity\":\"5\"") == true)
        #expect(try await store.read { try $0.orders(states: [.approved]) }.map(\.number) == [number])
        #expect(try await store.read { try $0.firstEvents(action: "approved") }[number.description]?.actor == "mei")
    }

    @Test(arguments: StoreKind.allCases)
    func illegalTransitionIsRefusedAndNothingChanges(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("z.txt", in: store)
        await #expect(throws: StoreError.self) {
            try await store.transaction { tx in
                try tx.updateOrder(number, actor: "x", action: "shipped", detail: nil, expecting: nil, notice: nil) { order in order.state = .shipped }
            }
        }
        #expect(try await store.read { try $0.order(number) }?.state == .needsReview)
        #expect(try await store.events(subject: number.description).count == 1)
    }

    /// `expecting` refuses a change to an order another process moved since it was read, and
    /// the notice rendered from the old state is not queued.
    @Test(arguments: StoreKind.allCases)
    func aChangeExpectingAnotherStateIsRefusedWithItsNotice(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("w.txt", in: store)
        let notice = F.message("amended@desk", order: number, purpose: "amended")
        await #expect(throws: StoreError.self) {
            try await store.transaction { tx in
                try tx.updateOrder(number, actor: "x", action: "amended", detail: nil, expecting: .confirmed, notice: notice) { order in
                    order.lines[0].quantity = 9
                }
            }
        }
        #expect(try await store.outbox().isEmpty)
        let saved = try await store.transaction { tx in
            try tx.updateOrder(number, actor: "x", action: "edited", detail: nil, expecting: .needsReview, notice: notice) { order in
                order.lines[0].quantity = 9
            }
        }
        #expect(saved.lines[0].quantity == 9)
        #expect(try await store.outbox(order: number).map(\.messageID) == ["amended@desk"])
    }

    @Test(arguments: StoreKind.allCases)
    func aConfirmationConfirmsItsOrderOnce(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let number = try await F.order("c.txt", in: store)
        try await store.transaction { tx in
            try tx.updateOrder(number, actor: "mei", action: "approved", detail: nil, expecting: nil, notice: nil) { order in order.state = .approved }
        }
        _ = try await store.queue(F.message("c1@desk", order: number, purpose: "confirmation"), confirming: number, actor: "intake")
        #expect(try await store.read { try $0.order(number) }?.state == .confirmed)
        await #expect(throws: StoreError.self) {
            _ = try await store.queue(F.message("c2@desk", order: number, purpose: "confirmation"), confirming: number, actor: "intake")
        }
        #expect(try await store.outbox(order: number).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func mailAboutAnOrderIsFoundByItsThread(_ kind: StoreKind) async throws {
        let store = try await kind.make(in: folder)
        let bytes = Array("Message-ID: <order@customer>\r\n\r\nplease send 3".utf8)
        guard case .new(let item) = try await F.record(F.newItem("o.eml", bytes: bytes, messageID: "order@customer"), bytes: bytes, in: store) else {
            Testing.Issue.record("not new"); return
        }
        let number = try #require(try await F.complete(item.id, in: store).orderNumber)
        _ = try await store.queue(F.message("survey@desk", order: number, purpose: "survey"), confirming: nil, actor: "intake")
        let viaOurs = try await store.read { try $0.threadTarget(messageIDs: ["unknown@x", "survey@desk"]) }
        #expect(viaOurs?.orderNumber == number && viaOurs?.purpose == "survey" && viaOurs?.messageID == "survey@desk")
        let viaTheirs = try await store.read { try $0.threadTarget(messageIDs: ["order@customer"]) }
        #expect(viaTheirs?.orderNumber == number && viaTheirs != nil && viaTheirs?.purpose == nil)
        #expect(try await store.read { try $0.threadTarget(messageIDs: ["unknown@x"]) } == nil)
    }
}

/// Tells a task of a test to stop.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
