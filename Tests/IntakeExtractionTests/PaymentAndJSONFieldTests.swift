import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Two general readings the first blind round showed wrong: the payment method a customer names
/// first is the one they pay by, and an ERP's JSON names its fields in any spelling and nesting.
@Suite struct PaymentAndJSONFieldTests {
    func extract(_ text: String, filename: String) -> OrderDocument {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: Array(text.utf8), filename: filename, fileLabel: filename).document
    }

    func email(_ body: String) -> String {
        """
        From: Buyer <buyer@somewhere.example>\r
        To: orders@desk.example\r
        Subject: Order\r
        Date: Tue, 1 Dec 2026 10:00:00 +0800\r
        Message-ID: <pay-\(body.count)@somewhere.example>\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Please supply 10 boxes of A4 copy paper.\r
        \(body)\r
        """
    }

    @Test(arguments: [
        ("Payment by telegraphic transfer (T/T) against your invoice.", PaymentMethod.bankTransfer),
        ("We will pay by wire transfer once we receive your invoice.", .bankTransfer),
        ("Net 30, by bank transfer.", .netTerms),
        ("付款方式：貨到付款，發票隨貨附上。", .cashOnDelivery),
    ])
    func theMethodNamedFirstIsTheOneTheyPayBy(_ sentence: String, _ method: PaymentMethod) {
        #expect(extract(email("Payment: " + sentence), filename: "order.eml").paymentMethod == method, "\(sentence)")
    }

    @Test func jsonFieldsAreFoundInAnySpellingAndNesting() throws {
        let object: [String: Any] = [
            "order": [
                "PO_Number": "ERP-7781",
                "Requested-Delivery-Date": "2026-12-18",
                "payment": ["method": "PayPal", "status": "authorized"],
                "buyer": ["email": "buyer@somewhere.example"],
                "lines": [["sku": "PAP-A4-80", "quantity": 10]],
            ],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let document = extract(json, filename: "erp-export.json")
        #expect(document.requestedDeliveryDate == "2026-12-18")
        #expect(document.paymentMethod == .paypal)
        #expect(document.lines.first?.sku == "PAP-A4-80")
    }
}
