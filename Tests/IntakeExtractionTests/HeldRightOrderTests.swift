import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Right orders the figure audit held for review without cause (a web form's number, a time
/// window, a declined item, a question about a code), and the misses it must still catch.
@Suite struct HeldRightOrderTests {
    static func covers(_ text: String, _ part: String) -> Bool {
        guard let range = text.range(of: part) else { return false }
        return (FigureAudit.contextRanges(in: text) + FigureAudit.setAsideClauses(in: text)).contains { $0.contains(range) || $0 == range }
    }

    @Test(arguments: [
        ("提交時間：2026-05-11 22:14 (GMT+8)", "GMT+8"),
        ("表單編號：WF-20260804-0032", "WF-20260804-0032"),
        ("Form ID:       order-form-v3", "order-form-v3"),
        ("Submission #:  20260323-0417", "20260323-0417"),
        ("Prices as per your quotation Q-2026-0519 in EUR", "Q-2026-0519"),
        ("DC receiving hours 8am-2pm.", "8am-2pm"),
        ("Delivery: 9:00am - 12:00nn", "12:00nn"),
        ("Payment on our usual 30-day credit account.", "30-day"),
        ("合计：¥23,600.00（含13%增值税）", "13%增值税"),
        ("安全帽 白色（EN 397） 20頂", "EN 397"),
        ("86型底盒 86×86×50 400个", "86×86×50"),
        ("热敏标签 | 40*30mm 1000张/卷 | 20 | 卷", "40*30mm"),
        ("乾洗手凝膠 500ml 一箱(24瓶)", "一箱(24瓶"),
        ("日抛隐形眼镜(30片装)", "(30片装"),
        ("決定訂購報價單的第 1,2,4,6 項", "第 1,2,4,6 項"),
        ("第 1 頁，共 1 頁", "共 1 頁"),
        ("Requested delivery: 03.07.2026 (CW 27)", "CW 27"),
        ("我们是广州粤味轩餐饮(共12家分店)", "12家分店"),
        ("Dock: Receiving Dock B1 (deliveries 09:00-16:00)", "Dock B1"),
        ("7. 路锥 70cm —— 这个先不要了，仓库还有", "70cm"),
        ("We'll skip the 180mm rotors this time; the workshop still has about 12 in stock.", "12"),
    ])
    func notAnOrdersFigure(_ text: String, _ part: String) {
        #expect(Self.covers(text, part), "\(part) in \(text)")
    }

    @Test(arguments: [
        ("HDMI 線 5米 x 8條", "8"),
        ("Gloves 10x12 pcs", "12"),
        ("Please add 5 boxes of gloves; skip the masks", "5"),
        ("Pricing as per your quote 9.50", "9.50"),
        ("4x6 thermal labels 4 rolls", "4 rolls"),
    ])
    func stillAFigure(_ text: String, _ part: String) {
        #expect(!Self.covers(text, part), "\(part) in \(text)")
    }

    @Test func aListOfNumbersJoinedByCommasIsReadPieceByPiece() {
        let line = "1. 5号足球 Strike 5,80个"
        let tokens = FigureAudit.tokens(in: line).flatMap { FigureAudit.splittingLists($0, in: line) }
        #expect(tokens.compactMap(\.value) == [1, 5, 5, 80])
        // A number with thousands stays whole.
        #expect(FigureAudit.tokens(in: "NT$1,850").flatMap { FigureAudit.splittingLists($0, in: "NT$1,850") }.compactMap(\.value) == [1850])
    }

    @Test func aColumnOfRowNumbersIsNoFigure() {
        #expect(TableOrderReader.numbersRows(["1", "2", "3"]))
        #expect(TableOrderReader.numbersRows(["10", "20", "30", "Prepared by: Tan"]))
        #expect(!TableOrderReader.numbersRows(["2", "3"]))
        #expect(!TableOrderReader.numbersRows(["12", "6", "30"]))
    }

    @Test func aQuestionAboutACodeHoldsNothingButACodeBesideACountDoes() {
        let question = PlainOrderMail.extract("A4影印紙 20箱\n釘書機 5台\n\n這批是給 SS2 新門市用的，型號 PRO-2200 的吹風機下次再訂。\n膠帶這次不用了，倉庫還有 3 箱。").document
        #expect(question.lines.count == 2)
        #expect(!question.issues.contains { $0.code == .unexplainedFigures }, "\(question.issues)")
        // "各 5": the count equals another item's, the code beside it was not read.
        let missed = PlainOrderMail.extract("A4影印紙 20箱\n釘書機 5台\nHP 206A 碳粉匣 黑色、藍色各 5").document
        #expect(missed.issues.contains { $0.code == .unexplainedFigures }, "\(missed.issues) \(missed.lines)")
    }

    /// A recipient with no address written relies on the address on file; a street address
    /// written and not read is for a person. Labels of numbered sections are labels.
    @Test func aRecipientAloneReliesOnTheAddressOnFile() {
        let alone = PlainOrderMail.extract("A4影印紙 20箱\n收件人：周文彬　電話：03-536-8920\n").document
        #expect(alone.shipTo.recipient == "周文彬")
        #expect(!alone.issues.contains { $0.code == .shipToUnclear }, "\(alone.issues)")
        let section = PlainOrderMail.extract("本局採購案（案號：EPB-115-IT-017）\n\nA4影印紙 20箱\n\n三、交貨地點：新竹市北區中正路128號3樓 資訊室\n    收件人：周文彬　電話：03-536-8920\n").document
        #expect(section.shipTo.address == "新竹市北區中正路128號3樓 資訊室")
        #expect(section.purchaseOrder == "EPB-115-IT-017")
        #expect(ShipToReader.looksLikeStreetAddress("新竹市北區中正路128號3樓"))
        #expect(ShipToReader.looksLikeStreetAddress("18 Jalan Burma, 10050 George Town"))
        #expect(!ShipToReader.looksLikeStreetAddress("3號尼龍拉鍊 20條"))
    }

    /// A product named in English with few Chinese aliases: the Chinese words its English name
    /// says are its own ("冷凍" of Frozen, "經典紅" of Classic Red), a price beside it is no word
    /// of it; a word the name does not say still makes the product a guess.
    @Test func wordsTheEnglishNameSaysArePartOfTheName() {
        let prawns = Product(sku: "PRW-2125", name: "Frozen Peeled Prawns 21/25 1kg", aliases: ["蝦仁 21/25"], unit: "bag")
        #expect(MissedItemChecks.unnamedWords("冷凍蝦仁 21/25", product: prawns) == nil)
        #expect(MissedItemChecks.unnamedWords("蝦仁 21/25 煙燻調味", product: prawns) != nil)
        let ribbon = Product(sku: "RIB-CH", name: "Organza Ribbon 38 mm Champagne (50 yd)", aliases: ["香檳色雪紗帶"], unit: "roll")
        #expect(MissedItemChecks.unnamedWords("香檳色雪紗帶 10卷 @HK$26", product: ribbon, quantity: "10") == nil)
    }

    /// A size before the count, a pack's content, a company's 零件 and a declined clause count
    /// no item; two counts of two products on a line that gave one still do.
    @Test func sizesPacksAndDeclinesCountNoItem() {
        let clean = PlainOrderMail.extract("恆達汽車零件 業務部 您好：\n\nA4影印紙 20箱\n釘書機 5台（每台附 1000入 釘書針）\n\n膠帶這次不用了，倉庫還有 3 箱。").document
        #expect(!clean.issues.contains { $0.code == .unreadQuantity }, "\(clean.issues)")
        let missed = PlainOrderMail.extract("A4影印紙 20箱，釘書機 5台，膠帶 8捲").document
        #expect(missed.lines.count == 3 || missed.issues.contains { $0.code == .unreadQuantity || $0.code == .unexplainedFigures }, "\(missed.issues)")
        #expect(FigureAudit.blankingContexts("HDMI線 (GMT+8) 5條").contains("5條"))
        #expect(!FigureAudit.blankingContexts("提交時間 (GMT+8)").contains("8"))
    }
}



