@testable import IntakeExtraction
import IntakeModel
import Testing

/// Requested dates as customers write them: month/day without a year (a weekday after it
/// decides), "the 20th", 後天, and in a change the date moved to, not the one moved from.
@Suite struct DeliveryDateTests {
    func resolve(_ text: String, on day: CalendarDate) -> String? {
        if case .date(let date)? = DateResolver(reference: day).resolveRequested(text) { return date.description }
        return nil
    }

    static let wednesday = CalendarDate(year: 2026, month: 8, day: 26)!

    @Test(arguments: [("11/20（五）", "2026-11-20"), ("4/24（六）", "2027-04-24"), ("4/24（五）", "2026-04-24"), ("on the 20th", "2026-09-20"), ("麻烦改到20号再送", "2026-09-20"),
                      ("麻煩改為後天（星期五）早上送", "2026-08-28"), ("明天", "2026-08-27"), ("the 28th", "2026-08-28")])
    func aDayWrittenTheWayCustomersDo(_ text: String, _ expected: String) {
        #expect(resolve(text, on: Self.wednesday) == expected, "\(text)")
    }

    @Test func aWeekdayAfterMonthAndDaySettlesWhichIsWhich() {
        // 2026-03-04 is a Wednesday and 2026-04-03 a Friday.
        let day = CalendarDate(year: 2026, month: 2, day: 20)!
        #expect(resolve("3/4 (Wed)", on: day) == "2026-03-04")
        #expect(resolve("3/4 (Fri)", on: day) == "2026-04-03")
    }

    @Test func anEnglishMonthDayIsReadWhenOnlyOneReadingIsSoon() {
        let day = CalendarDate(year: 2026, month: 3, day: 11)!
        #expect(resolve("by 4/10 at the latest", on: day) == "2026-04-10")
        if case .ambiguous? = DateResolver(reference: CalendarDate(year: 2026, month: 3, day: 30)!).resolveRequested("by 5/6") {} else {
            Issue.record("5/6 seen on 30 March is May 6 or June 5, both soon: it must be ambiguous")
        }
    }

    @Test(arguments: [("Could you please deliver on the 20th instead of the 15th?", "2026-09-20"),
                      ("原本 9/4（五）要送的貨，麻煩改到下週三再送", "2026-09-02"),
                      ("原訂8/28要送的這批貨，請延後到下週三再送", "2026-09-02")])
    func theDateMovedToNotTheDateMovedFrom(_ text: String, _ expected: String) {
        #expect(resolve(text, on: Self.wednesday) == expected, "\(text)")
    }

    /// Across sentences and wrapped lines of a mail: the later sentence moves the date.
    @Test func aPostponementInTheMailReadsTheNewDate() {
        let body = "我們的訂單原定本週五（12月4日）到貨，但實驗室下週一開始搬遷。\n麻煩改到\n12月9日再送，謝謝。"
        #expect(PlainOrderMail.extract(body).document.requestedDeliveryDate == "2026-12-09")
        let english = "Our opening has slipped. Could you please deliver\non the 20th instead of the 15th? Same address."
        #expect(PlainOrderMail.extract(english).document.requestedDeliveryDate == "2026-12-20")
    }

    /// An order that names no delivery word but a day to come wants its goods then.
    @Test func aDayToComeInAnOrderIsItsDeliveryDate() {
        #expect(PlainOrderMail.extract("Hi, for next Tuesday, please:\nA4 copy paper 10 boxes\nThanks").document.requestedDeliveryDate == "2026-12-08")
        #expect(PlainOrderMail.extract("Hi, last Tuesday you sent 5.\nA4 copy paper 10 boxes\nThanks").document.requestedDeliveryDate == nil)
    }
}
