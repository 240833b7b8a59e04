import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 11 and 12's misses, each as a general rule.
@Suite struct Round11LessonsTests {
    @Test func aQuoteNamedAsThePricesBasisIsTakenUp() {
        // "價錢按你哋報價": the quote is where the prices come from, not a question.
        let cantonese = PlainOrderMail.extract("麻煩幫我哋安排以下貨品（價錢按你哋澳門報價）：\n\nA4影印紙 20箱\n釘書機 5台").document
        #expect(cantonese.kind == .order)
        let simplified = PlainOrderMail.extract("附件是我们五月的订单，价格按你们三月的报价单。\n\nA4复印纸 20箱\n订书机 5台").document
        #expect(simplified.kind == .order)
        // Asking for a quote is still no order.
        let asking = PlainOrderMail.extract("請問以下報價多少？\n\nA4影印紙 20箱\n釘書機 5台", subject: "詢價").document
        #expect(asking.kind == .other)
    }

    @Test func aCantoneseReplyToOurQuoteThatOrdersIsAnOrder() {
        let document = PlainOrderMail.extract("報價收到，唔該幫我哋落單：\n\nA4影印紙 兩箱，每箱 HK$560\n釘書機 五台，每台 HK$210", subject: "回覆：報價單 QT-2026-0517").document
        #expect(document.kind == .order)
        #expect(document.lines.map(\.unitPrice) == ["560", "210"])
    }

    @Test func aPriceAfter每AndAnyCountingUnit() {
        #expect(ItemPrices.price(in: "每桶 HK$560").0 == 560)
        #expect(ItemPrices.price(in: "每箱 HK$210").0 == 210)
        // A count is no price.
        #expect(ItemPrices.price(in: "白蓮蓉 5kg　20桶").0 == nil)
    }

    @Test func aCorrectionLineGivesTheEarlierItemItsCount() {
        let document = PlainOrderMail.extract("A4影印紙 20箱 @NT$620\n釘書機 5台\n\n更正：A4影印紙要25箱，唔係20箱。").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "STP-24-6"])
        #expect(document.lines.map(\.quantity) == ["25", "5"])
        #expect(document.lines.first?.unitPrice == "620")
    }

    @Test func anUnlabelledAddressRightAboveTheRecipient() {
        let body = "A4复印纸 20箱\n\n请在5月15日之前寄到，地址和上次一样：\n\nNo. 23, Jalan SS2/24, 47300 Petaling Jaya, Selangor\n收件人：Mei Ling 012-345 6789\n"
        let shipTo = PlainOrderMail.extract(body).document.shipTo
        #expect(shipTo.address == "No. 23, Jalan SS2/24, 47300 Petaling Jaya, Selangor")
        #expect(shipTo.recipient == "Mei Ling")
        // A sentence above the recipient is no address.
        let sentence = PlainOrderMail.extract("A4复印纸 20箱\n请尽快安排发货，谢谢。\n收件人：李晓").document.shipTo
        #expect(sentence.address != "请尽快安排发货，谢谢。")
    }

    @Test func aWeightOnTheItemsLineDescribesTheProduct() {
        let line = "杏仁粉 1kg  8包"
        let tokens = FigureAudit.tokens(in: line).filter { line[$0.range].hasPrefix("1") }
        #expect(!tokens.isEmpty)
        for token in tokens { #expect(FigureAudit.isSpecification(token, in: line), "\(line[token.range])") }
    }
}

/// One product, whichever region's word or way of writing its size the customer uses.
@Suite struct RegionalWordingTests {
    static let master = MasterData(products: [
        Product(sku: "BT-FRN-2K", name: "French Lamination Butter Sheet 2kg", aliases: ["片狀牛油", "片状黄油", "butter sheet"], unit: "sheet"),
        Product(sku: "CO-D70-5K", name: "Dark Couverture 70% 5kg", aliases: ["70%黑朱古力", "苦甜巧克力70%"], unit: "bag"),
        Product(sku: "CO-D55-5K", name: "Dark Couverture 55% 5kg", aliases: ["55%黑朱古力"], unit: "bag"),
        Product(sku: "FL-BRD-1K", name: "Bread Flour 1kg", aliases: ["高筋麵粉 1kg", "高筋面粉 1kg"], unit: "bag"),
        Product(sku: "NT-ALM-1K", name: "Sliced Almonds 1kg", aliases: ["杏仁片", "sliced almonds"], unit: "bag"),
    ], customers: [])

