import Foundation
import IntakeCore
import IntakeMIME
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// The seller confirms product, quantity and price: a line the customer did not price takes the
/// catalog's list price, marked as such, and the confirmation and the sales report carry it.
@Suite struct ListPriceTests {
    /// A known customer's order that writes no price, taken in by a desk that does not auto-approve.
    func deskWithUnpricedOrder() async throws -> (TestDesk, Desk, OrderNumber) {
        let testDesk = try TestDesk(withExamples: false, autoApprove: false)
        _ = testDesk.folder.write("inbox/order.eml", TestMail.make(
            messageID: "unpriced@northwind.example", contentType: "text/plain; charset=utf-8", subject: "Order",
            from: "Sarah Miller <purchasing@northwind.example>",
            body: "Hello,\n\nPlease send us:\n- 3 boxes of A4 copy paper\n- 2 pcs HP 26A toner\n\nThanks,\nSarah\n"))
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        let number = try #require(try await desk.review.queue(states: [.needsReview]).first?.number)
        return (testDesk, desk, number)
    }

    func catalogPrice(_ sku: String) throws -> Decimal {
        let csv = try String(contentsOfFile: Repository.path("examples/config/catalog.csv"), encoding: .utf8)
        let row = try #require(csv.split(separator: "\n").first { $0.hasPrefix("\(sku),") })
        let cells = row.split(separator: ",", omittingEmptySubsequences: false)
        return try #require(DecimalText.parse(String(cells[cells.count - 2])))
    }

    @Test func unpricedLinesTakeTheListPriceAndTheConfirmationShowsPricesAndTotal() async throws {
        let (testDesk, desk, number) = try await deskWithUnpricedOrder()
        defer { withExtendedLifetime(testDesk) {} }
        let order = try await desk.review.order(number)
        #expect(order.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        let paper = try catalogPrice("PAP-A4-80"), toner = try catalogPrice("TON-HP-26A")
        #expect(order.lines.map(\.unitPrice) == [paper, toner])
        #expect(order.lines.map(\.priceSource) == [.catalog, .catalog])
        #expect(order.currency == "TWD")
        #expect(order.total == 3 * paper + 2 * toner)
        #expect(!order.issues.contains { $0.code == "price_mismatch" })

        #expect(try await desk.review.approve([number])[0].1.get().state == .approved)
        _ = try await desk.outbox.confirmApproved()
        let record = try #require(try await desk.store.outbox(order: number).first { $0.purpose == "confirmation" })
        let bytes = try #require(try await desk.store.outboxMessage(id: record.id)?.1)
        let text = try #require(try MIMEParser().parse(bytes).bodyParts().first?.decodedText(fallbackCharsets: []).text)
        #expect(text.contains(DecimalText.formatMoney(paper)))
        #expect(text.contains("Total: TWD \(DecimalText.formatMoney(3 * paper + 2 * toner))"))

        // Revenue counts the confirmed order at list price.
        let report = try await desk.reports.sales(by: .product, period: ReportPeriod())
        let table = try #require(report.tables.first)
        let column = try #require(table.columns.firstIndex { $0.name == "revenue TWD" })
        let row = try #require(table.rows.first { $0[0].text?.hasPrefix("TON-HP-26A") == true })
        #expect(row[column].number == 2 * toner)
    }

    @Test func aListPriceFollowsItsSKUAndNeverReplacesATypedOrForeignPrice() async throws {
        let (testDesk, desk, number) = try await deskWithUnpricedOrder()
        defer { withExtendedLifetime(testDesk) {} }
        var order = try await desk.review.edit(number, assignments: ["lines[1].sku=PAP-A3-80"]).order
        #expect(order.lines[0].unitPrice == (try catalogPrice("PAP-A3-80")))
        #expect(order.lines[0].priceSource == .catalog)

        order = try await desk.review.edit(number, assignments: ["lines[1].unitPrice=600"]).order
        #expect(order.lines[0].unitPrice == 600)
        #expect(order.lines[0].priceSource == .edited)
        #expect(order.issues.contains { $0.code == "price_mismatch" && $0.field == "lines[1].unitPrice" }, "a typed price below list is still shown")

        order = try await desk.review.edit(number, assignments: ["lines[1].unitPrice="]).order
        #expect(order.lines[0].priceSource == .catalog, "an emptied price goes back to the list price")

        // A customer paying in another currency is never given a converted or foreign list price.
        order = try await desk.review.edit(number, assignments: ["currency=USD"]).order
        #expect(order.lines.allSatisfy { $0.unitPrice == nil && $0.priceSource == nil })
        #expect(order.total == nil)
    }

    @Test func aPartialTotalIsNeverCalledTheTotal() throws {
        var order = Order(number: OrderNumber(year: 2026, sequence: 1), state: .needsReview, itemID: 1, receivedAt: Date(),
                          lines: [OrderLine(sku: "A", quantity: 2, unitPrice: 5), OrderLine(sku: "B", quantity: 1)])
        #expect(order.total == 10)
        #expect(!order.isFullyPriced)
        order.lines[1].unitPrice = 3
        #expect(order.isFullyPriced)
        // Orders stored before prices had a source read their prices as written.
        let json = #"{"sku":"A","quantity":"2","unitPrice":"5"}"#
        let line = try JSONDecoder().decode(OrderLine.self, from: Data(json.utf8))
        #expect(line.priceSource == .written)
    }
}
