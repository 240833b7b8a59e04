import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 23 and 24's misses, each as a general rule.
@Suite struct Round23LessonsTests {
    /// The example catalog with one more customer, in Singapore, whose language names no region.
    static let master = MasterData(products: ExampleInboxTests.master.products,
                                   customers: Array(ExampleInboxTests.master.customers.values) + [
                                       Customer(email: "ops@lioncity.example", name: "Darren Tan", company: "Lion City Rides",
                                                phone: "+65 6745 2210", language: "en"),
                                   ])

    func extract(_ message: String, filename: String = "m.eml") -> Extraction {
        let context = ExtractionContext(master: Self.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: Array(message.replacingOccurrences(of: "\n", with: "\r\n").utf8),
                                                        filename: filename, fileLabel: filename)
    }

    @Test func specLabelsJoinedInOneHeaderAreStillASpecColumn() {
        #expect(TableHeader.isSpecLabel("size / spec"))
        #expect(TableHeader.isSpecLabel("规格/颜色"))
        #expect(TableHeader.isSpecLabel("size & colour"))
        #expect(!TableHeader.isSpecLabel("size / qty"), "a quantity is no spec")
        #expect(!TableHeader.isSpecLabel("remarks"))
        // The size in its own column tells A4 from A3 paper.
        let document = PlainOrderMail.extract("Item\tDescription\tSize / Spec\tQty\n1\tCopy paper 80gsm\tA3\t4\n2\tCopy paper 80gsm\tA4\t10").document
        #expect(document.lines.map(\.sku) == ["PAP-A3-80", "PAP-A4-80"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["4", "10"])
    }

    @Test func theCustomersCountryOrdersDayAndMonthEvenBeforeTheBuyerIsSettled() {
        let message = """
        From: Darren Tan <ops@lioncity.example>
        To: orders@desk.example
        Subject: PO 52
        Date: Tue, 1 Dec 2026 10:00:00 +0800
        Message-ID: <sg-date@lioncity.example>
        Content-Type: text/plain; charset=utf-8

        Please send 10 boxes of A4 copy paper.
        Delivery date: 08/01/2027
        """
        let document = extract(message).document
        #expect(document.requestedDeliveryDate == "2027-01-08", "a Singapore phone on file: day first")
        #expect(document.issues.contains { $0.code == "ambiguous_date" }, "read by the country alone, a person confirms it")
        // A customer whose phone is in the United States writes the month first.
        let us = PlainOrderMail.extract("Please ship 12 rolls of clear tape. We need them on 02/03/2027.",
                                        from: "Sarah Miller <purchasing@northwind.example>").document
        #expect(us.requestedDeliveryDate == "2027-02-03")
        #expect(us.issues.contains { $0.code == "ambiguous_date" })
    }