    @Test func aSizeInChineseUnitsIsTheCatalogsLatinOne() {
        #expect(TextNormalizer.matchKey("高筋麵粉 1公斤") == TextNormalizer.matchKey("高筋麵粉 1kg"))
        #expect(TextNormalizer.matchKey("鮮奶油 1公升") == TextNormalizer.matchKey("鮮奶油 1l"))
        #expect(Self.master.mentions(in: "高筋麵粉 1公斤　五十包").first?.product.sku == "FL-BRD-1K")
        // A count is no size: 公斤 only after a digit.
        #expect(TextNormalizer.matchKey("公斤") != "kg")
    }

    @Test func taiwansButterAndHongKongsChocolate() {
        // 奶油 is butter in Traditional (Taiwan) text; 牛油 in Hong Kong; 黃油 on the mainland.
        #expect(Self.master.guessProduct("片狀奶油 2公斤")?.product.sku == "BT-FRN-2K")
        #expect(FuzzyProductMatcher.features(of: "淡奶油") == FuzzyProductMatcher.features(of: "鲜奶油"))
        #expect(!FuzzyProductMatcher.features(of: "奶油奶酪").contains("黄油"))
        #expect(Self.master.guessProduct("70% 苦甜巧克力 5公斤")?.product.sku == "CO-D70-5K")
    }

    @Test func aTypoBeforeTheSize() {
        #expect(Self.master.guessProduct("杏人片 1公斤")?.product.sku == "NT-ALM-1K")
    }

    @Test func aWeightAfterTheNameIsThePackNotTheCount() {
        let items = LineItemParser(master: Self.master).parse([TextLine(text: "二、片狀奶油 2公斤　　　　二十片　單價 NT$1,150", location: "body line 1")])
        #expect(items.map(\.line.sku) == ["BT-FRN-2K"])
        #expect(items.map(\.line.quantity) == ["20"])
    }
}

/// Survey replies as rounds 11 and 12 wrote them.
@Suite struct SurveyAnswerTests {
    @Test func answersWrittenInlineUnderOurQuestionsAreTheSenders() {
        let body = "Hi,\n\nAnswers inline below.\n\nDavid\n\nOn Fri, Apr 24, 2026 at 10:00 AM Desk <orders@desk.example> wrote:\n> 1. On a scale of 0 to 10, how likely are you to recommend us? (0 = not at all likely, 10 = extremely likely)\n\n9\n\n> 2. What is the main reason?\n\nDelivery came a day early.\n\n> Thank you!\n"
        let split = ReplySplitter.splitReply(body)
        #expect(split.fresh.contains("9\nDelivery came a day early."))
        #expect(!split.fresh.contains("how likely"))
        #expect(SurveyReader.rating(in: split.fresh, scale: 10, legend: split.quoted) == 9)
        // Below a second attribution or a separator, unquoted lines are history again.
        let nested = "Thanks\n\nOn Mon, 1 Jun 2026 Desk <a@b.example> wrote:\n> ok\n-----Original Message-----\nPlease send 5 boxes\n"
        #expect(!ReplySplitter.splitReply(nested).fresh.contains("5 boxes"))
    }

    @Test func anAnswerAfterItsQuestionsLabel() {
        #expect(SurveyReader.rating(in: "1. 推荐意愿：9\n2. 意见：面粉质量稳定，很好。", scale: 10) == 9)
        #expect(SurveyReader.rating(in: "Overall: 4", scale: 5) == 4)
    }

    @Test func aQuotedCustomerOpinionSurveyIsASurvey() {
        #expect(SurveyReader.invitationScale(in: "麥豐烘焙原料 - 顧客意見調查\n整體而言，你對今次訂單滿唔滿意？") == 5)
        #expect(SurveyReader.rating(in: "整體評分：滿意", scale: 5) == 4)
    }
}

/// Numeric dates in the writer's order.
@Suite struct DateOrderTests {
    // Thursday 2026-04-02.
    let reference = CalendarDate(year: 2026, month: 4, day: 2)!

    @Test func hongKongWritesTheDayFirst() {
        #expect(DateResolver.dayFirst(language: "zh-HK") == true)
        #expect(DateResolver.dayFirst(language: "en-SG") == true)
        #expect(DateResolver.dayFirst(language: "en-US") == false)
        #expect(DateResolver.dayFirst(language: "zh-TW") == nil)
        #expect(DateResolver.dayFirst(language: "en") == nil)
        let hongKong = DateResolver(reference: reference, dayFirst: true)
        #expect(hongKong.resolve("Delivery date: 07/04/2026 (between 07:00 and 10:00)") == .date(CalendarDate(year: 2026, month: 4, day: 7)!))
        // Without a known convention it stays ambiguous.
        if case .ambiguous? = DateResolver(reference: reference).resolve("Delivery date: 07/04/2026") {} else { Issue.record("expected ambiguous") }
    }

