import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind round 28's misses (an optical supplies wholesaler), each as a general rule.
@Suite struct Round28LessonsTests {
    static let master = MasterData(products: [
        Product(sku: "L156-HMC", name: "Spectacle lens 1.56 single vision HMC", aliases: ["1.56HMC", "1.56 單光 HMC"], unit: "pair", unitPrice: 380, currency: "TWD"),
        Product(sku: "L160-BLU", name: "Spectacle lens 1.60 single vision blue cut", aliases: ["1.60抗藍", "1.60 抗藍光"], unit: "pair", unitPrice: 640, currency: "TWD"),
        Product(sku: "L160-PG", name: "Spectacle lens 1.60 progressive HMC", aliases: ["1.60 漸進多焦點 HMC", "1.60 Progressive HMC"], unit: "pair", unitPrice: 2050, currency: "TWD"),
        Product(sku: "SOL-360", name: "Multi-purpose solution 360 ml", aliases: ["保養液360", "保養液 360ml"], unit: "bottle", unitPrice: 160, currency: "TWD"),
        Product(sku: "CL-1D", name: "Daily contact lenses 30 pack", aliases: ["日拋隱形眼鏡", "日抛隐形眼镜"], unit: "box", unitPrice: 420, currency: "TWD"),
        Product(sku: "NP-BAG", name: "Silicone nose pads", aliases: ["矽膠鼻墊"], unit: "bag", unitPrice: 60, currency: "TWD"),
    ], customers: [
        Customer(email: "dongguang@shop.example", name: "黃俊傑", company: "東光眼鏡行", phone: "03-832-5406", language: "zh-TW", shipTo: "花蓮縣花蓮市中山路265號"),
        Customer(email: "tsai@clinic.example", name: "蔡宗翰", company: "大愛眼科診所", phone: "04-2471-9930", language: "zh-TW"),
    ])

    func extract(_ body: String, from: String = "東光眼鏡 <dongguang@shop.example>", subject: String = "訂貨",
                 inReplyTo: String? = nil) -> OrderDocument {
        let message = """
        From: \(from)
        To: orders@desk.example
        Subject: \(subject)
        \(inReplyTo.map { "In-Reply-To: \($0)\n" } ?? "")Date: Tue, 1 Dec 2026 10:00:00 +0800
        Message-ID: <r28-\(abs(body.hashValue))@shop.example>
        Content-Type: text/plain; charset=utf-8

        \(body)
        """
        return OrderExtractor(context: Self.context).extract(bytes: Array(message.replacingOccurrences(of: "\n", with: "\r\n").utf8),
                                                            filename: "m.eml", fileLabel: "m.eml").document
    }

    static let context = ExtractionContext(master: master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                           receivedAt: Date(timeIntervalSince1970: 1_795_000_000))

    /// "30副" of lenses sold by the pair is 30 pairs: the order keeps the catalog's unit. A 箱 of
    /// a product sold by the box may hold several boxes, and stays as written.
    @Test func aCountingWordThatNamesTheCatalogsUnitBecomesIt() {
        let document = extract("訂購：\n1.56HMC 30副\n保養液360 24瓶\n日拋隱形眼鏡 2箱\n矽膠鼻墊 3包")
        #expect(document.lines.map(\.sku) == ["L156-HMC", "SOL-360", "CL-1D", "NP-BAG"], "\(document.lines)")
        #expect(document.lines.map(\.unit) == ["pair", "bottle", "箱", "bag"], "\(document.lines)")
        #expect(ItemUnits.means("盤", "reel") && ItemUnits.means("pairs", "pair") && ItemUnits.means("顆", "pcs"))
        #expect(!ItemUnits.means("箱", "box") && !ItemUnits.means("盒", "pcs") && !ItemUnits.means("pcs", "reel"))
    }

    /// A phone's one line, items apart by spaces only: each ends at its count.
    @Test func itemsOnOneLineApartBySpacesAreSplitAtTheirCounts() {
        let document = extract("1.56HMC 10副 1.60抗藍 6副 保養液360 12瓶 老樣子貨到付款 謝謝 東光 黃")
        #expect(document.lines.map(\.sku) == ["L156-HMC", "L160-BLU", "SOL-360"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["10", "6", "12"], "\(document.lines)")
        // A colour after the count stays with its item: one count, no split.
        #expect(ItemClauses(master: Self.master).splitAfterChineseCounts("矽膠鼻墊 2包 透明") == ["矽膠鼻墊 2包 透明"])
    }

