import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 30 (stationery) and 31 (musical instruments): units the catalog names, packs
/// and dozens, a weekday before its date, survey signatures, buyers known by phone.
@Suite struct Round30LessonsTests {
    static let master = MasterData(products: [
        Product(sku: "HW-PA-A4-80-RM", name: "A4 copy paper 80 gsm, ream (包) of 500 sheets", aliases: ["A4影印紙 80磅", "A4影印紙"], unit: "ream", unitPrice: 135, currency: "TWD"),
        Product(sku: "HW-PA-A4-80-BX", name: "A4 copy paper 80 gsm, box (箱) of 5 reams", aliases: ["A4影印紙 80磅 整箱"], unit: "box", unitPrice: 650, currency: "TWD"),
        Product(sku: "HW-PN-BP07-RD-BX", name: "Ballpoint pen 0.7 mm, red, box of 12", aliases: ["紅色原子筆"], unit: "box", unitPrice: 84, currency: "TWD"),
        Product(sku: "HW-PN-GL05-BK", name: "Gel pen 0.5 mm, black", aliases: ["黑色中性筆"], unit: "pcs", unitPrice: 15, currency: "TWD"),
        Product(sku: "YS-GS-AC1253-SET", name: "Acoustic guitar strings 12-53, single set", aliases: ["民謠吉他弦 12-53"], unit: "set", unitPrice: 190, currency: "TWD"),
        Product(sku: "YS-WB-90120", name: "Magnetic whiteboard 90 x 120 cm", aliases: ["白板 90x120"], unit: "pcs", unitPrice: 1450, currency: "TWD"),
    ], customers: [
        Customer(email: "buyer@moxiang.example", name: "何志偉", company: "墨香文具書局", phone: "04-2225-6093", language: "zh-TW", shipTo: "台中市西區公益路1號"),
        Customer(email: "other@shop.example", name: "林小姐", company: "別家", phone: "02-2345-6789", language: "zh-TW", shipTo: "台北市"),
    ])

    static func extract(_ body: String, date: String = "Tue, 13 Oct 2026 10:00:00 +0800", from: String = "何志偉 <buyer@moxiang.example>") -> OrderDocument {
        PlainOrderMail.extract(body, from: from, subject: "訂單", master: master, date: date).document
    }

    /// "ream (包)" and "box (箱)" in the catalog's names: 包 of paper is the ream, 箱 the box SKU,
    /// whichever of the two the name written matched; no guess is left for a person.
    @Test func theCatalogsOwnUnitWordsPickTheProductAndItsUnit() {
        let document = Self.extract("A4影印紙 80磅 8箱\nA4影印紙 20包\n白板 90x120 2块")
        #expect(document.lines.map(\.sku) == ["HW-PA-A4-80-BX", "HW-PA-A4-80-RM", "YS-WB-90120"])
        #expect(document.lines.map(\.unit) == ["box", "ream", "pcs"])
        #expect(!document.issues.contains { $0.code == .productGuessed || $0.code == .unitMismatch }, "\(document.issues)")
    }

    /// Pens sold by the box of twelve ordered in dozens: a dozen is a box. Gel pens sold by the
    /// piece: a dozen is twelve pieces.
    @Test func aDozenOfABoxOfTwelveIsOneBox() {
        let document = Self.extract("紅色原子筆 3打\n黑色中性筆 2打")
        #expect(document.lines.map(\.quantity) == ["3", "24"])
        #expect(document.lines.map(\.unit) == ["box", "pcs"])
        #expect(ItemUnits.holdsADozen(Self.master.products[2]))
        #expect(!ItemUnits.holdsADozen(Self.master.products[3]))
    }

    /// "2包（每包10套）" of strings sold by the set is 20 sets; the unit written keeps no brackets.
    @Test func packsOfSetsAreCountedInSets() {
        #expect(ItemUnits.packContent("包（每包10套）")?.count == 10)
        #expect(ItemUnits.packContent("箱(24瓶)")?.inner == "瓶")
        #expect(ItemUnits.packContent("包") == nil)
        let document = Self.extract("民謠吉他弦 12-53  2包（每包10套）  ￥38/套")
        #expect(document.lines.first?.quantity == "20")
        #expect(document.lines.first?.unit == "set")
    }