    @Test func aWeekdayWrittenBeforeTheDateSettlesIt() {
        // 下星期二 from Thursday 2 April is 7 April: "(7/4)" is day/month.
        #expect(DateResolver(reference: reference).resolve("送貨日期：下星期二（7/4）早上8點前") == .date(CalendarDate(year: 2026, month: 4, day: 7)!))
        // A weekday that fits neither reading leaves the usual one.
        #expect(DateResolver(reference: reference).resolve("4/24 please, we're closed on Monday") == .date(CalendarDate(year: 2026, month: 4, day: 24)!))
    }
}

/// Variants and counts given beside the name: the next line's size, a spec cell, a bracket.
@Suite struct ItemBesideTests {
    static let master = MasterData(products: [
        Product(sku: "GL-NIT-S", name: "Nitrile Gloves S", aliases: ["nitrile gloves S"], unit: "box"),
        Product(sku: "GL-NIT-M", name: "Nitrile Gloves M", aliases: ["nitrile gloves M"], unit: "box"),
        Product(sku: "TC-TOI-1L", name: "Toilet Bowl Cleaner 1L", aliases: ["馬桶清潔劑", "马桶清洁剂"], unit: "bottle"),
        Product(sku: "TC-TOI-1G", name: "Toilet Bowl Cleaner 1 Gallon", aliases: ["馬桶清潔劑 1加侖"], unit: "gallon"),
        Product(sku: "HS-SAN-500", name: "Hand Sanitizer Gel 500ml", aliases: ["乾洗手凝膠"], unit: "bottle"),
    ], customers: [])

    @Test func aSizeAloneOnTheNextLineIsTheItemAboveInThatSize() {
        let items = LineItemParser(master: Self.master).parse([TextLine(text: "10 boxes nitrile gloves size S", location: "body line 2"),
                                                               TextLine(text: "10 boxes M", location: "body line 3")])
        #expect(items.map(\.line.sku) == ["GL-NIT-S", "GL-NIT-M"])
        // Not across a gap: a size alone further down is no item of the line above.
        let apart = LineItemParser(master: Self.master).parse([TextLine(text: "10 boxes nitrile gloves size S", location: "body line 2"),
                                                               TextLine(text: "10 boxes M", location: "body line 5")])
        #expect(apart.map(\.line.sku) == ["GL-NIT-S"])
    }

    @Test func aSpecCellMakesTheLongerCatalogName() {
        let rows = [["马桶清洁剂", "1加仑", "6桶", "¥76"], ["马桶清洁剂", "1L", "12瓶", "¥20"]]
        let items = ItemTableReader(master: Self.master).parseRows(rows, map: [0: .product, 2: .quantity, 3: .unitPrice], currency: nil, locations: [], rule: "table")
        #expect(items.map(\.line.sku) == ["TC-TOI-1G", "TC-TOI-1L"])
    }

    @Test func aCountInTheCatalogsUnitInBrackets() {
        #expect(ItemQuantity.bracketCount(in: "乾洗手凝膠 500ml 一箱（24瓶）", quantity: 1, unit: "箱", catalogUnit: "bottle") == 24)
        #expect(ItemQuantity.bracketCount(in: "乾洗手凝膠 兩箱（每箱24瓶）", quantity: 2, unit: "箱", catalogUnit: "bottle") == 48)
        // Two cartons "(24 bottles)" could be either: left as written.
        #expect(ItemQuantity.bracketCount(in: "乾洗手凝膠 兩箱（24瓶）", quantity: 2, unit: "箱", catalogUnit: "bottle") == nil)
        // Already in the catalog's unit.
        #expect(ItemQuantity.bracketCount(in: "乾洗手凝膠 24瓶（2箱）", quantity: 24, unit: "瓶", catalogUnit: "bottle") == nil)
        let items = LineItemParser(master: Self.master).parse([TextLine(text: "- 乾洗手凝膠 500ml 一箱（24瓶）", location: "body line 2")])
        #expect(items.map(\.line.quantity) == ["24"])
    }
}

