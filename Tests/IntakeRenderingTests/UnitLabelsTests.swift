import Foundation
import IntakeModel
import IntakeRendering
import IntakeTestSupport
import Testing

/// An order keeps the catalog's units; a reply in Chinese words them in Chinese again.
@Suite struct UnitLabelsTests {
    @Test func catalogUnitsAreWordedInTheRepliesLanguage() {
        #expect(UnitLabels.label("pair", language: "zh-TW") == "副")
        #expect(UnitLabels.label("reel", language: "zh-TW") == "盤")
        #expect(UnitLabels.label("reel", language: "zh-CN") == "盘")
        #expect(UnitLabels.label("pcs", language: "zh-Hans-CN") == "个")
        #expect(UnitLabels.label("pair", language: "en") == "pair")
        // A unit the table does not know, or one written in Chinese already, stays.
        #expect(UnitLabels.label("箱", language: "zh-TW") == "箱")
        #expect(UnitLabels.label("syringe", language: "zh-TW") == "syringe")
    }

    @Test func aChineseConfirmationShowsTheChineseUnit() throws {
        let order = Order(number: OrderNumber(year: 2026, sequence: 7), state: .approved, itemID: 1, receivedAt: Date(),
                          customer: .init(email: "a@b.example", name: "黃俊傑"), currency: "TWD", paymentMethod: .bankTransfer,
                          shipTo: .init(address: "花蓮市"), lines: [OrderLine(sku: "L156-HMC", description: "1.56 單光 HMC", quantity: 30, unit: "pair", unitPrice: 380)])
        let view = OrderMailView(order: order, deskName: "Desk", receivedDate: "2026-11-20", paymentLabel: { PaymentLabels.label($0, language: "zh-TW") },
                                 unitLabel: { UnitLabels.label($0, language: "zh-TW") })
        let email = try TemplateRenderer(directory: Repository.path("templates")).render(purpose: "confirmation", language: "zh-TW", fallback: "en", view: view)
        #expect(email.text.contains("30 副"), "\(email.text)")
        #expect(!email.text.contains("30 pair"))
    }
}
