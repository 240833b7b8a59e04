import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind rounds 17 and 18's misses, each as a general rule.
@Suite struct Round17LessonsTests {
    func unexplained(_ extraction: Extraction) -> [String] {
        extraction.origins.filter { $0.field == "unexplained" }.map(\.rule)
    }

    @Test func aCountThatEqualsTheNumberOfLinesReadIsStillACount() {
        // Two items are read; the unread "2 ctn" must not pass as "the number of lines".
        let extraction = PlainOrderMail.extract("Hi pls send 2 ctn blue widgts, 3 boxes A4 copy paper and 5 pcs HP 26A toner tmr. thx")
        #expect(extraction.document.lines.count == 2)
        #expect(unexplained(extraction).contains { $0.hasSuffix(": 2") }, "\(unexplained(extraction)) \(extraction.document.lines)")
        #expect(extraction.document.confidence < 0.95)
        // Said as a count of items, it is one.
        let said = PlainOrderMail.extract("以下2項，謝謝：\nA4影印紙 10箱\n釘書機 3台")
        #expect(said.document.lines.count == 2)
        #expect(unexplained(said).isEmpty, "\(unexplained(said))")
    }

    @Test(arguments: ["tmr morning", "pls deliver tmrw", "send tmw pm"])
    func tomorrowAsAPhoneWritesIt(_ text: String) {
        let day = CalendarDate(year: 2026, month: 5, day: 17)!
        if case .date(let date)? = DateResolver(reference: day).relativeDay(text) {
            #expect(date.description == "2026-05-18")
        } else {
            Issue.record("no date in \(text)")
        }
        // Not inside another word.
        #expect(DateResolver(reference: day).relativeDay("the tmrx unit") == nil)
    }

    @Test func theDateTheGoodsMustArriveByOutranksASailing() {
        let day = CalendarDate(year: 2026, month: 5, day: 19)!
        let sentence = "I told her we can put it on the 5 June sailing, but she needs the goods by 12 June at the latest."
        if case .date(let date)? = DateResolver(reference: day).resolveRequested(sentence) {
            #expect(date.description == "2026-06-12")
        } else {
            Issue.record("no date")
        }
        // One date alone is still read, sailing or not.
        if case .date(let date)? = DateResolver(reference: day).resolveRequested("please put it on the 5 June sailing") {
            #expect(date.description == "2026-06-05")
        } else {
            Issue.record("no date")
        }
    }

    @Test func anEstateLineBetweenAddressLinesIsPartOfTheAddress() {
        let body = "A4影印紙 10箱\n\n送货地址：\nNo. 12, Jalan Perindustrian Tebrau 3,\nKawasan Perindustrian Tebrau,\n81100 Johor Bahru, Johor\n收货人：陈志成\n电话：+60 12-778 3345\n\n谢谢"
        let document = PlainOrderMail.extract(body).document
        #expect(document.shipTo.recipient == "陈志成")
        #expect(document.shipTo.address == "No. 12, Jalan Perindustrian Tebrau 3, Kawasan Perindustrian Tebrau, 81100 Johor Bahru, Johor")
        #expect(document.shipTo.phone == "+60 12-778 3345")
        // By shape alone: a name-like line between two address lines, with the recipient named elsewhere.
        let block = ShipToReader.assemble([.address("Unit 3, 18 Harbour Road"), .recipient("Seaview Estate"), .address("Wan Chai, Hong Kong"), .recipient("Joyce Lam")])
        #expect(block.address == "Unit 3, 18 Harbour Road, Seaview Estate, Wan Chai, Hong Kong")
        #expect(block.recipient == "Joyce Lam")
    }

    @Test func aSpecColumnTellsTheVariantAndTheRestOfTheRowDoesNot() {
        // An ERP export: the name in one column, the variant in 规格型号, an address with "A4" elsewhere.
        let csv = "采购单号,物料名称,规格型号,数量,收货地址\nPO-77,影印纸,A3 80gsm,5,台北市信義區A4路1號\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.lines.map(\.sku) == ["PAP-A3-80"])
        #expect(document.lines.map(\.quantity) == ["5"])
    }