/// Round 12's complaint, CSV header and ship-to under a delivery line.
@Suite struct Round12LessonsTests {
    @Test func spoiledGoodsAndAskingForReplacementsIsAComplaint() {
        let body = "Forwarding your shipment notice below. The delivery came this morning and:\n\n- one of the 20 boxes of A4 copy paper was torn open\n\nCan you arrange for someone to collect the 3 staplers and send replacements?"
        let document = PlainOrderMail.extract(body, subject: "FW: Shipment notice SO-2026-00501").document
        #expect(document.kind == .complaint)
    }

    @Test func aCustomerEmailColumnIn電郵() {
        #expect(FieldLabels.split("客戶電郵: mandy@twinkle.example")?.field == .email)
    }

    @Test func theAddressUnderADeliveryLineEndingInAColon() {
        let body = "Please send:\n3 boxes A4 copy paper\n2 staplers\n\nDelivery Mon 20/4 before 7am please, to the school kitchen at:\n18 Pokfield Road, Kennedy Town, Hong Kong\nUse the side gate on Pokfield Rd.\nContact: Mrs Ho 9123 4567\n"
        #expect(PlainOrderMail.extract(body).document.shipTo.address == "18 Pokfield Road, Kennedy Town, Hong Kong")
        // "Please send:" opens the items, not an address.
        #expect(ShipToReader.addressUnderDeliveryLine(in: "Please send:\n3 bags cake flour 25kg\n2 bags caster sugar 25kg") == nil)
    }
}

/// Figures that belong to something other than a missed item.
@Suite struct ExplainedFigureTests {
    @Test func aDepositShareIsAPaymentTerm() {
        let line = "Payment: T/T, 50% deposit upon order confirmation, balance before shipment."
        let ranges = FigureAudit.contextRanges(in: line)
        let fifty = line.range(of: "50")!
        #expect(ranges.contains { $0.contains(fifty.lowerBound) })
    }

    @Test func gallonsAndPercentOnTheItemsLineDescribeTheProduct() {
        for (line, figure) in [("马桶清洁剂 | 1加仑 | 6桶 | ¥76", "1"), ("- 75%酒精 4公升 8瓶", "75")] {
            let tokens = FigureAudit.tokens(in: line).filter { line[$0.range].hasPrefix(figure) }
            #expect(!tokens.isEmpty)
            for token in tokens { #expect(FigureAudit.isSpecification(token, in: line), "\(line)") }
        }
    }

    @Test func aWeightAfterTheNameCountsNothing() {
        let lines = [TextLine(text: "3 bags cake flour 25kg", location: "body line 4")]
        let item = ParsedLine(line: OrderDocument.Line(sku: "FL", description: "cake flour", quantity: "3"), product: nil,
                              origin: FieldOrigin(field: "lines", location: "body line 4", rule: "product named with a quantity", excerpt: lines[0].text))
        #expect(MissedItemChecks.unreadQuantities(lines, lines: [item]).isEmpty)
        // Two counts in counting units are two items.
        let two = [TextLine(text: "3 bags cake flour and 2 bags sugar", location: "body line 4")]
        #expect(!MissedItemChecks.unreadQuantities(two, lines: [item]).isEmpty)
    }
}

/// An order number after 單號, and a product the catalog lacks inside a list of items.
@Suite struct ListAndNumberTests {
    @Test func theNumberAfter單號IsThePurchaseOrder() {
        let document = PlainOrderMail.extract("北屯店這週叫貨，單號 DX-0713：\n\nA4影印紙 *2箱\n釘書機 *3台").document
        #expect(document.purchaseOrder == "DX-0713")
        // A courier's waybill is no purchase order.
        #expect(PlainOrderMail.extract("A4影印紙 2箱\n物流單號 SF1234567890").document.purchaseOrder != "SF1234567890")
    }