    @Test func aRowOfLabelsAndValuesSplitsAtEveryLabelKnownOrNot() {
        #expect(TablePrelude.labelledRow(["Supplier:", "Fengyuan Cycle Parts", "", "Required Date:", "30/06/2026"])
                == ["Supplier: Fengyuan Cycle Parts", "Required Date: 30/06/2026"])
        #expect(TablePrelude.labelledRow(["訂單編號: KW-2604-07", "", "交貨日期: 2026/05/08", "付款: 銀行轉賬"])
                == ["訂單編號: KW-2604-07", "交貨日期: 2026/05/08", "付款: 銀行轉賬"])
        // A label and a value that reads like a label (a payment word) stay one field.
        #expect(TablePrelude.labelledRow(["付款方式", "微信支付"]) == ["付款方式: 微信支付"])
    }

    @Test func theShipToTypedInTheMailOutranksTheAttachmentsForm() {
        let csv = "採購單號：KW-01,,\n送貨地點：午餐廚房（大明路5號）,,\n品名,數量,單位\nA4影印紙,10,箱\n"
        let message = """
        From: Chen Wei <chen.wei@hsinyi-tech.com.tw>
        To: orders@desk.example
        Subject: PO KW-01
        Date: Tue, 1 Dec 2026 10:00:00 +0800
        Message-ID: <att-shipto@hsinyi.example>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain; charset=utf-8

        訂單如附件。
        送貨地點：臺中市大里區大明路102巷5號
        --b
        Content-Type: text/csv; charset=utf-8
        Content-Disposition: attachment; filename="po.csv"

        \(csv)
        --b--
        """
        let document = extract(message).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(document.purchaseOrder == "KW-01", "the form's other fields are still read")
        #expect(document.shipTo.address == "臺中市大里區大明路102巷5號")
    }

    @Test func aTableRowsWordsNoProductHasAreLeftOutOfALastGuess() {
        let matcher = FuzzyProductMatcher(products: [
            Product(sku: "BT-36", name: "E-bike Battery 36V 10.4Ah", aliases: ["36V 10.4Ah鋰電池"]),
            Product(sku: "BT-48", name: "E-bike Battery 48V 14Ah", aliases: ["48V 14Ah鋰電池"]),
            Product(sku: "RT-203", name: "Disc Rotor 203mm 6-bolt", aliases: ["203mm碟片"]),
            Product(sku: "RT-160", name: "Disc Rotor 160mm 6-bolt", aliases: ["160mm碟片"]),
        ])
        #expect(matcher.guess("電動車鋰電池 36V 10.4Ah") == nil, "電動車 is no word of the catalog's")
        #expect(matcher.guess("電動車鋰電池 36V 10.4Ah", ignoringUnknown: true)?.product.sku == "BT-36")
        #expect(matcher.guess("碟片 203mm 六钉", ignoringUnknown: true)?.product.sku == "RT-203")
        // Mostly words no product has: no guess.
        #expect(matcher.guess("電動機車充電器 48V 2A", ignoringUnknown: true) == nil)
        // Nothing unknown: the plain guess already decided.
        #expect(matcher.guess("203mm碟片", ignoringUnknown: true) == nil)
    }

    @Test func aWebFormsItemsCountsAfterTimesAndItsSubmissionDay() {
        #expect(LabelledItemReader.countAfterTimes("36V 10.4Ah 锂电池 × 10")! == ("36V 10.4Ah 锂电池", "10", nil))
        #expect(LabelledItemReader.countAfterTimes("树脂碟刹片 B01S x 40 副")! == ("树脂碟刹片 B01S", "40", "副"))
        #expect(LabelledItemReader.countAfterTimes("Road tyre 700x25") == nil, "a size is no count")
        #expect(LabelledItemReader.countAfterTimes("Road tyre 700x25C") == nil)
        // Hostile: a value of thousands of "x 1" is no form item, and is not searched at length.
        #expect(LabelledItemReader.countAfterTimes(String(repeating: "x 1 ", count: 30_000) + "× 10") == nil)
        let form = """
        公司名称：成都蓉骑电动车有限公司
        联系人：何俊
        手机：18628047731
        邮箱：hejun@rongqi.example
        提交时间：2026-06-08 22:41:13
        产品1：A4复印纸 × 10 箱
        产品2：订书机 x 2
        期望到货日期：6月20日前
        收货地址：四川省成都市新都区工业大道东段399号
        收货人：何先生
        """
        let document = extract(form, filename: "form.txt").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "STP-24-6"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["10", "2"])
        #expect(document.requestedDeliveryDate == "2026-06-20", "counted from the day the form was sent, not the day it was read")
        #expect(document.customer.name == "何俊", "a sender not on file: the contact is the customer")
        #expect(document.shipTo.recipient == "何先生", "a recipient label outranks the contact")
    }

    @Test func aClauseOfOnlyAVariantTakesThePreviousItemsFamily() {
        let master = MasterData(products: [
            Product(sku: "HM-M-WH", name: "Urban Helmet M White", aliases: ["安全帽 M 白"]),
            Product(sku: "HM-L-BK", name: "Urban Helmet L Black", aliases: ["安全帽 L 黑"]),
            Product(sku: "HM-S-WH", name: "Urban Helmet S White", aliases: ["安全帽 S 白"]),
            Product(sku: "LT-REAR", name: "Rear Light", aliases: ["尾燈"]),
        ], customers: [])
        let parser = ItemLineReader(master: master)
        let lines = parser.parseItemLines([TextLine(text: "要叫安全帽 M白10頂、L黑6頂、S白4頂，尾燈30個", location: "body line 1")])
        #expect(lines.map(\.line.sku) == ["HM-M-WH", "HM-L-BK", "HM-S-WH", "LT-REAR"])
        #expect(lines.map(\.line.quantity) == ["10", "6", "4", "30"])
        // Not across lines, and not for a clause of other words.
        let apart = parser.parseItemLines([TextLine(text: "安全帽 M白10頂", location: "body line 1"), TextLine(text: "L黑6頂", location: "body line 2")])
        #expect(apart.first?.line.sku == "HM-M-WH")
        #expect(!apart.contains { $0.line.sku == "HM-L-BK" }, "a line of its own is not read as the line above's family")
        let sentence = parser.parseItemLines([TextLine(text: "安全帽 M白10頂、上次送來的那批有6頂破損", location: "body line 1")])
        #expect(sentence.map(\.line.sku) == ["HM-M-WH"])
    }

    @Test func aPriceSaidToFollowAnAgreementNamesItsItemBeforeTheAgreement() {
        let phrases = PricedPhrase.phrases(in: "价格方面：花菇按上次谈好的人民币150元/斤")
        #expect(phrases.map(\.phrase) == ["花菇"])
        #expect(phrases.first?.price == 150)
        let document = PlainOrderMail.extract("A4复印纸 10箱\n订书机 2个\n\n价格方面：复印纸按上次谈好的560元/箱，其他的照价目表。").document
        #expect(document.lines.map(\.unitPrice) == ["560", nil], "\(document.lines)")
    }

    @Test(arguments: [("普洱生餅 14餅", "14", "餅"), ("dried scallops 5 lb", "5", "lb"), ("raw pu-erh x 3 cakes", "3", "cake"), ("花膠 10兩", "10", "兩"), ("兩包冬菇", "2", "包")])
    func teaCakesPoundsAndTaelsAreUnits(_ text: String, _ quantity: String, _ unit: String) throws {
        let (count, written) = try #require(ItemQuantity.quantity(in: text))
        #expect(DecimalText.format(count) == quantity)
        #expect(ItemUnits.normalizeUnit(written) == unit)
    }

    @Test func aCorrectionLaterInTheMailRecountsItsItemAndExplainsItsFigures() {
        let extraction = PlainOrderMail.extract("A4影印紙 3箱\n釘書機 2台\n\n謝謝\n\n\n唔好意思寫錯，影印紙要5箱唔係3箱。")
        let document = extraction.document
        #expect(document.lines.map(\.quantity) == ["5", "2"], "\(document.lines)")
        #expect(!document.issues.contains { $0.code == "unread_quantity" || $0.code == "unexplained_figures" }, "\(document.issues)")
        // A count in a correction that no item has is still unexplained.
        let unread = PlainOrderMail.extract("A4影印紙 3箱\n釘書機 2台\n\n謝謝\n\n\n唔好意思寫錯，要7箱唔係3箱。").document
        #expect(unread.issues.contains { $0.code == "unread_quantity" || $0.code == "unexplained_figures" }, "\(unread.issues)")
    }

    @Test func anAnswerNumberedAsItsQuestionIsRatedByItsWords() {
        let legend = "1. 整體而言，您滿意嗎？\n   1 非常不滿意 / 2 不滿意 / 3 一般 / 4 滿意 / 5 非常滿意\n2. 其他意見："
        #expect(SurveyReader.rating(in: "1. 非常滿意\n2. 送貨準時。", scale: 5, legend: legend) == 5)
        #expect(SurveyReader.rating(in: "1. 一般\n2. 慢了兩天", scale: 10, legend: legend) == 3, "the survey's own legend, whatever the scale")
        // A number opening the reply is still the rating.
        #expect(SurveyReader.rating(in: "3, the boxes were dented", scale: 5) == 3)
        #expect(SurveyReader.rating(in: "4. 準時送到", scale: 5, legend: legend) == 4)
    }
}

