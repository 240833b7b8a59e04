import Foundation
import IntakeModel
import IntakeRendering
import IntakeTestSupport
import Testing

@Suite struct TemplateRendererTests {
    let renderer = TemplateRenderer(directory: Repository.path("templates"))

    func view(name: String = "陳偉 <&> \"Co\"") -> OrderMailView {
        let order = Order(number: OrderNumber(year: 2026, sequence: 42), state: .approved, itemID: 1, receivedAt: Date(),
                          customer: .init(email: "a@b.example", name: name), currency: "TWD", paymentMethod: .bankTransfer,
                          shipTo: .init(address: "台北市"), lines: [OrderLine(sku: "PAP-A4-80", description: "A4影印紙", quantity: 10, unit: "箱", unitPrice: 650)])
        return OrderMailView(order: order, deskName: "Desk", receivedDate: "2026-11-20", paymentLabel: { PaymentLabels.label($0, language: "zh-TW") })
    }

    @Test(arguments: [("zh-TW", "訂單確認 SO-2026-00042"), ("zh-CN", "订单确认 SO-2026-00042"), ("en", "Order confirmation SO-2026-00042")])
    func rendersEveryLanguage(_ language: String, _ subject: String) throws {
        let email = try renderer.render(purpose: "confirmation", language: language, fallback: "en", view: view())
        #expect(email.language == language)
        #expect(email.subject == subject)
        #expect(email.text.contains("SO-2026-00042"))
        #expect(email.text.contains("6500.00"))
        #expect(email.html.contains("<table"))
    }

    @Test func plainTextIsNotEscapedButHTMLIs() throws {
        let email = try renderer.render(purpose: "confirmation", language: "en", fallback: "en", view: view())
        #expect(email.text.contains("陳偉 <&> \"Co\""))
        #expect(email.html.contains("陳偉 &lt;&amp;&gt; &quot;Co&quot;"))
        #expect(!email.html.contains("<&>"))
    }

    @Test(arguments: [("zh-Hant-TW", "zh-TW"), ("zh-HK", "zh-TW"), ("zh-Hans", "zh-CN"), ("en-US", "en"), ("fr", "zh-TW"), (nil, "zh-TW")])
    func fallsBackByLanguageFamily(_ requested: String?, _ expected: String) {
        #expect(renderer.resolveLanguage(requested, purpose: "confirmation", fallback: "zh-TW") == expected)
    }

    /// The file, the line and the fault in words, not the template library's error value.
    @Test(arguments: [("body.html", "<p>{{orderNumber}}</p>\n<p>{{/total}}</p>\n", 2, "{{/total}} closes a section that was never opened"),
                      ("body.txt", "Dear {{customerName}},\n\n{{#total}}\nTotal\n", 3, "{{#total}} is never closed; add {{/total}}"),
                      ("subject.txt", "Order {{order number}}\n", 1, "a tag is not finished")])
    func aTemplateThatDoesNotParseIsNamedWithItsLine(_ file: String, _ text: String, _ line: Int, _ message: String) throws {
        let folder = TemporaryFolder("templates")
        let renderer = TemplateRenderer(directory: try folder.copyTemplates())
        folder.write("templates/confirmation/en/\(file)", text)
        let error = #expect(throws: RenderError.self) {
            try renderer.render(purpose: "confirmation", language: "en", fallback: "en", view: view())
        }
        #expect(error?.template == folder.file("templates/confirmation/en/\(file)"))
        #expect(error?.line == line)
        #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
        #expect(error?.description.contains("ParserError") == false)
    }

    @Test func missingTemplateFolderIsAnError() {
        #expect(throws: RenderError.self) {
            _ = try TemplateRenderer(directory: "/nonexistent").render(purpose: "confirmation", language: "en", fallback: "en", view: view())
        }
    }
}