    /// "Delivery by Friday, 23 October 2026": the date written, not the next Friday.
    @Test func aWeekdayBeforeItsDateIsThatDate() {
        let document = Self.extract("A4影印紙 20包\n\nDelivery by Friday, 23 October 2026 please.")
        #expect(document.requestedDeliveryDate == "2026-10-23")
    }

    /// A survey reply: the comment stops at the signer's name; "满分十分的话，我给九分" is a 9.
    @Test func aSurveyCommentEndsAtTheSignerAndTheScaleIsNoScore() {
        #expect(EmailReader.surveyComment("評分：★★★★☆\n送貨很準時，包裝再加強。\n\n林志豪\n明德國小\n總務處", signer: "林志豪") == "送貨很準時，包裝再加強。")
        #expect(SurveyReader.rating(in: "满分十分的话，我给九分。货到得很快。") == 9)
        #expect(SurveyReader.rating(in: "滿分！") == 10)
    }

    /// A file that gives no email address: the one customer on file with its phone and name.
    @Test func aBuyerWithoutEmailIsKnownByPhoneAndName() {
        #expect(Self.master.customer(phone: "04-2225-6093", name: "何志偉")?.company == "墨香文具書局")
        #expect(Self.master.customer(phone: "04-2225-6093", name: "別人") == nil)
        #expect(Self.master.customer(phone: "6093", name: nil) == nil)
        let csv = "墨香文具書局 進貨單\n進貨單號,MX-1151104-02,單據日期,2026/11/04\n聯絡人,何志偉,電話,04-2225-6093\n\n品名,單位,數量\n紅色原子筆,打,3\n"
        let context = ExtractionContext(master: Self.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let document = OrderExtractor(context: context).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.customer.company == "墨香文具書局")
        #expect(document.purchaseOrder == "MX-1151104-02")
        #expect(!document.issues.contains { $0.code == .missingCustomer }, "\(document.issues)")
    }

    /// The customer's own number after 進貨單 or 我司订单, not ours beside it.
    @Test func aShopsReceivingNumberAndOurOrderInChineseAreThePO() {
        let cancel = Self.extract("9月25日下的訂單 SO-2026-00794（本店進貨單 SX-1150925-03）請取消。")
        #expect(cancel.purchaseOrder == "SX-1150925-03")
        let change = Self.extract("我司订单 QY-2609-028（你们的单号 SO-2026-01378）收货地址需要更改。")
        #expect(change.purchaseOrder == "QY-2609-028")
    }

    /// A portal's "shipping" object gives the address in parts; its exportedAt is the file's date,
    /// against which a delivery date is checked (not the day the file is read).
    @Test func aPortalsShippingObjectAndItsExportDate() {
        let json = #"{"exportedAt": "2026-10-06T14:22:09+08:00", "buyer": {"email": "buyer@moxiang.example"}, "deliverBy": "2026-10-14", "shipping": {"recipient": "李俊傑", "address1": "高雄市苓雅區中正一路178號", "address2": "B1 倉庫"}, "items": [{"sku": "YS-WB-90120", "qty": 2}]}"#
        let context = ExtractionContext(master: Self.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let document = OrderExtractor(context: context).extract(bytes: Array(json.utf8), filename: "order.json", fileLabel: "order.json").document
        #expect(document.shipTo.address == "高雄市苓雅區中正一路178號, B1 倉庫")
        #expect(document.shipTo.recipient == "李俊傑")
        #expect(document.requestedDeliveryDate == "2026-10-14")
        #expect(!document.issues.contains { $0.code == .unusualDate }, "\(document.issues)")
    }

    /// A dozen of a product whose unit holds something else (a 1 kg bag, a 4-pack) is twelve
    /// units, no question; pieces of a bottled or blocked product are bottles or blocks.
    @Test func dozensOfAStatedPackAndPiecesOfSingleContainers() {
        let flour = Product(sku: "FL-1K", name: "Cake flour 1kg", aliases: ["低筋麵粉"], unit: "bag")
        let tips = Product(sku: "TIP", name: "Pipette tips", aliases: ["吸頭"], unit: "box")
        #expect(ItemUnits.statesOtherContent(flour))
        #expect(!ItemUnits.statesOtherContent(tips))
        #expect(!ItemUnits.statesOtherContent(Self.master.products[2]))
        #expect(ItemUnits.compatible("pcs", "bottle"))
        #expect(ItemUnits.compatible("件", "block"))
        #expect(!ItemUnits.compatible("pcs", "reel"))
        #expect(!ItemUnits.compatible("pcs", "box"))
    }
}

