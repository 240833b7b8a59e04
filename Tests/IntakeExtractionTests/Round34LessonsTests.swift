import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 34 (pharmacy) and 35 (AV equipment): names shown with their shop, complaints
/// about goods that do not work, another batch in reply to a confirmation, hours of service.
@Suite struct Round34LessonsTests {
    @Test(arguments: [
        ("明德藥局 張雅婷", "張雅婷", "明德藥局"),
        ("佳和連鎖藥局 採購部 林佩君", "林佩君", "佳和連鎖藥局"),
        ("梁家豪 (藥健坊)", "梁家豪", nil),
        ("Rachel Tan (Greenleaf Pharmacy Pte Ltd)", "Rachel Tan", "Greenleaf Pharmacy Pte Ltd"),
        ("張雅婷", "張雅婷", nil),
        ("Wang Xiaoming", "Wang Xiaoming", nil),
    ] as [(String, String, String?)])
    func aDisplayNameGivesThePersonAndTheOrganisation(_ display: String, _ name: String, _ company: String?) {
        let split = DisplayName.split(display)
        #expect(split.name == name)
        #expect(split.company == company)
    }

    func kind(_ body: String, subject: String, reference: String? = "SO-2026-01212", thread: MessageKind? = nil, hasLines: Bool = true) -> MessageKind {
        MessageClassifier().classify(message: nil, sender: "buyer@shop.example", subject: subject, body: body, hasLines: hasLines,
                                     orderReference: reference, threadKind: thread).kind
    }

    @Test func goodsThatDoNotWorkAndWhatCameInsteadAreComplaints() {
        #expect(kind("2 of the 6 ET-200 ear thermometers show error code E3 and cannot take a reading. Please arrange two replacement units.",
                     subject: "Faulty ear thermometers - SO-2026-01212") == .complaint)
        #expect(kind("今天收到的貨有兩個問題：75%酒精 4L 訂 6 桶，只來了 3 桶。請儘快補送少的 3 桶。", subject: "到貨有問題 SO-2026-01248") == .complaint)
    }

    @Test func anotherBatchInReplyToAConfirmationIsANewOrder() {
        #expect(kind("再跟你們叫一批，品項跟上次差不多，數量有調整：\n魚油 60粒 12瓶", subject: "Re: 安和保健 訂單確認通知", reference: "SO-2026-01150", thread: .order) == .order)
    }

    @Test func aFirstOrderThatAsksForTheQuotationIsStillAnOrder() {
        #expect(kind("我們想跟貴公司開始叫貨，第一次先訂少量看看：\n手臂式血壓計 3台\n請把報價單和匯款帳號寄給我。", subject: "新客戶訂購", reference: nil) == .order)
    }

    /// "安裝工時 8 小時" is a count of hours; 小時 is the catalog's hour.
    @Test func hoursOfServiceAreACount() {
        #expect(ItemUnits.sameUnit("小時", "hour"))
        #expect(ItemUnits.sameUnit("hr", "hour"))
        #expect(ItemQuantity.quantity(in: "安裝工時 8 小時")?.0 == 8)
    }

    /// A deadline the delivery rules did not read is for a person; one they read is the date.
    @Test func aDateToComeThatNoFieldReadsIsAnIssue() {
        let unread = PlainOrderMail.extract("A4影印紙 20箱\n釘書機 2台\n\n希望12月18日（五）前裝好。").document
        #expect(unread.requestedDeliveryDate == nil)
        #expect(unread.issues.contains { $0.code == .unreadDate }, "\(unread.issues)")
        let read = PlainOrderMail.extract("A4影印紙 20箱\n釘書機 2台\n\n希望12月18日（五）前完成安裝。").document
        #expect(read.requestedDeliveryDate == "2026-12-18")
        #expect(!read.issues.contains { $0.code == .unreadDate })
    }
}

/// Blind rounds 36 (tableware) and 37 (solar): classifiers of the catalog's single units, a
/// catalog SKU beside a count that gave no item, a supplier's label above the recipient.
@Suite struct Round36LessonsTests {
    @Test func aClassifierCountsTheCatalogsSingleUnit() {
        let film = Product(sku: "HT-CF-30", name: "Cling film 30 cm", unit: "roll")
        let rail = Product(sku: "SR-RL-42", name: "Mounting rail 4.2 m", unit: "length")
        let visit = Product(sku: "SR-SVC-SURVEY", name: "Site survey visit", unit: "visit")
        let cups = Product(sku: "HT-CP-CS", name: "Paper cup, case of 1,000", unit: "case")
        let cable = Product(sku: "SR-CB-4R", name: "PV cable 4 mm², 100 m roll", unit: "roll")
        #expect(ItemUnits.means("支", unitOf: film))
        #expect(ItemUnits.means("支", unitOf: rail))
        #expect(ItemUnits.means("次", unitOf: visit))
        #expect(!ItemUnits.means("條", unitOf: cups))
        #expect(!ItemUnits.means("米", unitOf: cable))
        #expect(!ItemUnits.means("組", unitOf: Product(sku: "V100", name: "Visitor chair", unit: "pcs")))
        #expect(ItemUnits.sameUnit("rl", "roll"))
        #expect(ItemUnits.sameUnit("len", "length"))
    }

