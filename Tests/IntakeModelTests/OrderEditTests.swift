import Foundation
import IntakeModel
import Testing

@Suite struct OrderEditTests {
    func sampleOrder() -> Order {
        Order(number: OrderNumber(year: 2026, sequence: 1), state: .needsReview, itemID: 1, receivedAt: Date(timeIntervalSince1970: 0),
              customer: .init(email: "a@b.example"), lines: [OrderLine(sku: "X", description: "thing", quantity: 2, unitPrice: 10)])
    }

    @Test func setsAddressAndQuantity() throws {
        var order = sampleOrder()
        try OrderEdit(parsing: "shipTo.address=台北市信義區松仁路100號").apply(to: &order)
        try OrderEdit(parsing: "lines[1].quantity=12").apply(to: &order)
        #expect(order.shipTo.address == "台北市信義區松仁路100號")
        #expect(order.lines[0].quantity == 12)
        #expect(order.total == 120)
        #expect(order.edited)
    }

    @Test func valueMayContainEquals() throws {
        var order = sampleOrder()
        try OrderEdit(parsing: "paymentTerms=a=b").apply(to: &order)
        #expect(order.paymentTerms == "a=b")
    }

    @Test func addsALineAfterTheLastAndRemovesOne() throws {
        var order = sampleOrder()
        try OrderEdit(parsing: "lines[2].sku=PAP-A4-80").apply(to: &order)
        try OrderEdit(parsing: "lines[2].quantity=3").apply(to: &order)
        #expect(order.lines.count == 2)
        #expect(order.lines[1].quantity == 3)
        try OrderEdit(parsing: "lines[1]=").apply(to: &order)
        #expect(order.lines.map(\.sku) == ["PAP-A4-80"])
    }

    @Test(arguments: [
        ("lines[1].quantity=-3", "positive number"),
        ("lines[1].quantity=abc", "positive number"),
        ("lines[1].quantity=0", "positive number"),
        ("requestedDeliveryDate=2026-02-30", "not a valid"),
        ("currency=twd", "ISO 4217"),
        ("paymentMethod=bitcoin", "not one of"),
        ("customer.email=not-an-address", "not an email"),
        ("lines[5].quantity=1", "has no line 5"),
    ])
    func refusesInvalidValues(_ assignment: String, _ expected: String) throws {
        var order = sampleOrder()
        let edit = try OrderEdit(parsing: assignment)
        do {
            try edit.apply(to: &order)
            Testing.Issue.record("\(assignment) was accepted")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains(expected), "\(error.message)")
        }
        #expect(order == sampleOrder())
    }

    @Test(arguments: ["shipTo.street=x", "lines[0].quantity=1", "lines[1].colour=red", "nothing"])
    func refusesUnknownFields(_ assignment: String) {
        #expect(throws: ModelError.self) {
            var order = sampleOrder()
            try OrderEdit(parsing: assignment).apply(to: &order)
        }
    }
}

@Suite struct DecimalTextTests {
    @Test func parsesAndFormatsExactly() throws {
        let value = try #require(DecimalText.parse("0.1"))
        #expect(DecimalText.format(value * 3) == "0.3")
        #expect(DecimalText.format(try #require(DecimalText.parse("12.50"))) == "12.5")
        #expect(DecimalText.formatMoney(try #require(DecimalText.parse("7400"))) == "7400.00")
    }

    @Test(arguments: ["", "1e3", "-1", "1,000", ".5", "5.", "1.2.3", "１２"])
    func rejectsNonCanonicalText(_ text: String) {
        #expect(DecimalText.parse(text) == nil)
    }

    @Test func calendarDatesAreValidated() {
        #expect(CalendarDate("2028-02-29") != nil)
        #expect(CalendarDate("2026-02-29") == nil)
        #expect(CalendarDate("2026-13-01") == nil)
        #expect(CalendarDate("2026-1-01") == nil)
    }
}