    static let bulbs = FuzzyProductMatcher(products: [
        Product(sku: "LB-09W-30K", name: "LED Bulb E27 9W 3000K", aliases: ["9W LED燈泡 黃光", "9W燈泡 黃光"], unit: "pcs"),
        Product(sku: "LB-09W-65K", name: "LED Bulb E27 9W 6500K", aliases: ["9W LED燈泡 白光", "9W燈泡 白光"], unit: "pcs"),
        Product(sku: "LB-13W-65K", name: "LED Bulb E27 13W 6500K", aliases: ["13W LED燈泡 白光"], unit: "pcs"),
        Product(sku: "LT-T8-2F", name: "LED T8 Tube 2ft 9W 6500K", aliases: ["T8 2尺 9W 白光", "T8燈管 2尺 白光"], unit: "pcs"),
        Product(sku: "LT-T8-4F", name: "LED T8 Tube 4ft 18W 6500K", aliases: ["T8 4尺 18W 白光", "T8燈管 4尺 白光"], unit: "pcs"),
        Product(sku: "DL-12", name: "LED Downlight 12cm cut-out 12W 6500K", aliases: ["12cm崁燈 白光"], unit: "pcs"),
        Product(sku: "DL-15", name: "LED Downlight 15cm cut-out 16W 6500K", aliases: ["15cm崁燈 白光"], unit: "pcs"),
    ])

    @Test(arguments: [("9W黃光燈泡", "LB-09W-30K"), ("9W白光燈泡", "LB-09W-65K"), ("T8 2尺白光燈管", "LT-T8-2F"), ("T8 4呎 白光燈管", "LT-T8-4F"),
                      ("12公分崁燈 白光", "DL-12"), ("15公分 崁燈", "DL-15")])
    func featuresWrittenWithoutSpacesOrInOtherUnits(_ written: String, _ sku: String) {
        #expect(Self.bulbs.guess(written)?.product.sku == sku, "\(written)")
    }

    @Test func aSeamBetweenTwoKnownWordsIsNoWordOfItsOwn() {
        let known: Set<String> = ["黄光", "灯泡", "尺", "白光"]
        let seamless = FuzzyProductMatcher.features(of: "黃光燈泡", known: known.contains)
        #expect(seamless == ["黄光", "灯泡"])
        #expect(FuzzyProductMatcher.features(of: "尺白光", known: known.contains) == ["尺", "白光"])
        // Without the catalog, or where a side is unknown, every bigram stays.
        #expect(FuzzyProductMatcher.features(of: "黃光燈泡").contains("光灯"))
        #expect(FuzzyProductMatcher.features(of: "速線帶", known: known.contains) == ["速线", "线带"])
    }

    @Test func halfADozen() {
        #expect(ItemQuantity.quantity(in: "13W白光燈泡半打")?.0 == Decimal(string: "0.5"))
        #expect(ItemQuantity.quantity(in: "13W白光燈泡半打")?.1 == "打")
        // 半 alone is no count.
        #expect(ItemQuantity.quantity(in: "半自動封箱機 2台")?.0 == 2)
    }