    @Test func aCatalogProductBesideACountThatGaveNoItemIsUnexplained() {
        #expect(FigureAudit.namesWithACount("SR-SVC-COMM　併網試運轉　2天"))
        #expect(!FigureAudit.namesWithACount("Last time you quoted us RM 9.50 per tube for the 75ml acrylics, hope that still holds."))
        let document = PlainOrderMail.extract("A4影印紙 20箱\n釘書機 2台\n釘書機 安裝 2天\n\n謝謝").document
        #expect(document.lines.count == 3 || document.issues.contains { $0.code == .unexplainedFigures }, "\(document.issues)")
    }

    @Test func aSuppliersLabelAboveTheContactIsNoAddress() {
        let lines = ["廠商: 日嶺太陽能零組件有限公司 交貨日期 115/06/15", "聯絡人: 黃志偉"].enumerated().map { TextLine(text: $0.element, location: "row \($0.offset + 1)") }
        #expect(ShipToFieldReader.addressAbove(1, in: lines) == nil)
    }

    /// "2 pallets" of a product sold by the piece whose name says "pallet = 31 pcs": 62 pieces;
    /// "2盒" of tape sold by the roll, "(6 rolls to a box)": 12 rolls; "case of 500" of a product
    /// sold by the case says what the case holds and changes nothing.
    @Test func aContainerTheCatalogNameCountsIsCountedInTheCatalogsUnit() {
        let module = Product(sku: "SR-MOD-410", name: "PV module 410 W (sold per piece; pallet = 31 pcs)", unit: "pcs")
        let tape = Product(sku: "KY-KT-PK-R", name: "Kinesiology tape, pink, per roll (6 rolls to a box)", unit: "roll")
        let shampoo = Product(sku: "AM-SHP-30", name: "Hotel Shampoo 30ml (case of 500)", unit: "case")
        #expect(ItemUnits.content(of: "pallet", in: module) == 31)
        #expect(ItemUnits.content(of: "盒", in: tape) == 6)
        #expect(ItemUnits.content(of: "carton", in: shampoo) == 500)
        let master = MasterData(products: [module, tape, shampoo], customers: [])
        let context = ExtractionContext(master: master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: Date(timeIntervalSince1970: 1_786_000_000))
        let body = "From: b@x.example\r\nSubject: PO\r\nDate: Mon, 10 Aug 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPV module 410 W - 2 pallets\r\nHotel Shampoo 30ml - 10 cartons\r\n"
        let document = OrderExtractor(context: context).extract(bytes: Array(body.utf8), filename: "m.eml", fileLabel: "m.eml").document
        #expect(document.lines.first?.quantity == "62", "\(document.lines)")
        #expect(document.lines.first?.unit == "pcs")
        #expect(document.lines.last?.quantity == "10", "\(document.lines)")
    }

    /// Round 38 (books): a bookseller's columns (書名, ISBN), copies and seats, a person by title.
    @Test func aBooksellersColumnsAndAPersonByTitle() {
        #expect(TableHeader.columns(forHeader: ["序号", "书名", "ISBN", "数量", "单位"]) != nil)
        #expect(ItemUnits.sameUnit("copies", "copy"))
        #expect(ItemUnits.sameUnit("seats", "seat"))
        if case .recipient = ShipToReader.piece("Mr. Lam Chi Ho (Library)", at: .block) {} else {
            Issue.record("a title and a name is the recipient")
        }
    }

    /// Round 39 (pumps): the box of a three-part SKU's family, the bag of this very product, a
    /// warranty claim about a leaking pump.
    @Test func aFamilysBoxAPacksOwnSKUAndAWarrantyClaim() {
        let roll = Product(sku: "HL-PT-ROLL", name: "PTFE tape, per roll", unit: "roll")
        let box = Product(sku: "HL-PT-BOX10", name: "PTFE tape, box of 10 rolls", unit: "box")
        let elbow = Product(sku: "HL-PVC-EL15", name: "PVC elbow 1/2 in", unit: "pcs")
        let elbows = Product(sku: "HL-PVC-EL15-B10", name: "PVC elbow 1/2 in, bag of 10", unit: "bag")
        let tee = Product(sku: "HL-PVC-TE15-B10", name: "PVC tee 1/2 in, bag of 10", unit: "bag")
        let products = [roll, box, elbow, elbows, tee]
        #expect(OrderFinisher.siblingSoldBy("盒", of: roll, among: products)?.sku == "HL-PT-BOX10")
        #expect(OrderFinisher.siblingSoldBy("包", of: elbow, among: products)?.sku == "HL-PVC-EL15-B10")
        let verdict = MessageClassifier().classify(message: nil, sender: "a@b.example", subject: "離心泵漏水 請派人維修（SO-2026-00118）",
                                                   body: "二月初買的 1HP離心泵 2台，其中1台軸封處一直漏水，現在已經停機。還在保固期內，請盡快派人來廠維修。",
                                                   hasLines: true, orderReference: "SO-2026-00118", threadKind: nil)
        #expect(verdict.kind == .complaint)
    }
}



