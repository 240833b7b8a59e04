import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// The currency as written: NT$, HK$, US$ right before a figure, and 元 or ¥ from a customer
/// whose yuan is the mainland's; the catalog's only when the message writes none.
@Suite struct WrittenCurrencyTests {
    @Test(arguments: [("帽子每頂 NT$140", "TWD"), ("Ribeye 20 kg HK$310.00", "HKD"), ("pads at US$65.00/set", "USD")])
    func aSymbolRightBeforeTheFigureNamesTheCurrency(_ text: String, _ code: String) {
        #expect(PaymentParser.currency(in: text.lowercased()) == code)
    }

    @Test func yuanIsTheMainlandsFromAMainlandCustomer() {
        #expect(PaymentParser.writesYuan("无盐黄油 五十块，单价 ¥38"))
        #expect(PaymentParser.writesYuan("单价（元）"))
        #expect(!PaymentParser.writesYuan("A4复印纸 5箱"))
        #expect(PaymentParser.yuanCurrency(language: "zh-CN", text: "") == "CNY")
        #expect(PaymentParser.yuanCurrency(language: nil, text: "无盐黄油五十块，单价38元，请尽快发货") == "CNY")
        #expect(PaymentParser.yuanCurrency(language: nil, text: "無鹽奶油五十塊，單價38元，請盡快出貨") == nil)
        #expect(PaymentParser.yuanCurrency(language: "zh-HK", text: "") == "HKD")
    }

    @Test func anOrderPricedInYuanBySimplifiedTextIsInCNYAndOneWithoutPricesDefaultsToTheCatalog() {
        let yuan = PlainOrderMail.extract("您好，订购：\nA4复印纸 5箱，单价 ¥650\n请尽快发货，谢谢", from: "Li Wei <li.wei@unknown-buyer.example>")
        #expect(yuan.document.currency == "CNY")
        let plain = PlainOrderMail.extract("您好，订购：\nA4复印纸 5箱\n请尽快发货，谢谢", from: "Li Wei <li.wei@unknown-buyer.example>")
        #expect(plain.document.currency == "TWD")
        #expect(plain.origins.contains { $0.field == "currency" && $0.rule.hasPrefix("defaulted") })
    }
}