extension Round23LessonsTests {
    @Test func aNameWrittenInAnotherWordOrderTellsTwoCloseProductsApart() {
        let matcher = FuzzyProductMatcher(products: [
            Product(sku: "DON-CT", name: "Dried Shiitake (Dong Gu) 3-4cm (per catty)", aliases: ["dong gu 3-4cm"]),
            Product(sku: "DON-BOX", name: "Dried Shiitake (Dong Gu) 3-4cm 5 lb Box", aliases: ["dong gu 5lb box"]),
        ])
        #expect(matcher.guess("3-4cm dong gu")?.product.sku == "DON-CT", "every word of one name, in another order")
        #expect(matcher.guess("dried shiitake 3-4cm") == nil, "words both names share tell neither")
    }

    @Test func aWebShopsBareCardIsACardPayment() {
        #expect(PaymentParser.method(in: "card") == .creditCard)
        #expect(PaymentParser.method(in: " Card ") == .creditCard)
        #expect(PaymentParser.method(in: "card holder name on the delivery note") == nil, "only the bare word as a whole value")
    }

    @Test func theCustomersOwnOrderNumberBesideOursOrInASentence() {
        let beside = PlainOrderMail.extract("麻煩取消以下訂單：\n貴司單號：SO-2026-01178（我方PO：KE-2605-09）\n謝謝").document
        #expect(beside.purchaseOrder == "KE-2605-09")
        let ours = PlainOrderMail.extract("A4影印紙 10箱\n貴司單號：SO-2026-01178").document
        #expect(ours.purchaseOrder == nil, "our own order number is no PO")
        let sentence = PlainOrderMail.extract("Please accept our order HB-2604-117 for the workshop:\n10 boxes of A4 copy paper",
                                              from: "Sarah Miller <purchasing@northwind.example>").document
        #expect(sentence.purchaseOrder == "HB-2604-117")
        let word = PlainOrderMail.extract("Please accept our order for the workshop: 10 boxes of A4 copy paper",
                                          from: "Sarah Miller <purchasing@northwind.example>").document
        #expect(word.purchaseOrder == nil)
    }

