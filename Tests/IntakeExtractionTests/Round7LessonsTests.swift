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
        #expect(LineItemParser.quantity(in: "泌尿道處方飼料 3kg 十包")?.0 == 10)
        #expect(LineItemParser.quantity(in: "麵粉 25kg")?.0 == 25)
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
