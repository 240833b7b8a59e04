import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind round 29's misses (a sports equipment wholesaler), each as a general rule.
@Suite struct Round29LessonsTests {
    func kind(_ body: String, subject: String = "Re: SO-2026-00531") -> MessageKind {
        MessageClassifier().classify(message: nil, sender: "buyer@shop.example", subject: subject, body: body, hasLines: false,
                                     orderReference: "SO-2026-00531", threadKind: nil).kind
    }

    /// A postponement of the delivery is a change, even beside the word "cancel"; another
    /// event's postponement given as the reason, or a postponement denied, leaves a cancellation.
    @Test func aPostponementIsAChangeAndAReasonIsNot() {
        #expect(kind("Please hold our order and deliver it on 12 May 2026 instead of 30 April. Please do not cancel the order.") == .changeRequest)
        #expect(kind("訂單請延後出貨到下個月，不是取消。") == .changeRequest)
        #expect(kind("這張單先取消，客人的婚禮延期了，之後再訂。") == .cancellation)
        #expect(kind("SO-2026-00551 这单我们取消，不是延期。比赛取消了，货不用发了。") == .cancellation)
        #expect(kind("因終端客戶專案延後，SO-2026-00405 整張取消，請勿出貨。") == .cancellation)
    }

    /// A form's buyer section gives the orderer's phone (聯絡電話), its delivery section the
    /// recipient's (收件電話): the delivery's is the ship-to phone. A mainland sheet's 结算方式 is how
    /// it pays.
    @Test func theDeliveryPhoneBeatsTheOrderersAndSettlementIsPayment() {
        let master = MasterData(products: [Product(sku: "NET-1", name: "Badminton net", aliases: ["球網"], unit: "pcs", unitPrice: 900, currency: "TWD")], customers: [])
        let form = """
            【訂購人資料】
            公司名稱：球場運動用品行
            聯絡人：黃國華
            聯絡電話：03-425-7781
            電子郵件：huang@qiuchang.example

            【訂購品項】
            品項1：球網
                數量：3    單位：個

            【配送資料】
            收件人：陳美君
            收件電話：0933-218-456
            收件地址：桃園市中壢區中華路一段500號
            """
        let document = OrderExtractor(context: ExtractionContext(master: master)).extract(bytes: Array(form.utf8), filename: "form.txt", fileLabel: "form.txt").document
        #expect(document.shipTo.phone == "0933-218-456")
        #expect(document.shipTo.recipient == "陳美君")
        #expect(OrderKeyMeaning.meaning(of: "结算方式")?.field == .paymentMethod)
    }

    /// A forwarded club order: "N pcs at USD 82.00" prices the line, "by the end of next month" is
    /// next month's last day, and "TP-125 tennis string, 200 m reel: 2 reels" is the TP-125 sold
    /// by the reel, not by the set (a guess a person confirms).
    @Test func pricesAfterAtTheEndOfNextMonthAndTheSiblingSoldByTheReel() {
        let master = MasterData(products: [
            Product(sku: "FY-RK-AX77", name: "AX-77 badminton racket", aliases: ["AX-77"], unit: "pcs", unitPrice: 2800, currency: "TWD"),
            Product(sku: "FY-ST-TP125-SET", name: "Tennis string TP-125, 12 m set", aliases: ["TP-125"], unit: "set", unitPrice: 190, currency: "TWD"),
            Product(sku: "FY-ST-TP125-R200", name: "Tennis string TP-125, 200 m reel", aliases: ["TP-125 reel"], unit: "reel", unitPrice: 2900, currency: "TWD"),
        ], customers: [Customer(email: "club@example.jp", name: "Kenji", company: "Club", language: "en", shipTo: "Osaka")])
        let context = ExtractionContext(master: master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        let message = "From: Kenji <club@example.jp>\r\nSubject: Order\r\nDate: Fri, 10 Apr 2026 11:40:00 +0900\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "We would like to order:\r\n- AX-77 rackets: 8 pcs at USD 82.00\r\n- TP-125 tennis string, 200 m reel: 2 reels at USD 88.00\r\n\r\n"
            + "We need the goods by the end of next month.\r\n"
        let document = OrderExtractor(context: context).extract(bytes: Array(message.utf8), filename: "m.eml", fileLabel: "m.eml").document
        #expect(document.lines.map(\.sku) == ["FY-RK-AX77", "FY-ST-TP125-R200"], "\(document.lines)")
        #expect(document.lines.map(\.unitPrice) == ["82", "88"], "\(document.lines)")
        #expect(document.currency == "USD")
        #expect(document.requestedDeliveryDate == "2026-05-31")
        #expect(document.issues.contains { $0.code == .productGuessed && $0.field == "lines[2].sku" }, "\(document.issues)")
        // A category's stem is no family: "SY-Q-" holds unrelated parts.
        let part = Product(sku: "SY-Q-AO3400A", name: "MOSFET", aliases: [], unit: "reel", unitPrice: 1, currency: "USD")
        #expect(OrderFinisher.siblingSold(in: "pcs", of: part, among: [part, Product(sku: "SY-Q-IRF540N", name: "MOSFET", aliases: [], unit: "pcs", unitPrice: 1, currency: "USD")]) == nil)
    }

    /// A family named on a line of its own ("球衣 (白色)"), sizes and counts under it: each row
    /// with the heading names one product of the family (球衣 白色 S).
    @Test func rowsUnderAFamilyNameItsProductsBySize() {
        let sizes = ["S", "M", "L"]
        let products = sizes.flatMap { size in [("WH", "白色"), ("NV", "深藍色")].map { code, colour in
            Product(sku: "JS-\(code)-\(size)", name: "Team jersey \(code) \(size)", aliases: ["球衣 \(colour) \(size)"], unit: "pc", unitPrice: 300, currency: "TWD")
        } }
        let master = MasterData(products: products, customers: [])
        let text = "本校需要：\n\n球衣 (白色)\n    S   10 件\n    M   20 件\n球衣 (深藍色)\n    L   18 件\n"
        let lines = LineItemParser(master: master).parse(TextLine.numbered(text, location: "body"))
        #expect(lines.map(\.line.sku) == ["JS-WH-S", "JS-WH-M", "JS-NV-L"], "\(lines.map(\.line))")
        #expect(lines.map(\.line.quantity) == ["10", "20", "18"])
        // A short line over rows whose spec names nothing with it reads no rows.
        #expect(LineItemParser(master: master).parse(TextLine.numbered("Sizes\n    XS   4 件\n", location: "body")).isEmpty)
    }
}
