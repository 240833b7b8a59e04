import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Every figure in an order's own text must be explained by a field or by a context that is not
/// an order's; what is left is `unexplained_figures`, which keeps the order out of auto-approval.
@Suite struct FigureAuditTests {
    func extract(_ body: String) -> Extraction { PlainOrderMail.extract(body) }


    func unexplained(_ extraction: Extraction) -> [String] {
        extraction.origins.filter { $0.field == "unexplained" }.map(\.rule)
    }

    @Test func aDiscountNoFieldHoldsKeepsTheOrderForAPerson() throws {
        let extraction = extract("Hello,\n- 20 x A4 copy paper @ 650.00\nPlease apply the 5% discount we agreed.\nThanks\nChen Wei")
        let issue = try #require(extraction.document.issues.first { $0.code == "unexplained_figures" })
        #expect(issue.message.contains("\"5\""), "\(issue.message)")
        #expect(extraction.document.confidence < 0.95)
        #expect(unexplained(extraction).count == 1)
    }

    @Test func anItemTheRulesDidNotReadIsCaughtByItsFigures() throws {
        // "HB-9 pencil" is not in the catalog: in a list of items it is a line without a SKU
        // (unknown_sku); written in a sentence no line is read, and its count is a figure
        // nothing explains.
        let listed = extract("Hi,\nA4 copy paper 10 boxes\nalso HB-9 pencil x 40\nThanks")
        #expect(listed.document.lines.map(\.sku) == ["PAP-A4-80", nil])
        #expect(listed.document.issues.contains { $0.code == "unknown_sku" }, "\(listed.document.issues)")
        let prose = extract("Hi,\nA4 copy paper 10 boxes\n\nCould you also add the HB-9 pencils, 40 of them, if you have any.\nThanks")
        #expect(prose.document.lines.count == 1)
        #expect(prose.document.issues.contains { $0.code == "unexplained_figures" }, "\(prose.document.issues)")
    }

    @Test func billingPackSizesLanesAndTimesAreNotOrderFigures() {
        let body = """
        您好，
        1. A4影印紙 10箱 (500張/包)
        請於上午7:30前送達，卸貨請走後門(興隆路一段196巷)。
        發票寄送：台北市大安區復興南路一段200號 財務部 0571-8765-4300
        如有問題請致電 2777 0088。
        """
        #expect(unexplained(extract(body)).isEmpty, "\(unexplained(extract(body)))")
    }

    @Test func datesTimesPhonesAndTheSignatureExplainThemselves() {
        let body = """
        Hi,
        A4 copy paper 10 boxes
        HP 26A toner 2 pcs
        Ship to: 5F, No. 88, Sec. 3, Nanjing E. Rd, Taipei 104
        Please deliver by 2026-12-10 between 9:30 and 11am, within 3 working days if you can.
        Questions: call 02-2712-3456.

        Best regards,
        Chen Wei
        Hsinyi Tech, 12F, No. 7, Xinyi Rd, Taipei 110
        """
        let extraction = extract(body)
        #expect(extraction.document.lines.count == 2)
        #expect(unexplained(extraction).isEmpty, "\(unexplained(extraction))")
        #expect(!extraction.document.issues.contains { $0.code == "unexplained_figures" })
    }

    @Test func pricesLineTotalsAndTheOrderTotalAreExplained() {
        let body = """
        1. A4 copy paper 10 boxes @ 650 = 6,500
        2. HP 26A toner 2 pcs @ 2,980 = 5,960
        Total: 12,460
        """
        let extraction = extract(body)
        #expect(extraction.document.lines.map(\.unitPrice) == ["650", "2980"])
        #expect(unexplained(extraction).isEmpty, "\(unexplained(extraction))")
    }

    @Test func aTotalThatDoesNotAddUpIsUnexplained() {
        let extraction = extract("1. A4 copy paper 10 boxes @ 650\n2. HP 26A toner 2 pcs @ 2,980\nTotal: 15,000")
        #expect(unexplained(extraction).contains { $0.contains("15,000") }, "\(unexplained(extraction))")
    }

    @Test func sizesInBracketsAndUnitsOnTheItemLineDescribeTheProduct() {
        let extraction = extract("您好，\nA4影印紙(80磅)×10箱\n透明膠帶 18mm 十捲\n謝謝")
        #expect(extraction.document.lines.count == 2)
        #expect(unexplained(extraction).isEmpty, "\(unexplained(extraction))")
    }