    @Test func anUnknownProductInAListIsALineWithoutSKU() {
        let document = PlainOrderMail.extract("北屯店這週叫貨：\n\nA4影印紙 *2箱\n不鏽鋼亮光劑 *3瓶\n釘書機 *3台\n\n拖把布這次先不要，上次送的還有一箱沒拆。").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", nil, "STP-24-6"])
        #expect(document.lines.map(\.quantity) == ["2", "3", "3"])
        #expect(document.issues.contains { $0.code == "unknown_sku" })
        // A sentence, a total or a date next to the items is no item.
        let prose = PlainOrderMail.extract("A4影印紙 2箱\n釘書機 3台\n合計 5箱\n請在3月5日前送到，謝謝。").document
        #expect(prose.lines.count == 2)
    }
}

/// Trash bags by size and colour, as requisitions abbreviate them.
@Suite struct AbbreviatedVariantTests {
    static let master = MasterData(products: [
        Product(sku: "TB-L-BLK", name: "Trash Bags Large Black", aliases: ["大垃圾袋 黑色", "黑色垃圾袋 大"], unit: "pack"),
        Product(sku: "TB-L-CLR", name: "Trash Bags Large Clear", aliases: ["大垃圾袋 透明", "透明垃圾袋 大"], unit: "pack"),
        Product(sku: "TB-M-BLK", name: "Trash Bags Medium Black", aliases: ["中垃圾袋 黑色", "黑色垃圾袋 中"], unit: "pack"),
        Product(sku: "TB-XL-BLK", name: "Trash Bags XL Black", aliases: ["特大垃圾袋 黑色", "特大黑色垃圾袋"], unit: "pack"),
    ], customers: [])

    @Test func aColourWrittenAsOneCharacter() {
        #expect(Self.master.guessProduct("垃圾袋 大 黑")?.product.sku == "TB-L-BLK")
    }

    @Test func 特大IsExtraLarge() {
        #expect(SizeVariants.size(in: "特大 100x120") == "xl")
        let rows = [["黑色垃圾袋", "特大 100x120", "20", "包"]]
        let items = ItemTableReader(master: Self.master).parseRows(rows, map: [0: .product, 2: .quantity, 3: .unit], currency: nil, locations: [], rule: "table")
        #expect(items.map(\.line.sku) == ["TB-XL-BLK"])
    }

    @Test func aRowOfNothingIsNoLine() {
        let rows = [["黑色垃圾袋 大", "", "20", "包"], ["黑色垃圾袋 中", "本月不需要", "0", "包"]]
        let items = ItemTableReader(master: Self.master).parseRows(rows, map: [0: .product, 2: .quantity, 3: .unit], currency: nil, locations: [], rule: "table")
        #expect(items.map(\.line.sku) == ["TB-L-BLK"])
    }
}

@Suite struct PaymentWordingTests {
    @Test func walletsArePaidAnotherWay() {
        #expect(PaymentParser.method(in: "付款方式：微信支付") == .other)
        #expect(PaymentParser.method(in: "We'll pay by Alipay") == .other)
        #expect(PaymentParser.method(in: "付款：電匯") == .bankTransfer)
    }

    @Test func monthlyTermsInDays() {
        #expect(PaymentParser.terms(in: "付款條件：月結60日") == "月結60日")
        #expect(PaymentParser.terms(in: "月結30天") == "月結30天")
    }
}

/// Round 13 and 14's wrong auto-approvals, each as a rule.
@Suite struct Round13LessonsTests {
    static let master = MasterData(products: [
        Product(sku: "GP-BASE", name: "Gel Base Coat 10ml", aliases: ["底膠", "底胶"], unit: "bottle"),
        Product(sku: "GP-TOP", name: "No-Wipe Gel Top Coat 10ml", aliases: ["免洗封層", "免洗封层"], unit: "bottle"),
    ], customers: [])

    @Test func productsBeforeASharedCountStayTogetherAfterNormalising() {
        // NFKC makes 、 a comma; the shared count after 各 still belongs to both.
        let items = LineItemParser(master: Self.master).parse([TextLine(text: TextNormalizer.normalize("底膠、免洗封層 各五瓶"), location: "body line 3")])
        #expect(items.map(\.line.sku) == ["GP-BASE", "GP-TOP"])
        #expect(items.map(\.line.quantity) == ["5", "5"])
    }

    @Test func aCatalogNameOnAnItemLineThatGaveNoLineIsUnexplained() {
        let text = "底膠,免洗封層 各五瓶"
        let top = ParsedLine(line: OrderDocument.Line(sku: "GP-TOP", description: "免洗封層", quantity: "5"), product: Self.master.product(sku: "GP-TOP"),
                             origin: FieldOrigin(field: "lines", location: "body line 3", rule: "product named with a quantity", excerpt: text))
        let findings = MissedItemChecks.unreadProductWords(in: [TextLine(text: text, location: "body line 3")], items: [top], master: Self.master)
        #expect(findings.first?.figures == ["GP-BASE"])
    }

