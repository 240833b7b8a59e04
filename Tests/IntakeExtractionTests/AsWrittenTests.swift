import Testing
@testable import IntakeExtraction

/// Fields the desk copies onto labels and confirmations read as the customer wrote them.
@Suite struct AsWrittenTests {
    @Test func fullWidthBracketsComeBack() {
        let written = "收货人：陈丽\n地址：广州市越秀区东风中路318号（东风路小学北门）\n"
        let normalized = TextNormalizer.normalize("广州市越秀区东风中路318号（东风路小学北门）")
        #expect(normalized.contains("("))
        #expect(TextNormalizer.asWritten(normalized, in: written) == "广州市越秀区东风中路318号（东风路小学北门）")
    }

    @Test func fullWidthDigitsAndAnIdeographicSpace() {
        let written = "地址：台北市大安區復興南路一段１２３號　５樓"
        let normalized = TextNormalizer.normalize("台北市大安區復興南路一段１２３號　５樓")
        #expect(normalized == "台北市大安區復興南路一段123號  5樓")
        #expect(TextNormalizer.asWritten(normalized, in: written) == "台北市大安區復興南路一段１２３號　５樓")
    }

    @Test func textThatIsNotThereGivesNothing() {
        #expect(TextNormalizer.asWritten("高雄市", in: "地址：台北市") == nil)
        #expect(TextNormalizer.asWritten("", in: "地址：台北市") == nil)
    }

    @Test func theExtractedAddressKeepsItsBrackets() {
        let body = "您好，\nA4影印紙 10箱\n\n收件人：陳小姐\n地址：台北市中山區南京東路三段88號（大樓後門）\n謝謝"
        let document = PlainOrderMail.extract(body).document
        #expect(document.shipTo.address == "台北市中山區南京東路三段88號（大樓後門）")
    }
}
