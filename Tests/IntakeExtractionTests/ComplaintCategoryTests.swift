import IntakeExtraction
import IntakeModel
import Testing

/// What a complaint is about, for the case it opens: the first category whose words it uses.
@Suite struct ComplaintCategoryTests {
    @Test(arguments: [
        ("The toner arrived crushed and the box was torn", CaseCategory.damaged),
        ("收到的貨品破損，請處理", .damaged),
        ("You sent the wrong colour, we ordered black", .wrongItem),
        ("发票金额不对，多收了我们两千元", .billing),
        ("The pump is defective and leaking", .quality),
        ("我們還沒收到上週的訂單", .lateDelivery),
        ("Please call me back about our account", .other),
    ])
    func aComplaintFallsInTheFirstCategoryItsWordsName(_ text: String, _ expected: CaseCategory) {
        #expect(ComplaintCategory.of(text) == expected)
    }
}
