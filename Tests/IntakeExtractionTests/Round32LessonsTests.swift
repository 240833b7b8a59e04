import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 32 (office furniture) and 33 (physiotherapy supplies): what let wrong orders
/// through untouched, each as a general rule.
@Suite struct Round32LessonsTests {
    static let master = MasterData(products: [
        Product(sku: "KY-MO-5L", name: "Massage oil, unscented, 5 L bottle", aliases: ["按摩油 5L", "按摩油 5公升"], unit: "bottle", unitPrice: 2600, currency: "TWD"),
        Product(sku: "KY-FR-30", name: "Foam roller 30 cm", aliases: ["泡棉滾筒 30cm"], unit: "pcs", unitPrice: 380, currency: "TWD"),
        Product(sku: "JD-CM", name: "Chair mat 90x120", aliases: ["chair mat", "chair mats"], unit: "pcs", unitPrice: 260, currency: "TWD"),
        Product(sku: "JD-PP150", name: "Partition panel W100 x H150", aliases: ["partition panel 150"], unit: "pcs", unitPrice: 720, currency: "TWD"),
        Product(sku: "JD-KT", name: "Keyboard tray", aliases: ["鍵盤架"], unit: "pcs", unitPrice: 900, currency: "TWD"),
        Product(sku: "JD-INST", name: "On-site installation, per hour", aliases: ["現場安裝"], unit: "hr", unitPrice: 900, currency: "TWD"),
    ], customers: [Customer(email: "buyer@clinic.example", name: "林雅婷", company: "安平物理治療所", phone: "06-293-5821", language: "zh-TW", paymentMethod: .bankTransfer, shipTo: "台南市安平區1號")])

    static func extract(_ body: String) -> OrderDocument {
        PlainOrderMail.extract(body, from: "林雅婷 <buyer@clinic.example>", subject: "訂單", master: master, date: "Mon, 10 Aug 2026 10:00:00 +0800",
                               receivedAt: Date(timeIntervalSince1970: 1_786_000_000)).document
    }

    static func extractFile(_ text: String, name: String) -> OrderDocument {
        let context = ExtractionContext(master: master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: Date(timeIntervalSince1970: 1_786_000_000))
        return OrderExtractor(context: context).extract(bytes: Array(text.utf8), filename: name, fileLabel: name).document
    }

    /// "unit", 根 and a 5 L bottle's 桶 are the catalog's units.
    @Test func countingWordsOfTheCatalogsUnits() {
        let document = Self.extract("按摩油 5公升 2桶\n泡棉滾筒 30cm 10根")
        #expect(document.lines.map(\.unit) == ["bottle", "pcs"])
        #expect(ItemUnits.sameUnit("unit", "pcs"))
        #expect(ItemUnits.sameUnit("units", "pcs"))
        #expect(!ItemUnits.means("桶", unitOf: Product(sku: "GEL-250", name: "Ultrasound gel 250 ml bottle", unit: "bottle")))
    }

    /// A portal's "Net 30" with no method is paid on terms; its deliverTo with an attention line.
    @Test func termsWithoutAMethodAndAPortalsDeliverTo() {
        let json = #"{"buyer": {"email": "buyer@clinic.example"}, "paymentTerms": "Net 30", "deliverTo": {"attention": "Marcus Lim", "address1": "20 Kallang Avenue, #06-18", "address2": "Singapore 339411"}, "items": [{"sku": "KY-FR-30", "qty": 4}]}"#
        let document = Self.extractFile(json, name: "po.json")
        #expect(document.paymentMethod == .netTerms)
        #expect(document.shipTo.recipient == "Marcus Lim")
        #expect(document.shipTo.address == "20 Kallang Avenue, #06-18, Singapore 339411")
    }

    /// 採購單位 is the ordering office, not the unit counted; the 單位 column is.
    @Test func anOrderingOfficeIsNoUnitColumn() {
        let csv = "採購單號;採購單位;料號;品名;數量;單位\nXS-1;旭昇物流股份有限公司;KY-FR-30;泡棉滾筒;18;支\n"
        let document = Self.extractFile(csv, name: "po.csv")
        #expect(document.lines.first?.unit == "pcs")
        #expect(TableHeader.compoundField("採購單位") == nil)
    }

    /// "… goes up to 24 pcs. Item 3 (chair mats) is not needed": no chair mats.
    @Test func aDeclinedSentenceGivesNoItemToTheWholeLine() {
        let document = Self.extract("We confirm the following as quoted, but item 1 goes up to 24 pcs. Item 3 (chair mats) is not needed this time.\n\npartition panel 150 24 pcs")
        #expect(!document.lines.contains { $0.sku == "JD-CM" }, "\(document.lines)")
    }

    /// A sentence under the items is no cell of their rows: its figure must be explained itself.
    /// Where the catalog sells by the hour, hours are a count.
    @Test func aSentenceUnderTheItemsIsAuditedOnItsOwn() {
        let document = Self.extract("- 鍵盤架 × 4\n- 泡棉滾筒 30cm × 10\n升降桌請派師傅來，抓 4 小時。")
        #expect(document.issues.contains { $0.code == .unexplainedFigures } || document.lines.contains { $0.sku == "JD-INST" }, "\(document.issues)")
    }

    /// "希望下週五前到貨，地址：…（聯絡人 陳冠宇 0928-551-302）": the label after a sentence, the
    /// contact in brackets.
    @Test func anAddressLabelAfterASentenceAndItsContactInBrackets() {
        let document = Self.extract("鍵盤架 4個\n希望下週五前到貨，地址：台北市信義區松仁路58號12樓（聯絡人 陳冠宇 0928-551-302）。")
        #expect(document.shipTo == .init(recipient: "陳冠宇", address: "台北市信義區松仁路58號12樓", phone: "0928-551-302"))
    }
}
