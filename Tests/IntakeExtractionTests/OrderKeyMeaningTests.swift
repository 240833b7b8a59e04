import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Webshop exports, ERP files and portal JSON name their fields their own way; what the words
/// of a header or key path mean decides, and the path around them (delivery, billing, supplier).
@Suite struct OrderKeyMeaningTests {
    @Test(arguments: [("希望到貨日", OrderKeyMeaning.Field.requestedDate), ("指定到貨日", .requestedDate), ("交貨日期", .requestedDate),
                      ("order.delivery.requested_date", .requestedDate), ("order.shipping.requestedDelivery", .requestedDate),
                      ("客戶Email", .email), ("買家Email", .email), ("收件人", .recipient), ("order.shipping.attention", .recipient),
                      ("order.delivery.contact_name", .recipient), ("收件電話", .phone), ("送貨地址", .address), ("客戶採購單號", .purchaseOrder),
                      ("order.buyerReference", .purchaseOrder), ("poNumber", .purchaseOrder), ("付款方式", .paymentMethod), ("幣別", .currency)])
    func aKeyMeansItsField(_ key: String, _ field: OrderKeyMeaning.Field) {
        #expect(OrderKeyMeaning.meaning(of: key)?.field == field, "\(key)")
    }

    @Test(arguments: ["order.supplier.email", "order.billing.street", "buyer.billingAddress.line1", "下單時間", "order.createdAt", "採購日期", "export.generated_at"])
    func keysOfOthersOrOfThePastMeanNothing(_ key: String) {
        let meaning = OrderKeyMeaning.meaning(of: key)
        #expect(meaning == nil || ![.email, .address, .requestedDate].contains(meaning!.field), "\(key) → \(String(describing: meaning))")
    }

    @Test func theBuyersPurchaseOrderWinsOverTheShopsOrderNumber() {
        let csv = "訂單編號,下單時間,客戶採購單號,買家Email,收件人,收件電話,收件地址,指定到貨日,商品編號,商品名稱,數量\n"
            + "TL-0042,2026-08-18 21:14,QF-115-0818,buyer@school.example,林志明,02-2881-5566,台北市士林區至善路二段250號,2026-08-31,PAP-A4-80,A4 paper,45\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master))
            .extract(bytes: Array(csv.utf8), filename: "webshop.csv", fileLabel: "webshop.csv").document
        #expect(document.purchaseOrder == "QF-115-0818")
        #expect(document.customer.email == "buyer@school.example")
        #expect(document.requestedDeliveryDate == "2026-08-31")
        #expect(document.shipTo == .init(recipient: "林志明", address: "台北市士林區至善路二段250號", phone: "02-2881-5566"))
        #expect(document.lines.map(\.quantity) == ["45"])
    }

    @Test func compoundHeadersAndATotalsRowInTheFirstColumn() {
        let csv = "品項代號,品名規格,訂購數量,單位\nPAP-A4-80,A4影印紙 80磅,30,箱\n合計,,30,\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master))
            .extract(bytes: Array(csv.utf8), filename: "erp.csv", fileLabel: "erp.csv").document
        #expect(document.kind == .order)
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(document.lines.map(\.quantity) == ["30"])
    }

    @Test func aPortalsJSONIsReadByWhatItsKeysMean() throws {
        let json = """
        {"order": {"id": "HB-117", "buyer": {"email": "mgr@harbour.example"}, "supplier": {"email": "orders@desk.example"},
          "delivery": {"requested_date": "2026-07-17", "contact_name": "Jacky Lam", "contact_phone": "+852 6123 4567"},
          "items": [{"sellerSku": "PAP-A4-80", "title": "A4 paper", "qty": 12, "uom": "box"}]}}
        """
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master))
            .extract(bytes: Array(json.utf8), filename: "portal.json", fileLabel: "portal.json").document
        #expect(document.customer.email == "mgr@harbour.example")
        #expect(document.purchaseOrder == "HB-117")
        #expect(document.requestedDeliveryDate == "2026-07-17")
        #expect(document.shipTo.recipient == "Jacky Lam")
        #expect(document.shipTo.phone == "+852 6123 4567")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(document.lines.map(\.quantity) == ["12"])
    }
}
