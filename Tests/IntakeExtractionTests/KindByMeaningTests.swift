import Foundation
import IntakeExtraction
import IntakeModel
import Testing

/// Kinds by what the customer means: a complaint names items and counts too, a prospect's
/// monthly estimate is no order, moving a delivery earlier or later is a change, and taking up a
/// quotation is an order.
@Suite struct KindByMeaningTests {
    func kind(_ body: String, subject: String = "order", inReplyTo: String? = nil) -> MessageKind {
        PlainOrderMail.extract(body, subject: subject, inReplyTo: inReplyTo).document.kind
    }

    static let ourShippingNotice = "<20261020093000.SO-2026-00533@desk.example>"

    @Test(arguments: ["昨天收到的A4影印紙送成B5了，我們訂的是A4（10箱），麻煩盡快換貨。",
                      "上周收到货了，但是A4复印纸少了2箱，订单是10箱，只到了8箱，麻烦补发。",
                      "We received only 8 boxes of A4 copy paper instead of 10. Could you send the missing 2 boxes?"])
    func aComplaintThatNamesItemsAndCountsIsAComplaint(_ body: String) {
        #expect(kind(body, subject: "Re: shipping notice", inReplyTo: Self.ourShippingNotice) == .complaint, "\(body)")
    }

    @Test func aProspectsMonthlyEstimateIsNoOrder() {
        let body = "We are opening a cafe and expect to need roughly 20 boxes of A4 copy paper a month.\nCould you please send us your price list and minimum order quantities?"
        #expect(kind(body, subject: "Enquiry - wholesale prices") == .other)
    }

    @Test(arguments: ["這張訂單能否提前到明天送達？品項數量都不變。", "Could you deliver the order two days earlier, on Thursday?"])
    func movingADeliveryIsAChange(_ body: String) {
        #expect(kind(body, subject: "Re: 訂單確認", inReplyTo: "<20261020093000.SO-2026-00540@desk.example>") == .changeRequest, "\(body)")
    }

    @Test func takingUpAQuotationIsAnOrder() {
        let body = "Thanks for the quote. Please go ahead with 10 boxes of A4 copy paper at NT$620 as quoted."
        #expect(kind(body, subject: "RE: Quotation Q-2026-0227") == .order)
        #expect(kind("家豪你好，這次要：\nA4影印紙 十箱\n價格照上次報價沒問題。", subject: "Fwd: 叫貨") == .order)
    }

    /// "EN ISO 20345" names a standard, not our order SO-2034-5: an inquiry stays an inquiry.
    @Test func aStandardsNumberIsNoOrderReference() {
        let document = PlainOrderMail.extract("Could you please send us your best price and MOQ for:\n- A4 copy paper, approx. 200 boxes\nwith test certificates (EN ISO 20345).", subject: "Inquiry: paper").document
        #expect(document.orderReference == nil)
        #expect(document.kind == .other)
    }
}
