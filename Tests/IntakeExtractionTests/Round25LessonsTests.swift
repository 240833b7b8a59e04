import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 25 and 26's misses, each as a general rule.
@Suite struct Round25LessonsTests {
    /// A catalog that sells the same goods by the piece and by the carton, told apart by the
    /// pack word in brackets, with one customer.
    static let master = MasterData(products: [
        Product(sku: "CUP-P", name: "Paper Cup 8oz (sleeve of 50)", aliases: ["C8 paper cups (sleeve)", "紙杯（條）"], unit: "sleeve", unitPrice: 30, currency: "TWD"),
        Product(sku: "CUP-C", name: "Paper Cup 8oz (box of 20 sleeves)", aliases: ["C8 paper cups (box)", "紙杯（箱）"], unit: "box", unitPrice: 560, currency: "TWD"),
        Product(sku: "MSK-A", name: "Face Mask Adult (box of 50)", aliases: ["成人口罩"], unit: "box", unitPrice: 150, currency: "TWD"),
        Product(sku: "MSK-K", name: "Face Mask Kids (box of 50)", aliases: ["兒童口罩"], unit: "box", unitPrice: 120, currency: "TWD"),
        Product(sku: "LID-8", name: "Cup Lid 8oz", aliases: ["cup lids", "杯蓋"], unit: "sleeve", unitPrice: 25, currency: "TWD"),
    ], customers: [
        Customer(email: "buyer@teahouse.example", name: "Amy Lo", company: "Tea House", phone: "02-2345-6789", language: "zh-TW"),
    ])

    func extract(_ body: String, subject: String = "order", filename: String = "m.eml") -> OrderDocument {
        let message = """
        From: Amy Lo <buyer@teahouse.example>
        To: orders@desk.example
        Subject: \(subject)
        Date: Tue, 1 Dec 2026 10:00:00 +0800
        Message-ID: <r25-\(abs(body.hashValue))@teahouse.example>
        Content-Type: text/plain; charset=utf-8

        \(body)
        """
        let context = ExtractionContext(master: Self.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: Array(message.replacingOccurrences(of: "\n", with: "\r\n").utf8),
                                                        filename: filename, fileLabel: filename).document
    }

    /// 物料 heads the item column of a mainland purchasing sheet: the table is read by its header,
    /// so a size in the spec column (76×76) is no quantity.
    @Test func aTableHeadedWuLiaoTakesItsQuantitiesFromTheQuantityColumn() {
        let body = """
        5月份采购如下：

        物料 | 规格 | 数量 | 单位 | 备注
        成人口罩 | 76×76 白色 | 8 | 盒 |
        杯蓋 | 8oz | 12 | 條 | 急用
        """
        let document = extract(body)
        #expect(document.lines.map(\.sku) == ["MSK-A", "LID-8"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["8", "12"], "\(document.lines)")
    }

    /// "10K pcs" is ten thousand pieces; "10K" alone (a resistor's value) and a part number
    /// ending in K are left as they are.
    @Test func aCountInThousandsOfPiecesIsThePlainCount() {
        #expect(ItemQuantity.expandingThousands("C8 paper cups x 10K pcs") == "C8 paper cups x 10000 pcs")
        #expect(ItemQuantity.expandingThousands("杯蓋 2.5k 顆") == "杯蓋 2500 顆")
        #expect(ItemQuantity.expandingThousands("RC0603FR-0710KL 2 reels") == "RC0603FR-0710KL 2 reels")
        #expect(ItemQuantity.expandingThousands("10K resistor, 5 reels") == "10K resistor, 5 reels")
        let document = extract("Please send:\n- C8 paper cups (sleeve) x 10K pcs\n- Cup lids 8oz x 2 sleeves")
        #expect(document.lines.map(\.quantity) == ["10000", "2"], "\(document.lines)")
    }