    @Test func aRecipientLabelWithoutItsColonEndsTheAddress() {
        let document = PlainOrderMail.extract("A4复印纸 10箱\n这次送到我们新仓库：广州市白云区石井街道石沙路1688号3栋 收货人 梁工 139 2233 4455").document
        #expect(document.shipTo.address == "广州市白云区石井街道石沙路1688号3栋", "\(document.shipTo)")
        #expect(document.shipTo.recipient == "梁工")
        #expect(document.shipTo.phone == "139 2233 4455")
    }

    @Test func aRemarkAfterTheCountIsNoProductName() {
        let document = PlainOrderMail.extract("Please go ahead as follows:\n- A4 copy paper: 40 boxes as quoted\n- HP 26A toner: make it 6 pcs instead of 4\n",
                                              from: "Sarah Miller <purchasing@northwind.example>").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["40", "6"])
    }

    @Test func aMobileOneLinerWithItemsJoinedByPlusAndTheAddressAfterTo() {
        let document = PlainOrderMail.extract("Hi, pls send 10x A4 copy paper + 4x HP 26A toner to 3 Ubi Road 1, #05-12, Singapore 408694 by Friday. Thx",
                                              from: "Sarah Miller <purchasing@northwind.example>").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["10", "4"])
        #expect(document.shipTo.address == "3 Ubi Road 1, #05-12, Singapore 408694")
        // "to" and a number that is no street address is no ship-to.
        let branches = PlainOrderMail.extract("Please send 10 boxes of A4 copy paper to 3 different branches next week.",
                                              from: "Sarah Miller <purchasing@northwind.example>").document
        #expect(branches.shipTo.address != "3 different branches next week")
    }
}

/// Issue 19, point 3: replies in the customer's language, else the order's.
@Suite struct WrittenLanguageTests {
    @Test(arguments: [("請於下週三前送達，謝謝。影印紙十箱", "zh-TW"), ("请于下周三前送达，谢谢。复印纸十箱", "zh-CN"),
                      ("Please send 10 boxes of A4 paper by Friday.\nThanks,\nSarah\n信義科技股份有限公司", "en"),
                      ("A4影印紙 10箱 HP 26A toner 2 pcs", "zh-TW")])
    func theLanguageAMessageIsWrittenIn(_ text: String, _ language: String) {
        #expect(DocumentBuilder.writtenLanguage(text) == language)
    }

    @Test func aCustomerWithoutALanguageIsAnsweredInTheOrders() {
        // 陳偉 has zh-TW on file; a sender not on file writing Simplified Chinese gets zh-CN.
        let onFile = PlainOrderMail.extract("Please send 10 boxes of A4 copy paper.\nThanks")
        #expect(onFile.language == "zh-TW", "the customer's language on file wins")
        let unknown = PlainOrderMail.extract("你好，请送复印纸10箱，谢谢。", from: "王先生 <wang@newshop.example>")
        #expect(unknown.language == "zh-CN")
        #expect(DocumentBuilder.writtenLanguage("12 / 3") == nil, "nothing to tell by")
    }
}
