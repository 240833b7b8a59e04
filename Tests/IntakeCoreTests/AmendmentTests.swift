import Foundation
import IntakeCore
import IntakeMIME
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// Issue 19, point 2: a confirmed order that has not shipped can be amended; the customer is
/// told how it now reads, and every step is an event.
@Suite struct AmendmentTests {
    func confirmedDesk() async throws -> (TestDesk, Desk) {
        let testDesk = try TestDesk()
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        return (testDesk, desk)
    }

    @Test func aCustomersChangeToNIsReadAndAnAmendmentTellsThemHowTheOrderNowReads() async throws {
        let (testDesk, desk) = try await confirmedDesk()
        defer { withExtendedLifetime(testDesk) {} }
        let number = OrderNumber(year: 2026, sequence: 3)      // Northwind, en, confirmed: 40 A4 paper, 6 toner, 10 envelopes
        let before = try await desk.review.order(number)
        #expect(before.state == .confirmed)
        let toner = try #require(before.lines.first { $0.sku == "TON-HP-26A" })

        // "change the quantity of X to N" is a change request with that line.
        let confirmation = try #require(try await desk.store.outbox(order: number).first { $0.purpose == "confirmation" })
        _ = testDesk.folder.write("inbox/change.eml", TestMail.make(
            messageID: "change-to@northwind.example", contentType: "text/plain; charset=utf-8", subject: "Re: \(confirmation.subject)",
            from: "Sarah Miller <purchasing@northwind.example>",
            body: "Hi,\n\nPlease change the quantity of the HP 26A toner to \(toner.quantity + 2).\n\nSarah\n"))
        _ = try await desk.intake.poll()
        // (The example inbox has a change of its own for this order; ours is the newest.)
        let change = try #require(try await desk.followUp.changeRequests().last { $0.order?.number == number })
        #expect(change.diff.contains { $0.hasPrefix("quantity of TON-HP-26A") && $0.hasSuffix("\(DecimalText.format(toner.quantity)) → \(DecimalText.format(toner.quantity + 2))") },
                "\(change.diff)")

        // The assistant amends the confirmed order by hand instead, and closes the request.
        let result = try await desk.review.edit(number, assignments: ["lines[2].quantity=\(DecimalText.format(toner.quantity + 1))", "shipTo.phone=+1 206 555 0199"])
        #expect(result.order.state == .confirmed, "an amended order stays confirmed")
        #expect(result.changes.contains("quantity of TON-HP-26A \(toner.description ?? ""): \(DecimalText.format(toner.quantity)) → \(DecimalText.format(toner.quantity + 1))"),
                "\(result.changes)")
        #expect(result.changes.contains { $0.hasPrefix("shipTo.phone:") })
        let notice = try #require(result.notice)
        #expect(notice.purpose == "amended")
        let record = try #require(try await desk.store.outbox().first { $0.messageID == notice.messageID })
        let mail = try MIMEParser().parse(try #require(try await desk.store.outboxMessage(id: record.id)?.1))
        let text = try #require(mail.bodyParts().first?.decodedText(fallbackCharsets: []).text)
        #expect(mail.subject == "Your order \(number) has been amended")
        #expect(text.contains("Your order now reads"))
        #expect(text.contains("\(DecimalText.format(toner.quantity + 1)) pcs"), "\(text)")
        #expect(mail.references.contains(confirmation.messageID), "threaded to the confirmation")
        let events = try await desk.store.events(subject: number.description)
        #expect(events.last?.action == "amended")
        #expect(events.last?.detail?.contains("shipTo.phone") == true)

        try await desk.followUp.closeChange(change.request.id, note: "amended by hand: one more toner, as agreed by phone")
        #expect(!(try await desk.followUp.changeRequests().contains { $0.request.id == change.request.id }))
        #expect(try await desk.followUp.changeRequests(states: [.closed]).map(\.request.id) == [change.request.id])

        // Never left unfulfillable, and not once shipped.
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["lines[1].sku=NOPE-1"]) }
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["lines[1]=", "lines[1]=", "lines[1]="]) }
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["shipTo.phone=+1 206 555 0199"]) }   // changes nothing
        try await desk.followUp.apply(.ship(carrier: nil, tracking: nil), to: number)
        let shipped = await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["lines[1].quantity=1"]) }
        #expect(shipped?.message.contains("is shipped and can no longer be changed") == true, "\(shipped?.message ?? "")")
    }
}
