import Foundation
import IntakeModel
import Testing

@Suite struct OrderRulesTests {
    let paper = Product(sku: "PAP-A4-80", name: "A4 copy paper", unit: "box", unitPrice: 650, currency: "TWD")

    @Test func aPriceOffTheListIsShownInTheWordsOfItsSource() {
        let line = OrderLine(sku: "PAP-A4-80", description: "A4 paper", quantity: 2, unitPrice: Decimal(string: "649.99"))
        let fromMessage = OrderRules.issues(of: line, number: 1, product: paper, currency: "TWD", source: .message)
        let fromEdit = OrderRules.issues(of: line, number: 1, product: paper, currency: nil, source: .edit)
        #expect(fromMessage == [Issue(code: .priceMismatch, field: "lines[1].unitPrice", message: "PAP-A4-80: the customer wrote 649.99, the list price is 650")])
        #expect(fromEdit.map(\.message) == ["PAP-A4-80: the order says 649.99, the list price is 650"])
    }

    @Test func aPriceInAnotherCurrencyIsNotCompared() {
        let line = OrderLine(sku: "PAP-A4-80", description: nil, quantity: 2, unitPrice: 20)
        #expect(OrderRules.issues(of: line, number: 1, product: paper, currency: "USD", source: .message).isEmpty)
    }

    @Test func anUnknownProductIsNamedByTheCustomersWordsOrTheTypedSKU() {
        let line = OrderLine(sku: "NOPE-1", description: "blue folders", quantity: 0)
        let fromMessage = OrderRules.issues(of: line, number: 2, product: nil, currency: nil, source: .message)
        let fromEdit = OrderRules.issues(of: line, number: 2, product: nil, currency: nil, source: .edit)
        #expect(fromMessage.map(\.message) == ["no catalog product matches \"blue folders\"", "line 2 (blue folders) has no quantity"])
        #expect(fromEdit.map(\.message) == ["no catalog product matches \"NOPE-1\"", "line 2 has no quantity"])
        #expect(fromEdit.map(\.field) == ["lines[2].sku", "lines[2].quantity"])
        #expect(fromEdit.allSatisfy { OrderRules.blockingCodes.contains($0.code) })
    }

    @Test func aQuantityThatIsNoNumberIsReportedWhenADocumentBecomesAnOrder() {
        #expect(OrderRules.unreadableQuantity(number: 3, written: "some", parsed: nil)?.message == "quantity \"some\" is not a number")
        #expect(OrderRules.unreadableQuantity(number: 3, written: "0", parsed: 0) == nil)
        #expect(OrderRules.noLines(count: 0, source: .edit)?.message == "the order has no lines")
        #expect(OrderRules.noLines(count: 1, source: .message) == nil)
    }
}
