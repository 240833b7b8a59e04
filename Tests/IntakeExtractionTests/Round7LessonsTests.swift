import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind round 7's misses, each as a general rule.
@Suite struct Round7LessonsTests {
    @Test func aRatingInWordsOnASurveyThatAsksHowSatisfied() {
        let body = "Overall I'd give you four out of five.\n\nOn Fri, 26 Jun 2026 at 10:00, Desk <orders@desk.example> wrote:\n> How satisfied were you with it, on a scale of 1 (poor) to 5 (excellent)?"
        let document = PlainOrderMail.extract(body, subject: "Re: A quick question about your recent order", inReplyTo: "<20260626100000.SO-2026-00411@desk.example>").document
        #expect(document.kind == .surveyResponse)
        #expect(document.survey.rating == 4)
    }

    @Test func aWeightAfterTheNameIsThePackSize() {
        #expect(ItemQuantity.quantity(in: "泌尿道處方飼料 3kg 十包")?.0 == 10)
        #expect(ItemQuantity.quantity(in: "麵粉 25kg")?.0 == 25)
    }

    @Test func aPurchaseOrderInASentenceAndAfterAComma() {
        #expect(PlainOrderMail.extract("我司订单 SO-2026-388（我方采购单号 PC-PO-20260702-03）请全部取消。").document.purchaseOrder == "PC-PO-20260702-03")
        #expect(PlainOrderMail.extract("A4影印紙 10箱\n我司订单号：XM-LC-1014，请安排出货：").document.purchaseOrder == "XM-LC-1014")
        #expect(OrderKeyMeaning.meaning(of: "buyer_po")?.field == .purchaseOrder)
    }

    @Test func aShipToLabelWithWordsAfterItACityLineAndAnExtension() {
        let body = "A4 copy paper 10 boxes\n\nDeliver to our fulfilment partner:\nAvenida do Coronel Mesquita No. 48, R/C\nMacau\nAttn: Joana Leong (tel. 03-425-7788#5)\n"
        let shipTo = PlainOrderMail.extract(body).document.shipTo
        #expect(shipTo.address == "Avenida do Coronel Mesquita No. 48, R/C, Macau")
        #expect(shipTo.recipient == "Joana Leong")
        #expect(shipTo.phone == "03-425-7788#5")
    }

    @Test func theEndOfThisMonth() {
        if case .date(let day)? = DateResolver(reference: CalendarDate(year: 2026, month: 8, day: 10)!).resolve("before the end of this month") {
            #expect(day.description == "2026-08-31")
        } else {
            Issue.record("no date read")
        }
    }
}

/// Tables of Outlook and ERP orders: variants told apart by one word, micro signs typed as u,
/// a pack spec written ×N after a weight, a row number run into the name.
@Suite struct VariantAndPackTests {
    let master = MasterData(products: [
        Product(sku: "BP-F", name: "Front Brake Pad Set Honda CR-V", aliases: ["CRV front pads"], unit: "set"),
        Product(sku: "BP-R", name: "Rear Brake Pad Set Honda CR-V", aliases: ["CRV rear pads"], unit: "set"),
        Product(sku: "TIP-200", name: "Pipette Tips 200 µL, racked, sterile (96/rack)", aliases: [], unit: "box"),
        Product(sku: "CK-80", name: "Cat Canned Chicken 80g (case of 24)", aliases: [], unit: "case"),
        Product(sku: "TN-85", name: "Cat Wet Food Tuna Pouch 85g (case of 24)", aliases: [], unit: "case"),
    ], customers: [])

    @Test func oneWordTellsTwoVariantsApart() {
        #expect(master.guessProduct("Honda CR-V front brake pads")?.product.sku == "BP-F")
        #expect(master.guessProduct("Honda CR-V brake pads") == nil)
    }

    @Test func aMicroSignTypedAsU() {
        #expect(TextNormalizer.matchKey("200 uL") == TextNormalizer.matchKey("200 µL"))
        #expect(master.product(matching: "Pipette Tips 200 uL, racked, sterile")?.sku == "TIP-200")
    }

    @Test func aPackCountAfterAWeightIsNotTheQuantity() {
        #expect(ItemQuantity.quantity(in: "金枪鱼妙鲜包 85g×24   五十箱")?.0 == 50)
        #expect(ItemQuantity.quantity(in: "A4 paper x 24")?.0 == 24)
    }

    @Test func aRowNumberRunIntoTheName() {
        let csv = "No Description,Qty\n2 Cat Canned Chicken 80g x24,15\n"
        let document = OrderExtractor(context: ExtractionContext(master: master)).extract(bytes: Array(csv.utf8), filename: "t.csv", fileLabel: "t.csv").document
        #expect(document.lines.first?.quantity == "15")
        #expect(document.lines.first?.description?.hasPrefix("Cat Canned") == true)
    }
}
