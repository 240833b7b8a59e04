import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind round 10's wrong auto-approval and misses, each as a general rule.
@Suite struct Round10LessonsTests {
    @Test func aDateUnderTheDeliveryObjectIsTheRequestedDate() {
        #expect(OrderKeyMeaning.meaning(of: "delivery.preferred_date")?.field == .requestedDate)
        #expect(OrderKeyMeaning.meaning(of: "shipping.target_date")?.field == .requestedDate)
    }

    @Test func aDeliveryDateLabelIsNoAddressEvenEndingInAYear() {
        let body = "A4 copy paper 10 boxes\nDelivery: on or before 18/04/2026\n\nDeliver to:\nCheung Ka Fai\nShop 12, G/F, 38 Sai Yeung Choi Street South\nMong Kok, Kowloon, Hong Kong\n"
        let shipTo = PlainOrderMail.extract(body).document.shipTo
        #expect(shipTo.address == "Shop 12, G/F, 38 Sai Yeung Choi Street South, Mong Kok, Kowloon, Hong Kong")
        #expect(shipTo.recipient == "Cheung Ka Fai")
    }

    @Test func anAddresseeMarkedWith收() {
        let shipTo = PlainOrderMail.extract("A4影印紙 10箱\n送到：屏東縣屏東市民族路55號 張美玲收 0933-222-111").document.shipTo
        #expect(shipTo.address == "屏東縣屏東市民族路55號")
        #expect(shipTo.recipient == "張美玲")
        #expect(shipTo.phone == "0933-222-111")
    }

    @Test func aSentenceEndsAtAPointInsideAWrappedLine() {
        let body = "Change of plans - we're closed until the 19th. Could you\nplease deliver on the 20th instead of this Friday? Same items."
        #expect(PlainOrderMail.extract(body, subject: "Re: Order confirmation SO-2026-00398").document.requestedDeliveryDate == "2026-12-20")
    }

    @Test func ringgit() {
        #expect(PaymentParser.currency(in: "rm 25.00 per bottle") == "MYR")
    }

    @Test func pricesInRinggitSingaporeDollarsAndPounds() {
        #expect(ItemPrices.price(in: "40 bottles @ RM 52.00 (as agreed)").0 == 52)
        #expect(ItemPrices.price(in: "10 boxes @ S$12.50").0 == Decimal(string: "12.5"))
        #expect(PaymentParser.currency(in: "s$12.50") == "SGD")
        #expect(PaymentParser.currency(in: "£ 9.99") == "GBP")
    }
}
