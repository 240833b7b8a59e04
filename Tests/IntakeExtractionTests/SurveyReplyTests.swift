import Foundation
import IntakeExtraction
import IntakeModel
import Testing

/// A reply to a satisfaction survey is a `survey_response` with its rating, however the rating is
/// written and whatever the survey's Message-ID looks like: the quoted survey says what was asked.
@Suite struct SurveyReplyTests {
    func reply(_ fresh: String, quoting survey: String, subject: String = "Re: How did we do?") -> OrderDocument {
        let body = fresh + "\n\nOn Thu, Dec 3, 2026 at 5:00 PM Desk <orders@desk.example> wrote:\n" + survey.split(separator: "\n").map { "> " + $0 }.joined(separator: "\n")
        return PlainOrderMail.extract(body, subject: subject, inReplyTo: "<20261204010000.SO-2026-00761@desk.example>").document
    }

    static let nps = "Thank you for your order SO-2026-00761.\nOn a scale of 0 to 10, how likely are you to recommend us to a colleague?"
    static let fivePoint = "請問您對本次服務的滿意度如何？請回覆1至5分：\n5 = 非常滿意、4 = 滿意、3 = 普通、2 = 不滿意、1 = 非常不滿意"

    @Test(arguments: [("I'd say 8/10. Parts arrived on time.", 8), ("1) I'd say 9. You're the most reliable supplier we have.", 9),
                      ("Rating: ★★★★☆\nOnly four stars because the delivery was late.", 4), ("九分。夾克品質很好。", 9)])
    func aRatingOnTheSurveysOwnScale(_ fresh: String, _ rating: Int) {
        let document = reply(fresh, quoting: Self.nps)
        #expect(document.kind == .surveyResponse)
        #expect(document.survey.rating == rating)
        #expect(document.orderReference == "SO-2026-00761")
    }

    @Test func wordsAreReadThroughTheSurveysLegend() {
        let document = reply("非常滿意。提前一天送到，幫了我們大忙，謝謝！", quoting: Self.fivePoint, subject: "回覆: 滿意度調查")
        #expect(document.kind == .surveyResponse)
        #expect(document.survey.rating == 5)
    }

    @Test func theQuestionCopiedIntoTheAnswerIsNotTheRating() {
        let document = reply("1. 您有多大可能推薦我們？（0-10 分）\n   答：九分。", quoting: Self.nps, subject: "Re: 滿意度調查")
        #expect(document.survey.rating == 9)
    }

    /// A reply to a confirmation that complains is not a survey reply.
    @Test func aReplyToAConfirmationIsNoSurveyReply() {
        let document = reply("The toner arrived damaged, 2 of 5 boxes broken.", quoting: "Your order SO-2026-00761 is confirmed: 5 boxes toner.", subject: "Re: Order confirmed")
        #expect(document.kind != .surveyResponse)
    }
}
