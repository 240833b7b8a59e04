import Foundation
import IntakeCore
import IntakeMIME
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// Customers' mail after the order: changes and cancellations wait in the queue with their diff
/// and are accepted or declined with an answer; complaints become cases that are answered and
/// resolved.
@Suite struct FollowUpTests {
    func desk() async throws -> (TestDesk, Desk) {
        let testDesk = try TestDesk()
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        return (testDesk, desk)
    }

    func mail(_ testDesk: TestDesk, name: String, from: String, subject: String, body: String) {
        let lines = ["From: \(from)", "To: orders@desk.example", "Subject: \(subject)", "Message-ID: <\(name)@customer.example>",
                     "Date: Mon, 07 Dec 2026 10:00:00 +0800", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body]
        _ = testDesk.folder.write("inbox/\(name).eml", lines.joined(separator: "\r\n"))
    }

    func text(_ desk: Desk, _ notice: OutgoingMessage?) async throws -> (MIMEMessage, String) {
        let record = try #require(try await desk.store.outbox().first { $0.messageID == notice?.messageID })
        let message = try MIMEParser().parse(try #require(try await desk.store.outboxMessage(id: record.id)?.1))
        return (message, try #require(message.bodyParts().first?.decodedText(fallbackCharsets: []).text))
    }

    @Test func aChangeWaitsWithItsDiffAndIsAppliedAndAnswered() async throws {
        let (testDesk, desk) = try await desk()
        // The example inbox's Northwind mail: "change the quantity of A4 paper from 40 to 50 boxes" on SO-2026-00003.
        let pending = try await desk.followUp.changeRequests()
        let change = try #require(pending.first { $0.request.orderNumber?.description == "SO-2026-00003" })
        #expect(change.request.kind == .change)
        #expect(change.request.flag == nil)
        #expect(change.diff == ["quantity of PAP-A4-80 A4 paper: 40 → 50"])
        let (record, notice) = try await desk.followUp.acceptChange(change.request.id)
        #expect(record.state == .accepted)
        let order = try await desk.review.order(OrderNumber(year: 2026, sequence: 3))
        #expect(order.lines.first { $0.sku == "PAP-A4-80" }?.quantity == 50)
        #expect(order.state == .confirmed)
        let (message, body) = try await text(desk, notice)
        #expect(body.contains("- quantity of PAP-A4-80 A4 paper: 40 → 50"))
        let changeMail = try #require(try await desk.store.item(id: change.request.itemID)?.messageID)
        #expect(message.inReplyTo == [changeMail])
        #expect(message.headers.value("Auto-Submitted") == "auto-replied")
        #expect(try await desk.store.events(subject: "SO-2026-00003").contains { $0.action == "changed" && $0.detail?.contains("customer's request") == true })
        // Decided once.
        await #expect(throws: IntakeError.self) { try await desk.followUp.acceptChange(change.request.id) }
        withExtendedLifetime(testDesk) {}
    }

    @Test func changesToShippedOrUnknownOrdersAreFlaggedNotApplied() async throws {
        let (testDesk, desk) = try await desk()
        try await desk.followUp.apply(.ship(carrier: nil, tracking: nil), to: OrderNumber(year: 2026, sequence: 1))
        mail(testDesk, name: "late-change", from: "chen.wei@hsinyi-tech.com.tw", subject: "修改訂單 SO-2026-00001",
             body: "請將 A4影印紙 改為 20箱，謝謝。")
        mail(testDesk, name: "ghost", from: "orders@kowloon-office.hk", subject: "Change to SO-2026-00321",
             body: "Please change the staplers to 5 pcs.")
        _ = try await desk.intake.poll()
        let pending = try await desk.followUp.changeRequests()
        let shipped = try #require(pending.first { $0.request.orderNumber?.sequence == 1 })
        #expect(shipped.request.flag == "SO-2026-00001 is already shipped: not applied, answer by hand")
        let refused = await #expect(throws: IntakeError.self) { try await desk.followUp.acceptChange(shipped.request.id) }
        #expect(refused?.message.contains("already shipped") == true)
        let (_, declined) = try await desk.followUp.declineChange(shipped.request.id, reason: "The goods left our warehouse this morning.")
        #expect(try await text(desk, declined).1.contains("原因：The goods left our warehouse this morning."))

        let ghost = try #require(pending.first { $0.request.orderNumber == nil })
        #expect(ghost.request.flag == "refers to SO-2026-00321, which is not an order here")
        await #expect(throws: IntakeError.self) { try await desk.followUp.acceptChange(ghost.request.id) }
        let (record, none) = try await desk.followUp.declineChange(ghost.request.id, reason: "no such order")
        #expect(record.state == .declined)
        #expect(none == nil)
        #expect(try await desk.review.order(OrderNumber(year: 2026, sequence: 1)).lines.first { $0.sku == "PAP-A4-80" }?.quantity != 20)
    }

    @Test func aCustomersCancellationIsAcceptedWithTheCancellationEmail() async throws {
        let (testDesk, desk) = try await desk()
        mail(testDesk, name: "cancel", from: "orders@kowloon-office.hk", subject: "Cancel SO-2026-00009",
             body: "Please cancel order SO-2026-00009, we no longer need it.")
        _ = try await desk.intake.poll()
        let cancellation = try #require(try await desk.followUp.changeRequests().first { $0.request.kind == .cancellation })
        #expect(cancellation.diff == ["the whole order: confirmed → cancelled"])
        let (_, notice) = try await desk.followUp.acceptChange(cancellation.request.id)
        #expect(notice?.purpose == "cancellation")
        #expect(try await desk.review.order(OrderNumber(year: 2026, sequence: 9)).state == .cancelled)
        let (message, _) = try await text(desk, notice)
        #expect(message.inReplyTo.contains("cancel@customer.example"))
    }

    @Test func aComplaintIsACaseThatIsAnsweredThenResolved() async throws {
        let (testDesk, desk) = try await desk()
        // The example inbox's Huaxin complaint (damaged goods).
        let open = try await desk.followUp.cases()
        let complaint = try #require(open.first)
        #expect(complaint.state == .open)
        #expect(complaint.customerEmail == "li.na@huaxin-trading.cn")
        try await desk.followUp.assignCase(complaint.id, owner: "mei", category: nil)
        await #expect(throws: IntakeError.self) { try await desk.followUp.assignCase(complaint.id, owner: nil, category: nil) }
        let (answered, notice) = try await desk.followUp.answerCase(complaint.id, message: "我们明天补发两箱，并附上退货单。")
        #expect(answered.state == .answered)
        #expect(answered.owner == "mei")
        let (message, body) = try await text(desk, notice)
        #expect(body.contains("我们明天补发两箱"))
        #expect(message.subject?.hasPrefix("回复：关于订单") == true)
        let item = try #require(try await desk.store.item(id: complaint.itemID))
        #expect(message.inReplyTo == [try #require(item.messageID)])
        let resolved = try await desk.followUp.resolveCase(complaint.id, note: "replacement delivered")
        #expect(resolved.state == .resolved)
        #expect(resolved.resolvedAt != nil)
        await #expect(throws: IntakeError.self) { try await desk.followUp.answerCase(complaint.id, message: "again") }
        #expect(try await desk.followUp.cases().isEmpty)
        #expect(try await desk.followUp.caseDetail(complaint.id).events.map(\.action) == ["opened", "assigned", "answered", "resolved"])
        withExtendedLifetime(testDesk) {}
    }
}