    @Test func labelledRowsUnderTheItemsAreRead() {
        // A spreadsheet's shape: a title, a label block, the items, a total, then the delivery block.
        let csv = """
        文山書局 採購單,,,,
        採購單號,WS-115-0508,,,
        序,品名,數量,單位,單價(元)
        1,A4影印紙,20,箱,620
        2,釘書機,3,台,240
        ,,,合計,13120
        收件人,張文山,,,
        電話,02-2936-1188,,,
        送貨地址,台北市文山區羅斯福路五段218號,,,
        付款方式：月結30天,,,,
        備註,A4影印紙請放在側門,,,

        """
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.purchaseOrder == "WS-115-0508")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "STP-24-6"])
        #expect(document.shipTo == .init(recipient: "張文山", address: "台北市文山區羅斯福路五段218號", phone: "02-2936-1188"))
        #expect(document.paymentMethod == .netTerms)
        #expect(document.paymentTerms == "月結30天")
    }

    @Test func yuanInATableHeaderFromAMainlandBuyer() {
        let csv = "序号,商品名称,数量,单价(元)\n1,A4复印纸,20,98\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.currency == "CNY")
        // Traditional writing says nothing of whose 元 it is: the catalog's currency stands.
        let taiwan = "序號,品名,數量,單價(元)\n1,A4影印紙,20,620\n"
        #expect(OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(taiwan.utf8), filename: "po.csv", fileLabel: "po.csv").document.currency == "TWD")
    }

    @Test func aPurchaseOrderTypedIntoAWebOrdersNotes() {
        let json = """
        {"order_id": "WEB-260526-0419", "customer": {"organisation": "Harbour Arts Academy", "email": "chen.wei@hsinyi-tech.com.tw"},
         "items": [{"sku": "PAP-A4-80", "qty": 4}],
         "notes": "Please call before delivery, the loading bay closes at 6pm. Customer PO: HAA-PO-0519"}
        """
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(json.utf8), filename: "web.json", fileLabel: "web.json").document
        #expect(document.purchaseOrder == "HAA-PO-0519")
        #expect(document.customer.company == "Harbour Arts Academy")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
    }

    @Test func anERPExportsTermsDueDateAndCost() {
        #expect(OrderKeyMeaning.meaning(of: "付款条件")?.field == .paymentTerms)
        #expect(OrderKeyMeaning.meaning(of: "payment_terms")?.field == .paymentTerms)
        #expect(OrderKeyMeaning.meaning(of: "付款方式")?.field == .paymentMethod)
        #expect(OrderKeyMeaning.meaning(of: "預交日")?.field == .requestedDate)
        let csv = "PO_NUMBER,ITEM_DESCRIPTION,ORDER_QTY,UNIT_COST,付款条件,預交日\nFM-PO-03,A4 COPY PAPER,10,620.0000,月结60天,2026/12/18\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.lines.map(\.unitPrice) == ["620"])
        #expect(document.paymentTerms == "月结60天")
        #expect(document.paymentMethod == .netTerms)
        #expect(document.requestedDeliveryDate == "2026-12-18")
    }

    @Test(arguments: [("S$23.00 per bag for the wonton", "wonton", "23.00"), ("S$29.50 for the har gow", "har gow", "29.50"),
                      ("虾饺￥110/包", "虾饺", "110"), ("the toner at NT$2,980", "the toner", "2980"), ("for the siu mai. Other items as per", nil, nil)])
    func aPriceWithTheWordsOfItsItem(_ clause: String, _ phrase: String?, _ price: String?) {
        let found = PricedPhrase.phrases(in: clause)
        #expect(found.first?.phrase == phrase, "\(clause)")
        #expect(found.first.map { DecimalText.format($0.price) } == price.flatMap(DecimalText.parse).map(DecimalText.format))
    }

    @Test func pricesInALaterSentenceGoToTheItemsTheyName() {
        let body = """
        Hi, we'd like ten boxes of A4 copy paper and a dozen each of blue gel pens and staplers.
        Pricing as per your quote: NT$640 per box for the copy paper, NT$175 for the pens and NT$230 for the staplers.
        Thanks
        """
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "PEN-GEL-BL", "STP-24-6"])
        #expect(document.lines.map(\.quantity) == ["10", "12", "12"])
        #expect(document.lines.map(\.unitPrice) == ["640", "175", "230"])
    }

    @Test func aPriceClauseNamingAnItemOfTheLinePricesThatOne() {
        let document = PlainOrderMail.extract("您好：\nA4影印紙、釘書機各十個，釘書機NT$230/台，A4影印紙NT$640/箱\n謝謝").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "STP-24-6"])
        #expect(document.lines.map(\.unitPrice) == ["640", "230"])
    }

    @Test func theFirstQuestionsAnswerInWords() {
        #expect(SurveyReader.rating(in: "Q1: nine. Would have been a ten if the ribeye came with better marbling.\nQ2: Yes, on time.") == 9)
        #expect(SurveyReader.rating(in: "Q1: 8, Q2: yes") == 8)
        let reply = PlainOrderMail.extract("Q1: nine. Would have been a ten with better marbling.\nQ2: Yes, on time.\nMarco\n\n> Q1. On a scale of 0 to 10, how likely are you to recommend us?\n> Q2. Was your delivery on time?",
                                           subject: "Re: How did we do? Your order SO-2026-00760").document
        #expect(reply.kind == .surveyResponse)
        #expect(reply.survey.rating == 9)
    }

    @Test func oneLineCancelledAmongChangesIsAChange() {
        let body = "DX-PO-115052 這張單想調整一下：\n1. A4影印紙 120 箱 改為 150 箱\n2. 釘書機 10 台 取消\n3. 追加 藍色中性筆 十盒\n謝謝"
        let document = PlainOrderMail.extract(body, subject: "Re: 訂單確認 SO-2026-00779").document
        #expect(document.kind == .changeRequest)
        #expect(document.purchaseOrder == "DX-PO-115052")
        // The whole order cancelled, for a reason that is an adjustment, stays a cancellation.
        let cancel = PlainOrderMail.extract("因預算調整，貴司單號 SO-2026-00508 需要全部取消，請不要發貨。", subject: "取消訂單 SO-2026-00508").document
        #expect(cancel.kind == .cancellation)
    }

    @Test func codIsCashOnDeliveryOnlyInCapitals() {
        #expect(PaymentParser.method(in: "3. Cod Fillet Skinless 2.27kg - 10 packs\nPayment by bank transfer upon invoice.") == .bankTransfer)
        #expect(PaymentParser.method(in: "Payment COD please") == .cashOnDelivery)
    }

    @Test func shortSendToLabels() {
        let document = PlainOrderMail.extract("老闆你好\nA4影印紙 10箱\n寄：屏東縣潮州鎮光華路168號 王德勝 0938-556-712\n王德勝").document
        #expect(document.shipTo == .init(recipient: "王德勝", address: "屏東縣潮州鎮光華路168號", phone: "0938-556-712"))
        // A when after the label is no where.
        let when = PlainOrderMail.extract("A4影印紙 10箱\n送貨：明天早上\n謝謝").document
        #expect(when.shipTo.address != "明天早上")
    }

    @Test func aSlashedDateFromWhereDatesGoDayFirstIsReadSoAndFlagged() {
        let body = "Please send 20 packs of L-shaped folders, delivery 05/01/2027."
        // On file with language "en" and a +852 phone, at a .hk address: 5 January, for a person to confirm.
        let hongKong = PlainOrderMail.extract(body, from: "Tony Leung <orders@kowloon-office.hk>").document
        #expect(hongKong.requestedDeliveryDate == "2027-01-05")
        #expect(hongKong.issues.contains { $0.code == "ambiguous_date" })
        #expect(hongKong.confidence < 0.95)
        // Unknown, with no country in the address: left for a person.
        let unknown = PlainOrderMail.extract(body, from: "Someone <buyer@example.com>").document
        #expect(unknown.requestedDeliveryDate == nil)
        #expect(unknown.issues.contains { $0.code == "ambiguous_date" })
    }

    @Test func aSKUCountsOnlyWrittenAsAWordOfItsOwn() {
        #expect(MasterData.writesAsWord("CB-2P-30A", in: "please send 8 pcs CB 2P 30A"))
        #expect(MasterData.writesAsWord("CB-2P-30A", in: "cb-2p-30a x 8"))
        #expect(!MasterData.writesAsWord("CB-2P-30A", in: "8 RCCB 2P 30A 30mA"))
        #expect(!MasterData.writesAsWord("CB-2P-30A", in: "CB-2P-30AX"))
    }

    @Test func aDifferentFigureIsNoTypo() {
        let ties = FuzzyProductMatcher(products: [
            Product(sku: "CT-150", name: "Cable Ties 150mm", aliases: ["cable ties 150mm"], unit: "pack"),
            Product(sku: "CT-200", name: "Cable Ties 200mm", aliases: ["cable ties 200mm"], unit: "pack"),
            Product(sku: "CT-300", name: "Cable Ties 300mm", aliases: ["cable ties 300mm"], unit: "pack"),
        ])
        #expect(ties.guess("the 300mm cable ties")?.product.sku == "CT-300")
        #expect(!FuzzyProductMatcher.contains(["200mm"], "300mm"))
        // A slip in a word is still forgiven.
        #expect(FuzzyProductMatcher.contains(["stapler"], "staplr"))
    }

    @Test func aPriceClauseAfterTheClauseNamingItsItem() {
        let found = PricedPhrase.phrases(in: "S$ 6.80 each", previous: "Price for the twin sockets as per your quote")
        #expect(found.first?.phrase == "twin sockets")
        #expect(found.first?.price == Decimal(string: "6.80"))
    }

    @Test func theCustomersOwnNameOverTheStreetIsNoAddressLine() {
        #expect(ShipToFieldReader.isOrganisationLine("Sunny Juice Bar Central Kitchen", company: "Sunny Juice Bar Sdn Bhd"))
        // With a figure or a comma, the line is a place of the address ("Harbourview Hotel Kowloon, Receiving Dock B1").
        #expect(!ShipToFieldReader.isOrganisationLine("Harbourview Hotel Kowloon, Receiving Dock B1", company: "Harbourview Hotel Group"))
        #expect(!ShipToFieldReader.isOrganisationLine("Kowloon Bay Warehouse", company: "Sunny Juice Bar Sdn Bhd"))
        // Kowloon Office Supplies Ltd is on file for this sender.
        let body = "Please send 10 boxes of A4 copy paper.\n\nDeliver to:\nKowloon Office Central Store\nUnit 5, 8/F, 123 Nathan Road, Kowloon\nAttn: Lin Mei, 9123 4567\n\nThanks"
        let document = PlainOrderMail.extract(body, from: "Tony Leung <orders@kowloon-office.hk>").document
        #expect(document.shipTo.address == "Unit 5, 8/F, 123 Nathan Road, Kowloon")
        #expect(document.shipTo.recipient == "Lin Mei")
    }

    @Test func aNameHalfOfWhatWasWrittenLeavesRoomForAnotherProduct() {
        let pineapple = Product(sku: "FRT-PIN", name: "金鑽鳳梨", aliases: ["鳳梨", "凤梨", "金钻凤梨"], unit: "顆")
        // 凤梨释迦 (atemoya) is another fruit: 凤梨 is half of it.
        #expect(MissedItemChecks.unnamedWords("凤梨释迦", product: pineapple) != nil)
        #expect(MissedItemChecks.unnamedWords("金钻凤梨", product: pineapple) == nil)
    }

    @Test func iWouldSayAnEight() {
        #expect(SurveyReader.rating(in: "Q1 - I'd say an eight. Prices are fair.", scale: 10) == 8)
        #expect(SurveyReader.rating(in: "I'd say 9, well packed.", scale: 10) == 9)
    }

    @Test func anOrderNumberWrittenWithASlash() {
        let document = PlainOrderMail.extract("Client dah tangguh projek, so please cancel our order SO2026/00776 – semua item.", subject: "Cancel order").document
        #expect(document.orderReference == "SO-2026-00776")
        #expect(document.kind == .cancellation)
    }

    @Test func aDimensionAfterTimesIsNoCount() {
        #expect(ItemQuantity.quantity(in: "自粘防水卷材 1m×10m：八卷")?.0 == 8)
        #expect(ItemQuantity.quantity(in: "gypsum board 1200x2400mm 20 pcs")?.0 == 20)
        // A count after × stays one.
        #expect(ItemQuantity.quantity(in: "A4 copy paper × 10箱")?.0 == 10)
    }

    @Test func aSizeWordBetweenTheCountAndItsUnit() {
        #expect(ItemClauses.sizeWordAfterUnit("2 jumbo bag sand") == "2 bag jumbo sand")
        #expect(ItemClauses.sizeWordAfterUnit("3 large boxes of gloves") == "3 boxes large of gloves")
        #expect(ItemClauses.sizeWordAfterUnit("10 bag cement 40kg") == "10 bag cement 40kg")
    }

    @Test(arguments: [("Broccoli - 30 catty", "30", "catty"), ("高麗菜 20斤", "20", "斤"), ("青蔥 五把", "5", "把"), ("Coriander 6 bunches", "6", "bunch")])
    func produceUnits(_ text: String, _ count: String, _ unit: String) {
        let found = ItemQuantity.quantity(in: text)
        #expect(found.map { DecimalText.format($0.0) } == count, "\(text)")
        #expect(ItemUnits.normalizeUnit(found?.1) == unit, "\(text)")
    }

    @Test func aShopsAddressAndWhoReceivesUnderLabelsOfTheirOwn() {
        let document = PlainOrderMail.extract("你好\nA4影印紙 10箱\n店址：台中市南屯區向上路二段168號1樓\n收貨：蔡佳穎 0922-118-765\n謝謝").document
        #expect(document.shipTo == .init(recipient: "蔡佳穎", address: "台中市南屯區向上路二段168號1樓", phone: "0922-118-765"))
    }

    @Test func labelsWrittenWithASpaceForTheColon() {
        let document = PlainOrderMail.extract("你好\nA4影印紙 二十箱\n地址 台中市大里區中興路二段300號\n電話 04-2407-3210 林小姐\n謝謝").document
        #expect(document.shipTo == .init(recipient: "林小姐", address: "台中市大里區中興路二段300號", phone: "04-2407-3210"))
        // A phone so written outside a ship-to block (a signature) is none.
        #expect(FieldLabels.split("手机 139 2200 8899") == nil)
    }

    @Test func halfACarton() {
        #expect(ItemQuantity.quantity(in: "雞蛋 半箱")?.0 == Decimal(string: "0.5"))
        #expect(ItemQuantity.mayHoldNumber("雞蛋 半箱"))
    }

    @Test func countsInBlocksAndSticks() {
        #expect(ItemQuantity.quantity(in: "三星870 1T固态硬盘 5块")?.0 == 5)
        #expect(ItemQuantity.quantity(in: "16G内存条 DDR4 10根")?.0 == 10)
    }

    @Test func theCountItIsNotTheOneWritten() {
        let body = "你好，帮我们订一下：\nA4复印纸 5箱\n订书机 10台\n不好意思，订书机是8台，不是10台。\n谢谢"
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "STP-24-6"])
        #expect(document.lines.map(\.quantity) == ["5", "8"])
        #expect(ItemCorrections.countSaidInsteadOfAnother("内存条是8根", line: "不好意思，内存条是8根，不是10根。")?.0 == "内存条")
        #expect(ItemCorrections.countSaidInsteadOfAnother("内存条是8根", line: "内存条是8根") == nil)
    }

    @Test func aPriceForAGroupOfItems() {
        let body = "Hi,\n- 10 boxes of A4 copy paper\n- 5 boxes of A3 copy paper\n- 2 pcs HP 26A toner\nLast time you quoted NT$600 per box for the copy paper, hope that still stands.\nThanks"
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "PAP-A3-80", "TON-HP-26A"])
        #expect(document.lines.map(\.unitPrice) == ["600", "600", nil])
    }

    @Test func anOrganisationsNameInAWebForm() {
        #expect(FieldLabels.split("機構名稱:童心藝術教室")?.field == .company)
        #expect(FieldLabels.split("单位名称: 南山实验中学")?.field == .company)
    }

    @Test func askingBeforeOrderingIsNoOrder() {
        let asking = PlainOrderMail.extract("你好，\n我们下个月大概需要20箱A4复印纸。\n想先问一下：现在报价多少？下单后几天能到？\n确认后我再走内部审批流程下单。",
                                            from: "Sun Wei <it@suzhou-yuanda.example>", subject: "咨询：A4复印纸价格和货期").document
        #expect(asking.kind == .other)
        let ordering = PlainOrderMail.extract("您好，我们是新客户，想先订购A4复印纸5箱试用，请寄到杭州市西湖区文三路100号，货到付款。",
                                              from: "Liu Yang <liu.yang@newco.example>", subject: "采购咨询并下单").document
        #expect(ordering.kind == .order)
    }

    @Test func aWeekdayBeforeTheDateItFallsOnIsThatDate() {
        let day = CalendarDate(year: 2026, month: 5, day: 14)!  // a Thursday
        if case .date(let date)? = DateResolver(reference: day).resolveRequested("Delivery date: Monday, 1 June 2026, before 10:00 am") {
            #expect(date.description == "2026-06-01")
        } else {
            Issue.record("no date")
        }
        // A weekday and a date it does not fall on are two things; the first still leads.
        if case .date(let date)? = DateResolver(reference: day).resolveRequested("deliver on Monday, we close on 3 June") {
            #expect(date.description == "2026-05-18")
        } else {
            Issue.record("no date")
        }
    }

    @Test(arguments: [("全棉斜纹布240g 藏青，280.5米", "280.5", "m"), ("Chiffon #08 - 30 yards", "30", "yd"), ("18L树脂扣 白色，40罗", "40", "罗"),
                      ("Type-C 線 2米的 三條", "3", "條")])
    func fabricByTheMetreAndButtonsByTheGross(_ text: String, _ count: String, _ unit: String) {
        let found = ItemQuantity.quantity(in: text)
        #expect(found.map { DecimalText.format($0.0) } == count, "\(text)")
        #expect(ItemUnits.normalizeUnit(found?.1) == unit, "\(text)")
    }

    @Test func postponedIsNoLateDelivery() {
        let moved = PlainOrderMail.extract("您好！贵司订单号 SO-2026-00803 原定5月13日交货。因为仓库盘点，收不了货，麻烦推迟到下周三再送，数量和地址都不变。",
                                           subject: "关于订单SO-2026-00803交期推迟").document
        #expect(moved.kind == .changeRequest)
        let late = PlainOrderMail.extract("订单 SO-2026-00803 的货今天才到，迟到了三天，影响我们生产。", subject: "SO-2026-00803 送货迟到").document
        #expect(late.kind == .complaint)
    }

    @Test func cantoneseChangesToAnOrder() {
        let document = PlainOrderMail.extract("你好，\n想改少少：A4影印紙改做A3，數量一樣10箱。另外幫我加多2台釘書機。\n其他唔變，唔該。",
                                              subject: "Re: 訂單確認 SO-2026-00735").document
        #expect(document.kind == .changeRequest)
    }

    @Test func aFractionIsOneSize() {
        #expect(FuzzyProductMatcher.features(of: "1/2 GN pan 100mm").contains("1of2"))
        let pans = FuzzyProductMatcher(products: [
            Product(sku: "GN-11-100", name: "Gastronorm Pan 1/1 100mm", aliases: ["1/1 GN pan 100mm"], unit: "pcs"),
            Product(sku: "GN-12-100", name: "Gastronorm Pan 1/2 100mm", aliases: ["1/2 GN pan 100mm"], unit: "pcs"),
            Product(sku: "GN-13-100", name: "Gastronorm Pan 1/3 100mm", aliases: ["1/3 GN pan 100mm"], unit: "pcs"),
        ])
        #expect(pans.guess("GN 1/2 pans, 100mm deep")?.product.sku == "GN-12-100")
    }

    @Test func aPacksSizeIsNoPrice() {
        #expect(ItemPrices.price(in: "3号尼龙拉链20cm 黑色，12包（每包100条）").0 == nil)
        #expect(ItemPrices.price(in: "A4影印紙 10箱，每箱 650").0 == Decimal(650))
        // A sentence's point after the price is no decimal of it.
        #expect(ItemPrices.price(in: "300 USB-C connectors @ 0.42.").0 == Decimal(string: "0.42"))
    }

    @Test func thePriceListAsTheBasisOfPricesIsNoInquiry() {
        let document = PlainOrderMail.extract("锦华你好，\n我们要订货，麻烦安排出货：\nA4复印纸 20箱\n订书机 5台\n价钱：复印纸 NT$640/箱，订书机照价目表。").document
        #expect(document.kind == .order)
    }

    @Test func aPriceOnAnItemLineForAnotherItemOfTheProse() {
        let body = "Hi,\nWe need 10 boxes of A4 copy paper and another 5 boxes of\nthe A3 copy paper. NT$1,100 per box for the A3 copy paper, as you quoted; the A4 at the usual price.\nThanks"
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "PAP-A3-80"])
        #expect(document.lines.map(\.unitPrice) == [nil, "1100"])
    }

    @Test func buttonsByTheGrossInCantonese() {
        #expect(ItemQuantity.quantity(in: "18L黑色鈕扣三籮")?.0 == 3)
        // A length in metres written as "3m" stays a spec in English.
        #expect(ItemQuantity.quantity(in: "half a dozen 3m Cat6 patch cables")?.0 == 6)
    }

    @Test(arguments: [("Friday next week", "2026-04-24"), ("by Friday of next week", "2026-04-24"), ("next Friday", "2026-04-24"), ("by Friday", "2026-04-17")])
    func theWeekNamedAfterTheDay(_ text: String, _ expected: String) {
        let tuesday = CalendarDate(year: 2026, month: 4, day: 14)!
        if case .date(let date)? = DateResolver(reference: tuesday).relativeDay(text) {
            #expect(date.description == expected, "\(text)")
        } else {
            Issue.record("no date in \(text)")
        }
    }

    @Test func aSKUAcrossTheWordsOfANameIsNoMatch() {
        let master = MasterData(products: [
            Product(sku: "CH-MEL", name: "Melamine Chopsticks (10 pairs)", aliases: ["melamine chopsticks"], unit: "pack"),
            Product(sku: "MB-PLATE-8", name: "Melamine Plate 8 inch", aliases: ["8\" melamine plate"], unit: "pcs"),
        ], customers: [])
        // "8 inch melamine" holds "chmel" across its words.
        #expect(master.product(matching: "8 inch melamine plate")?.sku != "CH-MEL")
        #expect(master.product(matching: "CH-MEL")?.sku == "CH-MEL")
        // Nor in the list of every product a text names.
        #expect(!master.allMentions(in: "two dozen 8 inch melamine plates").map(\.sku).contains("CH-MEL"))
        #expect(master.allMentions(in: "24 pcs 8\" melamine plate, 2 packs CH-MEL").map(\.sku) == ["CH-MEL", "MB-PLATE-8"])
    }

    @Test func aChineseNumeralRightAfterALatinSize() {
        #expect(ItemQuantity.quantity(in: "保鮮紙30cm兩卷")?.0 == 2)
        // A digit right after a letter is still part of a code.
        #expect(ItemQuantity.quantity(in: "HP26A 碳粉匣")?.0 != 26)
    }

    @Test func aCountedClauseWithoutAnAliasInAListLineIsGuessed() {
        let master = MasterData(products: [
            Product(sku: "CF-30", name: "Cling Film 30cm x 300m", aliases: ["30cm保鮮紙"], unit: "roll"),
            Product(sku: "AF-30", name: "Aluminium Foil Roll 30cm x 90m", aliases: ["30cm錫紙"], unit: "roll"),
            Product(sku: "GL-NIT-M", name: "Nitrile Gloves M", aliases: ["中碼手套"], unit: "box"),
        ], customers: [])
        // 保鮮紙30cm and 錫紙30cm are no aliases (30cm保鮮紙 is): only a guess reads them, in their place.
        let text = TextNormalizer.normalize("聽日送保鮮紙30cm兩卷、錫紙30cm兩卷、中碼手套三盒去舖頭")
        let items = ItemLineReader(master: master).parseItemLines([TextLine(text: text, location: "body line 1")])
        #expect(items.map(\.line.sku) == ["CF-30", "AF-30", "GL-NIT-M"])
        #expect(items.map(\.line.quantity) == ["2", "2", "3"])
    }

    @Test func daysUnderATermsLabelAreNetTerms() {
        let csv = "PO_NO,ITEM_DESC,QTY,PAYMENT_TERMS\nSPM-PO-1,A4 COPY PAPER,10,30 DAYS\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.paymentMethod == .netTerms)
        #expect(document.paymentTerms == "30 DAYS")
    }

    @Test func aMalayDeliverySentence() {
        let document = PlainOrderMail.extract("Nak order:\n- A4 copy paper x 10 box\nHantar paling lewat 15/4 ya.").document
        #expect(document.requestedDeliveryDate == "2027-04-15")
    }

    @Test func aLongLineOfAWebFormIsReadWithoutBacktracking() {
        // 100 KB in the notes box: the email address search and the PO split once went over the
        // line again for every character of it.
        let note = "Customer PO: HAA-PO-0519 " + String(repeating: "X ", count: 50_000)
        let json = #"{"items": [{"sku": "PAP-A4-80", "qty": 4}], "notes": "\#(note)"}"#
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(json.utf8), filename: "web.json", fileLabel: "web.json").document
        #expect(document.purchaseOrder == "HAA-PO-0519")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(OrderFieldReader.firstEmailAddress(in: String(repeating: "x", count: 10_000) + " mail buyer@example.com now") == "buyer@example.com")
        #expect(OrderFieldReader.firstEmailAddress(in: String(repeating: "x", count: 10_000)) == nil)
    }
}