    @Test func anUnknownLabelEndsTheShipToBlock() {
        let body = "A4 copy paper 10 boxes\n\nShip to\nReceiver: Lai Chun-Wei\nAddress: No. 99, Sec. 2, Taiwan Blvd., Xitun Dist., Taichung City 407\nDock: Receiving Dock B1 (deliveries 09:00-16:00, Mon-Fri)\nTel: 04-2323-8888 ext. 2150\n"
        let shipTo = PlainOrderMail.extract(body).document.shipTo
        #expect(shipTo.address == "No. 99, Sec. 2, Taiwan Blvd., Xitun Dist., Taichung City 407")
        // A contact line stays part of the block.
        let contact = PlainOrderMail.extract("A4 copy paper 10 boxes\n\nDeliver to:\n88 Telok Ayer Street #05-02\nSingapore 048467\nContact on site: Marcus Tan (head chef), +65 9123 4567\n").document.shipTo
        #expect(contact.recipient == "Marcus Tan")
    }
}

@Suite struct Round13WordingTests {
    @Test func wantingToOrderIsOrdering() {
        let document = PlainOrderMail.extract("報價收到，唔該晒！今次想訂：\n\nA4影印紙 15箱 @HK$42\n釘書機 10台 @HK$26\n\n陶瓷盆今次唔要住。", subject: "Re: 報價 QT-2026-0231").document
        #expect(document.kind == .order)
    }

    @Test func anInvoiceIsWhatABankTransferAnswers() {
        #expect(PaymentParser.method(in: "收到invoice我哋會銀行過數。") == .bankTransfer)
        #expect(PaymentParser.method(in: "Please invoice us as usual.") == .netTerms)
        #expect(PaymentParser.method(in: "付款：轉數快 FPS") == .bankTransfer)
    }

    @Test func aColourWithOrWithout色() {
        #expect(FuzzyProductMatcher.features(of: "粉紅色韓式包裝紙") == FuzzyProductMatcher.features(of: "粉紅韓式包裝紙"))
    }

    @Test func aNameBesideTheDeliveryPhone() {
        let shipTo = PlainOrderMail.extract("A4影印紙 6箱\n\n地址：新北市板橋區文化路一段188巷3號1樓\n電話：0912-345-678 阿凱\n").document.shipTo
        #expect(shipTo.phone == "0912-345-678")
        #expect(shipTo.recipient == "阿凱")
    }
}

@Suite struct Round14KindTests {
    @Test func aLateDeliveryForwardedBackIsAComplaint() {
        let body = "你好，下面嘅送貨通知寫明 5 月 12 日送到，但貨物今日下午先到，遲咗三日。\n請跟進並改善送貨安排。\n\n-----Original Message-----\nFrom: Desk <orders@desk.example>\nSent: Monday, May 11, 2026 5:20 PM\nSubject: 送貨通知 SO-2026-00512\n\nA4 Copy Paper 80gsm x 60\n"
        #expect(PlainOrderMail.extract(body, subject: "FW: 送貨通知 SO-2026-00512").document.kind == .complaint)
    }

    @Test func askingForABulkQuoteIsNoOrder() {
        let body = "我们大约有120名学员，每人需要订书机一个，A4复印纸一箱。\n1. 以上按120套的量，能否给一个批量报价？\n2. 能否先寄一套样品？"
        #expect(PlainOrderMail.extract(body, subject: "咨询：批量报价").document.kind == .other)
        // Prices as the quote gave them are an order.
        #expect(PlainOrderMail.extract("价格按你们三月的报价单。\n\nA4复印纸 20箱\n订书机 5台").document.kind == .order)
    }
}

/// Round 13's wedding order in prose.
@Suite struct Round13ProseTests {
    static let master = MasterData(products: [
        Product(sku: "VASE-20", name: "Glass Cylinder Vase 20 cm", aliases: ["glass cylinder 20cm"], unit: "pcs"),
        Product(sku: "VASE-30", name: "Glass Cylinder Vase 30 cm", aliases: ["glass cylinder 30cm"], unit: "pcs"),
    ], customers: [])

    @Test func theOtherMeasureOfTheItemBefore() {
        let items = LineItemParser(master: Self.master).parse([TextLine(text: "Could you send us two dozen of the 20cm glass cylinder vases, a dozen of the 30cm ones and a card.", location: "body line 2")])
        #expect(items.map(\.line.sku) == ["VASE-20", "VASE-30"])
        // Dozens as written; the document counts them in the catalog's unit.
        #expect(items.map(\.line.quantity) == ["2", "1"])
        #expect(items.map(\.line.unit) == ["dozen", "dozen"])
    }