    /// A buyer's PO sheet gives the buyer's own phone under 电话 and the delivery's under 收货电话
    /// in the ship-to block below: the delivery phone is the block's.
    @Test func theShipToBlocksPhoneBeatsAPlainPhoneAboveIt() {
        let body = """
        采购订单号: PO-7
        电话: 0592-5715230
        收货地址: 福建省厦门市海沧区新阳工业区阳光西路188号
        收货人: 林工
        收货电话: 139 0601 2345

        成人口罩 10盒
        """
        let document = extract(body)
        #expect(document.shipTo.phone == "139 0601 2345", "\(document.shipTo)")
        // Without a ship-to block: the delivery label still wins over the plain one before it.
        let lines = extract("电话: 0592-5715230\n收货电话: 139 0601 2345\n\n成人口罩 10盒")
        #expect(lines.shipTo.phone == "139 0601 2345", "\(lines.shipTo)")
    }

    /// The customer's PO in a sentence with 是 between the word and the number, and in a subject
    /// after the buyer's name; a quantity after a product name in a subject is no PO.
    @Test func aPurchaseOrderAfterIsOrAfterTheBuyersNameIsRead() {
        let sentence = extract("成人口罩 10盒\n這張單的採購單號一樣是 PO-HD2603-0117。")
        #expect(sentence.purchaseOrder == "PO-HD2603-0117")
        let subject = extract("成人口罩 10盒", subject: "下单：蓝芯微 LX-2603-021")
        #expect(subject.purchaseOrder == "LX-2603-021")
        let quantity = extract("请安排送货", subject: "订单：成人口罩 5000")
        #expect(quantity.purchaseOrder == nil, "\(quantity.purchaseOrder ?? "")")
    }

    /// A survey reply's comment is the customer's words as written (full-width punctuation kept),
    /// without the rating written before it or the sign-off under it.
    @Test func aSurveyCommentLeavesOutTheRatingAndTheSignOff() {
        #expect(EmailReader.surveyComment("5分\n\n出貨很快，包裝也很確實。\n\n王淑媛", signer: "王淑媛") == "出貨很快，包裝也很確實。")
        #expect(EmailReader.surveyComment("打3分吧。价格偏高，交期还可以。\n\n陈静", signer: "陈静") == "价格偏高，交期还可以。")
        #expect(EmailReader.surveyComment("8 - reels came without bags.\n\nWei Ming", signer: "Tan Wei Ming") == "reels came without bags.")
        // A last line that is the customer's words, not their name, stays.
        #expect(EmailReader.surveyComment("4\nGood service\nFast delivery", signer: "Amy Lo") == "Good service Fast delivery")
    }

    @Test func aNumberedItemKeepsALetterAndDigitNameAndItsPackWordInThePlural() {
        let document = extract("Please send:\n1. C8 paper cups 230ml - 6 boxes\n2. C8 paper cups 230ml - 4 sleeves\n3. Cup lids 8oz - 10 sleeves")
        #expect(document.lines.map(\.sku) == ["CUP-C", "CUP-P", "LID-8"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["6", "4", "10"])
    }

    @Test func aMessageTitledAnOrderFormIsAnOrderThoughItsPaymentNamesAQuotation() {
        let body = """
        ** 茶館線上訂購單 **
        聯絡人：羅小姐
        品項1：紙杯（箱） x 2 箱
        品項2：杯蓋 x 30 條（每條50個）
        付款方式：匯款（收到報價單後匯款）
        """
        let document = extract(body, subject: "網站訂單通知")
        #expect(document.kind == .order)
        #expect(document.lines.map(\.sku) == ["CUP-C", "LID-8"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["2", "30"], "a remark in brackets after the count")
        // Without the title, a quotation still makes it an inquiry.
        #expect(MessageClassifier.titledOrderForm(subject: "詢價", body: "請提供報價單\n訂購單隨後寄上") == false)
    }