    @Test(arguments: ["Ordering the usual.\nA4 copy paper 10 boxes\nPlease deduct 1,200 for the damaged box last time.", "A4 copy paper 10 boxes\nsplit into 4 deliveries"])
    func aFigureWithNoOrderMeaningStillGoesToAPerson(_ body: String) {
        #expect(!unexplained(extract(body)).isEmpty)
    }

    /// The audit looks at the sender's own words only: quoted history is not read.
    @Test func quotedHistoryIsNotAudited() {
        let body = """
        A4 copy paper 10 boxes please.

        On Mon, 30 Nov 2026 at 10:00, Desk <orders@desk.example> wrote:
        > Your order SO-2026-00012: 7 boxes at 650, total 4,550
        """
        #expect(unexplained(extract(body)).isEmpty)
    }
}

/// Counts written in words and list lines that gave no item are figures too.
@Suite struct WordCountAuditTests {
    func unexplained(_ body: String) -> [String] {
        PlainOrderMail.extract(body).origins.filter { $0.field == "unexplained" }.map(\.rule)
    }

    @Test func aDozenOfSomethingUnreadIsCaught() {
        let rules = unexplained("Please send 10 boxes of A4 copy paper and a dozen whiteboard wipers.\nThanks")
        #expect(rules.contains { $0.contains("a dozen") }, "\(rules)")
    }

    @Test func aChineseCountOfAnUnreadItemIsCaught() {
        let rules = unexplained("您好，\nA4影印紙 10箱\n\n另外白板擦也要二十個，謝謝")
        #expect(rules.contains { $0.contains("二十個") }, "\(rules)")
    }

    @Test func aListLineThatGaveNoItemIsCaught() {
        // 面 is no counter the rules know: the line's count is unread, and its list says it is an item.
        let rules = unexplained("您好，\n1. A4影印紙 10箱\n2. 白板 三面\n謝謝")
        #expect(rules.contains { $0.contains("白板") }, "\(rules)")
    }

    @Test func wordCountsThatAreReadOrAreDurationsAreExplained() {
        #expect(unexplained("Please send ten boxes of A4 copy paper within two weeks.\nThanks").isEmpty)
    }
}

/// Fewer false alarms on right orders, and one more miss caught.
@Suite struct FigureAuditContextTests {
    func unexplained(_ body: String) -> [String] {
        PlainOrderMail.extract(body).origins.filter { $0.field == "unexplained" }.map(\.rule)
    }

    @Test(arguments: [
        "Bill To:\nHsinyi Tech, Accounts Payable\nRoom 1608, 16/F, Tower 1\n\nA4 copy paper 10 boxes\nShip to: 5F, No. 88, Sec. 3, Nanjing E. Rd, Taipei 104",
        "A4 copy paper 10 boxes\nReceiving hours Mon-Fri 9:00-17:00, we will not take the 12L boxes this time.",
        "A4 copy paper 10 boxes, 80 gsm\nHP 26A toner 2 pcs, 500 mL",
        "您好，\nA4影印紙 10箱\n藍色中性筆(三打入) 2盒\n謝謝",
    ])
    func contextsThatAreNoOrdersFigures(_ body: String) {
        #expect(unexplained(body).isEmpty, "\(unexplained(body))")
    }

    @Test func aPriceThatLooksLikeADayIsStillAPrice() {
        // "9.8" could be 9 August; after 人民币 and before 元 it is the price, read as one or left unexplained.
        let body = "A4影印紙 八百箱，按上次报价每个人民币9.8元\n謝謝"
        let extraction = PlainOrderMail.extract(body)
        #expect(extraction.document.requestedDeliveryDate == nil)
        #expect(extraction.document.lines.map(\.unitPrice) == ["9.8"])
        #expect(extraction.document.currency == "CNY")
    }

    @Test func aLineNamingAProductBetweenItemLinesIsUnexplained() {
        #expect(!unexplained("您好：\nA4影印紙 10箱\nHP 26A碳粉匣 一次\n釘書機 3台\n謝謝").isEmpty)
    }

    @Test func dozensCountTwelveInTheLineTotal() {
        #expect(unexplained("藍色中性筆 2打 單價45 金額1,080\n謝謝").isEmpty)
    }
}