    @Test func theSentenceSayingWhenGoodsMustArriveWins() {
        let body = "We have the wedding on Saturday the 25th and I need to get the hardware sorted.\nPlease send 10 boxes of A4 copy paper.\nEverything needs to be in Hong Kong by Thursday the 23rd at the latest."
        #expect(PlainOrderMail.extract(body).document.requestedDeliveryDate == "2026-12-23")
    }

    @Test func aCardOnFileAndAWireThatIsAProduct() {
        #expect(PaymentParser.method(in: "If you have the gold floral wire, add 10 spools. Just charge the card you have on file.") == .creditCard)
        #expect(PaymentParser.method(in: "\"method\": \"wire_transfer\"") == .bankTransfer)
    }

    @Test func aVenueAddressUnderADeliveryLineAndTheContactForTheDay() {
        let body = "Please send 10 boxes of A4 copy paper.\n\nPlease deliver to the venue rather than our office:\nThe Pulse, 28 Beach Road, Repulse Bay, Hong Kong - loading bay at the back\nContact on the day: Joanne Lau, +852 9123 4567\n\nThanks"
        let shipTo = PlainOrderMail.extract(body).document.shipTo
        #expect(shipTo.address == "The Pulse, 28 Beach Road, Repulse Bay, Hong Kong - loading bay at the back")
        #expect(shipTo.recipient == "Joanne Lau")
        #expect(shipTo.phone == "+852 9123 4567")
    }
}

/// Round 13's fields.
@Suite struct Round13FieldTests {
    @Test func anOrderNumberWithANumberSign() {
        let document = PlainOrderMail.extract("Please cancel our order SO#2026-00489 (our PO PGC-PO-0391).", subject: "Cancellation")
            .document
        #expect(document.orderReference == "SO-2026-00489")
    }

    @Test func aSpreadsheetLabelCellEndingInAColon() {
        #expect(FieldLabels.split("PO No:: PGC-PO-0388")?.value == "PGC-PO-0388")
        #expect(OrderKeyMeaning.meaning(of: "單據號碼")?.field == .purchaseOrder)
    }

    @Test func aFormsContactPhoneAndOrganisationForASenderNotOnFile() {
        let body = "-- Contact --\nName: Wong Ka Yan\nOrganisation: St. Clement's Primary School\nPhone: +852 2555 0199\n\n-- Items --\n1. A4 copy paper x 30 boxes\n\n-- Delivery --\nDelivery phone: +852 2555 0100\nDelivery address: 12 Po Shan Road, Mid-Levels, Hong Kong\n"
        let document = PlainOrderMail.extract(body, from: "ky.wong@stclement-hk.example").document
        #expect(document.customer.company == "St. Clement's Primary School")
        #expect(document.customer.phone == "+852 2555 0199")
    }

    @Test func ourOwnNoticeForwardedBackIsTheForwardersMessage() {
        let message = "From: Buyer <caigou@minhua.example>\r\nTo: Desk <orders@desk.example>\r\nSubject: FW: notice SO-2026-00388\r\nDate: Wed, 29 Apr 2026 10:12:44 +0800\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n货4月28号才到，晚了一个星期。\r\n\r\n-----原始邮件-----\r\n发件人: 订单组 <orders@desk.example>\r\n发送时间: 2026年4月20日 17:02\r\n收件人: caigou@minhua.example\r\n主题: 发货通知 SO-2026-00388\r\n\r\n已出货。\r\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(message.utf8), filename: "x.eml", fileLabel: "x.eml").document
        #expect(document.customer.email == "caigou@minhua.example")
    }
}

/// Round 14's prose and ship-to.
@Suite struct Round14ProseTests {
    @Test func theSameNumberAndAWordCorrection() {
        let body = "Half a dozen staplers and the same number of DL envelopes. Also three boxes of A4 copy paper – actually, make that four, we go through them so fast. And 2 rolls of clear tape."
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["STP-24-6", "ENV-DL-100", "PAP-A4-80", "TAP-CLR-18"])
        #expect(document.lines.map(\.quantity) == ["6", "6", "4", "2"])
    }

    @Test func aNameWithAPhoneOpeningTheShipToBlock() {
        let shipTo = PlainOrderMail.extract("A4复印纸 20箱\n\n收货：李静 137 2345 6789\n深圳市南山区海德三道126号卓越后海中心3楼\n").document.shipTo
        #expect(shipTo.recipient == "李静")
        #expect(shipTo.phone == "137 2345 6789")
        #expect(shipTo.address == "深圳市南山区海德三道126号卓越后海中心3楼")
    }
}