    @Test func aPortalExportsDescriptionColumnNamesTheProductBesideTheBuyersOwnCodes() {
        #expect(TableHeader.compoundField("物料描述") == .product)
        let csv = "物料编码,物料描述,规格型号,单位,订单数量,含税单价\n900101,口罩,兒童 50入/盒,盒,20,120\n900102,口罩,成人 50入/盒,盒,8,150\n"
        let context = ExtractionContext(master: Self.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        let document = OrderExtractor(context: context).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        // "口罩" (two characters) is in both masks' names; the spec cell tells which.
        #expect(document.lines.map(\.sku) == ["MSK-K", "MSK-A"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["20", "8"])
    }

    @Test func aMonthAndDayInChineseNumeralsIsADate() {
        let resolver = DateResolver(reference: CalendarDate(year: 2026, month: 11, day: 25)!)
        #expect(resolver.resolve("請於十二月三日或之前送到") == .date(CalendarDate(year: 2026, month: 12, day: 3)!))
        #expect(resolver.resolve("一月二十號前交貨") == .date(CalendarDate(year: 2027, month: 1, day: 20)!))
        #expect(DateResolver.digitsForChineseDates("一百二十令，十二月三十一日") == "一百二十令，12月31日")
        #expect(DateResolver.digitsForChineseDates("十三月五日") == "十三月五日", "no thirteenth month")
        let document = extract("訂購兒童口罩二十盒。請於十二月十八日前送到本店。")
        #expect(document.requestedDeliveryDate == "2026-12-18")
    }

    @Test func pricesWrittenApartMayBeInNumeralsPerUnitOrForOne() {
        let body = """
        請安排以下物品：
        兒童口罩 20盒；成人口罩 8盒；杯蓋 30條。
        價錢方面，口罩按上月報價每盒港幣一百元，杯蓋22元一條。
        """
        let document = extract(body)
        #expect(document.lines.map(\.sku) == ["MSK-K", "MSK-A", "LID-8"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["20", "8", "30"], "22元一條 is a price for one, no count of one")
        #expect(document.lines.map(\.unitPrice) == ["100", "100", "22"])
        #expect(ItemPrices.pricePerOne("半罩118元一个，滤盒95元/对") == "半罩118元/个，滤盒95元/对")
    }

    @Test func aPostponementThatDropsOneItemIsAChangeAndNamesTheCustomersPO() {
        let body = "您好，SO-2026-00777（我方PO TH-CG-PO-2611-07）原定12月3日到货，麻烦推迟到12月10日再送，数量不变。\n杯盖那一项就不要了。"
        let document = extract(body, subject: "Re: 订单确认 SO-2026-00777")
        #expect(document.kind == .changeRequest, "the counts stay: the order does")
        #expect(document.purchaseOrder == "TH-CG-PO-2611-07")
        #expect(PurchaseOrderFinder.withoutUnopenedBracket("KS-2603-118)") == "KS-2603-118")
        #expect(PurchaseOrderFinder.withoutUnopenedBracket("KS-2603-118(A)") == "KS-2603-118(A)")
    }

    @Test func ofTwoDatesMovedToTheOneTheGoodsAreSentOnIsTheDelivery() {
        let resolver = DateResolver(reference: CalendarDate(year: 2026, month: 11, day: 30)!)
        let line = "活動延期一週（改為 12/15 至 12/16），原本 12/4 要送的杯子，請改到下週五再送"
        #expect(resolver.resolveRequested(line) == .date(CalendarDate(year: 2026, month: 12, day: 11)!))
        #expect(resolver.resolveRequested("原本 12/4 要送的杯子請改到 12/9") == .date(CalendarDate(year: 2026, month: 12, day: 9)!))
    }

    @Test func theDayOfNextMonthIsInNextMonth() {
        let resolver = DateResolver(reference: CalendarDate(year: 2026, month: 12, day: 1)!)
        #expect(resolver.resolve("Please deliver by the 20th of next month.") == .date(CalendarDate(year: 2027, month: 1, day: 20)!))
        #expect(resolver.resolve("下個月5號前送到") == .date(CalendarDate(year: 2027, month: 1, day: 5)!))
        #expect(resolver.resolve("by the 20th") == .date(CalendarDate(year: 2026, month: 12, day: 20)!))
    }

    @Test func aBracketAfterTheNameThatNoNameHoldsIsLeftToTellVariantsApart() {
        #expect(Self.master.product(matching: "紙杯（8安士）", context: "紙杯（8安士）三箱")?.sku == "CUP-C")
        #expect(Self.master.product(matching: "紙杯（8安士）", context: "紙杯（8安士）五條")?.sku == "CUP-P")
        #expect(Self.master.product(matching: "紙杯（8安士）")?.sku == nil, "nothing tells the two apart")
    }
}