    /// The shop's name shown as the sender's is the company's: the buyer on file is named.
    @Test func aShopsNameAsTheSendersIsNotTheBuyersName() {
        let document = extract("1.56HMC 10副")
        #expect(document.customer.name == "黃俊傑")
        #expect(document.customer.company == "東光眼鏡行")
        #expect(extract("1.56HMC 10副", from: "Huang Chun-chieh <dongguang@shop.example>").customer.name == "Huang Chun-chieh")
    }

    /// AUD (and other currencies beyond the region's) are currencies, and "@ AUD 98.00" a price.
    @Test func pricesInAustralianDollarsAreRead() {
        let document = extract("Please supply:\n- 1.60 Progressive HMC x 8 pairs @ AUD 98.00\n- 1.56HMC x 12 pairs @ AUD 40.50",
                               from: "Sarah <dongguang@shop.example>", subject: "Order")
        #expect(document.currency == "AUD")
        #expect(document.lines.map(\.unitPrice) == ["98", "40.5"], "\(document.lines)")
        #expect(PaymentParser.currency(in: "總價 澳幣 1,200") == "AUD")
    }

    /// A web form's items with three labels on one line, the delivery phone under 收件電話 and
    /// the contact's under 電話, and 月底前 counted from the form's 送出時間 (no Date header).
    @Test func aWebFormsLabelledItemsPhonesAndSubmissionTime() {
        let form = """
        === 線上訂貨單 ===
        送出時間：2026-04-08 15:42 (GMT+8)
        公司名稱：東光眼鏡行
        聯絡人：黃俊傑
        電話：03-832-5406
        Email：dongguang@shop.example

        --- 訂購品項 ---
        1. 品名：1.60 漸進多焦點 HMC\u{3000}數量：4\u{3000}單位：副
        2. 品名：矽膠鼻墊\u{3000}數量：4\u{3000}單位：包

        收件人：黃俊傑
        收件電話：0921-336-508
        送貨地址：花蓮縣花蓮市中山路265號
        希望到貨日：月底前
        """
        let document = OrderExtractor(context: Self.context).extract(bytes: Array(form.utf8), filename: "form.txt", fileLabel: "form.txt").document
        #expect(document.lines.map(\.sku) == ["L160-PG", "NP-BAG"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["4", "4"], "\(document.lines)")
        #expect(document.lines.map(\.unit) == ["pair", "bag"], "\(document.lines)")
        #expect(document.shipTo.phone == "0921-336-508")
        #expect(document.customer.phone == "03-832-5406")
        #expect(document.requestedDeliveryDate == "2026-04-30")
    }