/// A name written in other words is a match, not a guess, when every word is the product's.
@Suite struct EveryWordTests {
    static let master = MasterData(products: [
        Product(sku: "BIB-BL", name: "Dental Bib 2-Ply Tissue + Poly Blue", aliases: ["patient bibs blue"], unit: "case"),
        Product(sku: "BIB-WH", name: "Dental Bib 2-Ply Tissue + Poly White", aliases: ["patient bibs white"], unit: "case"),
        Product(sku: "SLK-M", name: "Slicker Brush M", aliases: ["slicker brush"], unit: "pcs"),
    ], customers: [])

    @Test func everyWordTheProductsOwn() {
        let guess = Self.master.guessProduct("the blue patient bibs")
        #expect(guess?.product.sku == "BIB-BL")
        #expect(guess?.coversEveryWord == true)
        // A typo is still a guess.
        #expect(Self.master.guessProduct("slickr brushes")?.coversEveryWord == false)
        // Words another product has as well: no guess at all.
        #expect(Self.master.guessProduct("patient bibs") == nil)
    }

    @Test func aWhollyCoveredNameRaisesNoIssue() {
        let items = LineItemParser(master: Self.master).parse([TextLine(text: "Could we please get two cases of the blue patient bibs?", location: "body line 2")])
        #expect(items.first?.line.sku == "BIB-BL")
        #expect(items.first?.guessCoversEveryWord == true)
    }
}

@Suite struct SignatureStartTests {
    @Test func theCompanysNameUnderADeliveryLabelIsNoSignOff() {
        let lines = ["1) Cotton pads - 20 bags", "", "Delivery address:", "Grand Harbour Hotel Macau", "Avenida da Amizade 1188, Macau", "",
                     "Please deliver on or before 12 May 2026.", "", "Best regards,", "Ricardo Sousa", "Grand Harbour Hotel Macau"]
            .enumerated().map { TextLine(text: $0.element, location: "body line \($0.offset + 1)") }
        #expect(FigureAudit.signatureStart(in: lines, itemLocations: ["body line 1"], names: ["Grand Harbour Hotel Macau"]) == 8)
    }
}

/// Round 16's afterthoughts and ship-to lines.
@Suite struct Round16LessonsTests {
    static let master = MasterData(products: [
        Product(sku: "ACR-300-WHT", name: "Acrylic Paint 300ml White", aliases: ["塑膠彩300ml 白色"], unit: "bottle"),
        Product(sku: "EAS-150", name: "Wooden Easel 150cm", aliases: ["木畫架 150cm"], unit: "pcs"),
        Product(sku: "SKB-A3", name: "Sketchbook A3", aliases: ["A3素描簿"], unit: "book"),
    ], customers: [])

    @Test func anAfterthoughtNamesAnItemByItsWords() {
        let lines = ["塑膠彩300ml 白色 x 10樽", "木畫架 150cm x 4個", "A3素描簿 x 30本", "", "唔好意思，白色塑膠彩改做 12 樽，唔係 10 樽。畫架今次唔要住，下個月先再訂。"]
            .enumerated().map { TextLine(text: TextNormalizer.normalize($0.element), location: "body line \($0.offset + 1)") }
        let items = LineItemParser(master: Self.master).parse(lines)
        #expect(items.map(\.line.sku) == ["ACR-300-WHT", "SKB-A3"])
        #expect(items.map(\.line.quantity) == ["12", "30"])
    }

    @Test func aNameAndPhoneUnderTheAddressAndANameBeforeThePhone() {
        let shipTo = PlainOrderMail.extract("A4影印紙 10箱\n\n5月6號之前送到就得，送貨地址同收貨人：\n九龍旺角彌敦道700號12樓B室\n何小姐 9876 5432\n").document.shipTo
        #expect(shipTo.address == "九龍旺角彌敦道700號12樓B室")
        #expect(shipTo.recipient == "何小姐")
        #expect(shipTo.phone == "9876 5432")
        #expect(ShipToReader.pieces(ofLine: "深圳市福田区华强北路1016号宝华大厦6楼602 刘芳 139 2345 6789") == ["深圳市福田区华强北路1016号宝华大厦6楼602", "收件人 刘芳", "139 2345 6789"])
    }
}