    /// Stars before a survey comment, a sentence that only gives the score, and the shop's name
    /// under the buyer's are no part of the comment.
    @Test func surveyCommentsLeaveOutStarsScoresAndTheShopsName() {
        #expect(EmailReader.surveyComment("★★★★☆\n出貨很快，只是紙箱有點壓到。\n\n蔡宗翰\n大愛眼科診所", signer: "蔡宗翰", company: "大愛眼科診所")
                == "出貨很快，只是紙箱有點壓到。")
        #expect(EmailReader.surveyComment("滿分五分，我俾4分。送貨準時，包裝都好好。\n\n梁嘉欣\n明澈眼鏡行", signer: "梁嘉欣", company: "明澈眼鏡行")
                == "送貨準時，包裝都好好。")
        // A comment that is itself one sentence about the score stays.
        #expect(EmailReader.surveyComment("給5分!", signer: nil, company: nil) == "給5分!")
    }

    /// A first enquiry from a sender not on file: the company and phone under their name.
    @Test func aNewSendersSignatureGivesCompanyAndPhone() {
        let document = extract("""
            您好：
            想請問 1.60 漸進多焦點 HMC 的批發價格，如果每月進 20 副有折扣嗎？
            這次先詢價，謝謝。

            周育賢
            佳視眼鏡
            08-732-5516
            屏東市民生路58號
            """, from: "周育賢 <chou@new-shop.example>", subject: "詢價")
        #expect(document.customer.company == "佳視眼鏡")
        #expect(document.customer.phone == "08-732-5516")
        #expect(SignatureBlock.read("Kind regards,\n\nSarah Mitchell\nPurchasing Manager | Harbour Eyecare Pty Ltd\nT +61 2 9251 7730", name: "Sarah Mitchell")
                == ("Harbour Eyecare Pty Ltd", "+61 2 9251 7730"))
    }

    /// A reply to our quotation that orders some quoted items by their numbers and changes one
    /// count: the order is those items, from the quote, with the new count.
    @Test func aQuotationReplyOrdersTheQuotedItemsItNames() {
        let chinese = extract("""
            林先生 您好：

            報價單 QT-2026-0158 確認，第1、2、4項照報價下單，第3項（1.56HMC）這次先不要。
            另外第2項數量改成 40 副。

            張家豪

            ------------------ 原始郵件 ------------------
            > 張先生 您好，依您需求報價如下：
            >
            > 1. 1.60 抗藍光      50副  單價 NT$640
            > 2. 1.60 漸進多焦點 HMC        30副  單價 NT$1,990
            > 3. 1.56HMC      10副  單價 NT$360
            > 4. 保養液 360ml    12瓶  單價 NT$150
            """, subject: "Re: 報價單 QT-2026-0158")
        #expect(chinese.kind == .order)
        #expect(chinese.lines.map(\.sku) == ["L160-BLU", "L160-PG", "SOL-360"], "\(chinese.lines)")
        #expect(chinese.lines.map(\.quantity) == ["50", "40", "12"], "\(chinese.lines)")

        let english = extract("""
            Hi Jack,

            Thanks for the quick quote. Please proceed with items 1 and 3 at the quoted prices, but for item 1 we need 100 pairs instead of 50. We will skip the lenses of item 2 this time.

            Sarah

            -----Original Message-----
            From: Jack Lee <sales@desk.example>
            Sent: Thursday, March 5, 2026 2:30 PM
            Subject: Quotation Q-88

            1. 1.56HMC      50 pairs     TWD 360/pair
            2. 1.60 抗藍光    20 pairs     TWD 640/pair
            3. 保養液360      24 bottles   TWD 150/bottle
            """, from: "Sarah <dongguang@shop.example>", subject: "RE: Quotation Q-88")
        #expect(english.lines.map(\.sku) == ["L156-HMC", "SOL-360"], "\(english.lines)")
        #expect(english.lines.map(\.quantity) == ["100", "24"], "\(english.lines)")
        // An item given a new count is ordered though the list of items taken leaves it out;
        // "各改成" gives the count to each item the sentence named; the quoted items not ordered
        // leave no figure unexplained.
        let counted = extract("""
            報價收到，下單如下：
            第1項照報價；第3項保養液改成30瓶；
            第2項（1.60 抗藍光）這次先不要。

            > 1. 1.56HMC      50副  單價 NT$360
            > 2. 1.60 抗藍光    20副  單價 NT$640
            > 3. 保養液 360ml    12瓶  單價 NT$150
            """, subject: "Re: 報價單 QT-2026-0233")
        #expect(counted.lines.map(\.sku) == ["L156-HMC", "SOL-360"], "\(counted.lines)")
        #expect(counted.lines.map(\.quantity) == ["50", "30"], "\(counted.lines)")
        #expect(!counted.issues.contains { $0.code == .unexplainedFigures }, "\(counted.issues)")
        let each = QuotationReply.accepted([], from: [], fresh: "第1、2項照報價，但數量各改成30雙")
        #expect(each.isEmpty)
        #expect(QuotationReply.changedCount(in: "但數量各改成30雙")?.0 == 30)
        // Without words that accept it, a quoted quotation is history, not an order.
        #expect(!QuotationReply.accepts(subject: "Re: Quotation Q-88", fresh: "Thanks, we will compare items 1 and 3 with our stock and come back."))
    }

    /// An ERP's export headed in Portuguese (Macau), with units in Portuguese: read by its
    /// header, counted in the catalog's units.
    @Test func aTableHeadedInPortugueseIsRead() throws {
        let header = try #require(TableHeader.columns(forHeader: ["Código", "Descrição", "Qtd.", "Unid.", "Preço unit. (TWD)", "Total (TWD)"]))
        #expect(header.map[0] == .sku && header.map[1] == .product && header.map[2] == .quantity && header.map[3] == .unit && header.map[4] == .unitPrice)
        #expect(header.currency == "TWD")
        #expect(ItemUnits.means("par", "pair") && ItemUnits.means("cx", "box") && ItemUnits.means("fr", "bottle") && ItemUnits.means("Stk.", "pcs"))
        #expect(!ItemUnits.means("cx", "bottle"))
    }

    /// A product named on a line of its own (its pack size in brackets is no count), and rows
    /// under it that give a spec and a count: one line of that product per row.
    @Test func rowsUnderAProductGiveItsCountsBySpec() {
        let document = extract("""
            本次补货如下：

            日抛隐形眼镜（30片装）
              -2.00  4盒
              -3.00  6盒
            保養液360 12瓶
            """)
        #expect(document.lines.map(\.sku) == ["CL-1D", "CL-1D", "SOL-360"], "\(document.lines)")
        #expect(document.lines.map(\.quantity) == ["4", "6", "12"], "\(document.lines)")
        #expect(document.lines.first?.description?.hasSuffix("-2.00") == true, "\(document.lines)")
        // The pack size alone is no count.
        #expect(ItemQuantity.quantity(in: "日抛隐形眼镜（30片装）") == nil)
        #expect(ItemQuantity.quantity(in: "日抛隐形眼镜（30片装）2盒")?.0 == 2)
    }

    /// A change request's lines speak the catalog's units too.
    @Test func aChangeRequestsLinesUseTheCatalogsUnits() {
        let document = extract("前天那張單想修改一下：\n1.60 抗藍光 從 20 副改成 30 副，\n另外再加 1.56HMC 10 副。",
                               subject: "Re: 訂單確認 SO-2026-00412", inReplyTo: "<20260302.SO-2026-00412@desk.example>")
        #expect(document.kind == .changeRequest)
        #expect(document.lines.map(\.unit) == ["pair", "pair"], "\(document.lines)")
    }

    /// Round 29's auto-approved misses: a count in a unit of another kind than the product's
    /// (pieces of a part sold by the reel, reels of a string sold by the set) is checked by a
    /// person; the same kind of thing under another word (箱 of a box, 支 of a tube) is not.
    @Test func aCountInAUnitOfAnotherKindIsCheckedByAPerson() {
        let mismatched = extract("Please send 1.56HMC x 4 reels")
        #expect(mismatched.issues.contains { $0.code == .unitMismatch }, "\(mismatched.issues)")
        #expect(ItemUnits.compatible("箱", "box") && ItemUnits.compatible("支", "tube") && ItemUnits.compatible("carton", "case"))
        #expect(!ItemUnits.compatible("pcs", "reel") && !ItemUnits.compatible("公斤", "斤") && !ItemUnits.compatible("yd", "m"))
        // An ERP's PR is pairs.
        #expect(ItemUnits.normalizeUnit("PR") == "pair")
    }

    /// "3-star TT balls" is table tennis, not a telegraphic transfer; "payment by TT" is one.
    @Test func tableTennisIsNoBankTransfer() {
        #expect(PaymentParser.method(in: "FY-TT-B3S  3-star TT balls, box of 6  40 boxes\nPlease charge our Visa card on file") == .creditCard)
        #expect(PaymentParser.method(in: "Payment by TT within 30 days") == .bankTransfer)
        #expect(PaymentParser.method(in: "T/T in advance") == .bankTransfer)
    }

    /// A portal's export with the ship-to address in parts and the date under "deliverBy": the
    /// address is the parts joined, not the one on file; the date is the requested one.
    @Test func aPortalsAddressInPartsAndItsDeliverByAreRead() {
        let json = """
            {"order": {"buyer": {"email": "dongguang@shop.example"}, "deliverBy": "2026-05-06",
              "shipTo": {"attention": "Lee Ka Ho", "phone": "9034 2178",
                         "address1": "Unit 5, 12/F, Kwai Shing Industrial Building", "address2": "36 Tai Lin Pai Road, Kwai Chung"},
              "items": [{"supplierSku": "L156-HMC", "qty": 20, "uom": "PK"}]}}
            """
        let document = OrderExtractor(context: Self.context).extract(bytes: Array(json.utf8), filename: "portal.json", fileLabel: "portal.json").document
        #expect(document.shipTo.address == "Unit 5, 12/F, Kwai Shing Industrial Building, 36 Tai Lin Pai Road, Kwai Chung")
        #expect(document.requestedDeliveryDate == "2026-05-06")
        #expect(!document.issues.contains { $0.code == .shipToUnclear }, "\(document.issues)")
    }

    /// A recipient written for the delivery and no address read with it: the address on file is
    /// used, and a person checks it.
    @Test func aRecipientWithoutAnAddressReadIsCheckedAgainstTheFile() {
        let document = extract("1.56HMC 10副\n收件人：黃小姐\n請送到新倉庫")
        #expect(document.shipTo.recipient == "黃小姐")
        #expect(document.issues.contains { $0.code == .shipToUnclear }, "\(document.issues)")
    }
}
