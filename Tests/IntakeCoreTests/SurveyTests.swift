import Foundation
import IntakeCore
import IntakeMIME
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// Surveys after completion, on an injectable clock: who gets one and who does not, once only,
/// and how replies and opt-outs come back in.
@Suite struct SurveyTests {
    func desk(scale: Int = 5) async throws -> (TestDesk, Desk, TestClock) {
        let testDesk = try TestDesk(extraYAML: """
            surveys:
              after_days: 3
              min_days_between: 30
              scale: \(scale)
            """)
        let clock = TestClock()
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"),
                            actor: "tester", clock: { clock.date })
        _ = try await desk.cycle()
        return (testDesk, desk, clock)
    }

    func complete(_ desk: Desk, _ sequence: Int) async throws {
        let number = OrderNumber(year: 2026, sequence: sequence)
        try await desk.followUp.apply(.ship(carrier: nil, tracking: nil), to: number)
        try await desk.followUp.apply(.complete, to: number)
    }

    func reply(_ testDesk: TestDesk, name: String, from: String, subject: String, inReplyTo: String?, body: String) {
        var lines = ["From: \(from)", "To: orders@desk.example", "Subject: \(subject)", "Message-ID: <\(name)@customer.example>",
                     "Date: Mon, 07 Dec 2026 10:00:00 +0800", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
        if let inReplyTo { lines.insert("In-Reply-To: <\(inReplyTo)>", at: 4) }
        _ = testDesk.folder.write("inbox/\(name).eml", (lines + ["", body]).joined(separator: "\r\n"))
    }

    @Test func oneSurveyPerOrderAfterTheWaitAndTheReplyIsCaptured() async throws {
        let (testDesk, desk, clock) = try await desk()
        do { defer { withExtendedLifetime(testDesk) {} }
            try await complete(desk, 1)                          // 陳偉, zh-TW
            #expect(try await desk.surveys.send().isEmpty, "not before after_days")
            // A dry run says who is waiting and from which day.
            let waiting = try await desk.surveys.send(dryRun: true)
            #expect(waiting.map(\.outcome) == [.wait])
            let completedAt = try #require(try await desk.review.order(OrderNumber(year: 2026, sequence: 1)).fulfilment.completedAt)
            let dueDay = DateFormatter()
            dueDay.timeZone = desk.configuration.desk.timeZone
            dueDay.dateFormat = "yyyy-MM-dd"
            #expect(waiting.first?.reason.contains("due from \(dueDay.string(from: completedAt.addingTimeInterval(3 * 86_400)))") == true,
                    "\(waiting.first?.reason ?? "")")
            clock.advance(days: 3.5)
            let dry = try await desk.surveys.send(dryRun: true)
            #expect(dry.map(\.outcome) == [.send])
            #expect(try await desk.store.surveys().isEmpty, "a dry run changes nothing")
            let sent = try await desk.surveys.send()
            #expect(sent.map(\.outcome) == [.sent])
            #expect(try await desk.surveys.send().isEmpty, "a second run sends nothing")
            let survey = try #require(try await desk.store.surveys().first)
            #expect(survey.orderNumber.description == "SO-2026-00001")
            let record = try #require(try await desk.store.outbox().first { $0.purpose == "survey" })
            let message = try MIMEParser().parse(try #require(try await desk.store.outboxMessage(id: record.id)?.1))
            #expect(message.subject == "訂單 SO-2026-00001 滿意度調查 [\(survey.token)]")
            #expect(message.headers.value("Auto-Submitted") == "auto-generated")
            #expect(message.headers.value("List-Unsubscribe") == "<mailto:orders@desk.example?subject=unsubscribe>")
            let text = try #require(message.bodyParts().first?.decodedText(fallbackCharsets: []).text)
            #expect(text.contains("1（很差）到 5（非常好）"))
        }
        // The customer answers in the survey's thread.
        let survey = try #require(try await desk.store.surveys().first)
        let record = try #require(try await desk.store.outbox().first { $0.purpose == "survey" })
        reply(testDesk, name: "answer", from: "陳偉 <chen.wei@hsinyi-tech.com.tw>", subject: "Re: 滿意度調查", inReplyTo: record.messageID,
              body: "4 分，送貨有點慢\r\n\r\n> 請直接回覆本郵件，給 1（很差）到 5（非常好）分，並可附上意見，例如：4 分，送貨有點慢")
        _ = try await desk.intake.poll()
        let answered = try #require(try await desk.store.survey(token: survey.token, order: nil))
        #expect(answered.rating == 4)
        #expect(answered.comment == "送貨有點慢")
        #expect(answered.answerItemID != nil)
    }

    @Test func aReplyWithoutThreadHeadersIsRecognisedByTheSubjectToken() async throws {
        let (testDesk, desk, clock) = try await desk(scale: 10)
        try await complete(desk, 3)                              // Northwind, en
        clock.advance(days: 4)
        #expect(try await desk.surveys.send().map(\.outcome) == [.sent])
        let survey = try #require(try await desk.store.surveys().first)
        #expect(survey.scale == 10)
        let record = try #require(try await desk.store.outbox().first { $0.purpose == "survey" })
        let message = try MIMEParser().parse(try #require(try await desk.store.outboxMessage(id: record.id)?.1))
        #expect(message.bodyParts().first?.decodedText(fallbackCharsets: []).text.contains("from 0 (not at all) to 10 (certainly)") == true)
        // A webmail reply that dropped In-Reply-To and References but kept the subject.
        reply(testDesk, name: "token", from: "purchasing@northwind.example", subject: "RE: \(record.subject)", inReplyTo: nil,
              body: "9 - always on time, thanks")
        _ = try await desk.intake.poll()
        let answered = try #require(try await desk.store.survey(token: survey.token, order: nil))
        #expect(answered.rating == 9)
        #expect(answered.comment == "always on time, thanks")
        let report = try await desk.reports.satisfaction(period: ReportPeriod())
        #expect(report.figures.first { $0.label == "NPS" }?.display == "+100")
    }

    @Test func openComplaintsOptOutsAndRecentSurveysAreSkippedWithTheirReasons() async throws {
        let (testDesk, desk, clock) = try await desk()
        // Confirmed after the first cycle: 1 Hsinyi, 2 Huaxin (whose complaint is in the example
        // inbox: an open case), 3 Northwind, 5 and 10 Greenleaf, 9 Kowloon.
        for sequence in [1, 2, 3, 5, 9] { try await complete(desk, sequence) }
        reply(testDesk, name: "complaint", from: "orders@kowloon-office.hk", subject: "Complaint about SO-2026-00009", inReplyTo: nil,
              body: "Two of the boxes arrived damaged, the paper is torn. Unacceptable.")
        reply(testDesk, name: "stop", from: "purchasing@northwind.example", subject: "unsubscribe", inReplyTo: nil, body: "")
        _ = try await desk.intake.poll()
        let cases = try await desk.store.cases().filter { $0.summary.hasPrefix("Two of the boxes arrived damaged") }
        #expect(cases.map(\.category) == [.damaged])
        #expect(cases.first?.orderNumber == OrderNumber(year: 2026, sequence: 9))
        #expect(cases.first?.customerEmail == "orders@kowloon-office.hk")
        #expect(try await desk.store.isOptedOut("purchasing@northwind.example"))

        clock.advance(days: 4)
        let decisions = Dictionary(uniqueKeysWithValues: try await desk.surveys.send().map { ($0.order, $0) })
        #expect(decisions["SO-2026-00001"]?.outcome == .sent)
        #expect(decisions["SO-2026-00005"]?.outcome == .sent)
        #expect(decisions["SO-2026-00002"]?.reason.contains("open complaint case") == true)
        #expect(decisions["SO-2026-00009"]?.reason.contains("open complaint case") == true)
        #expect(decisions["SO-2026-00003"]?.reason.contains("opted out") == true)

        // Greenleaf's second order, completed later, waits for min_days_between.
        try await complete(desk, 10)
        clock.advance(days: 4)
        let again = try await desk.surveys.send()
        #expect(again.first { $0.order == "SO-2026-00010" }?.reason.contains("within 30 days") == true)
        #expect(again.allSatisfy { $0.outcome == .skip })
        #expect(try await desk.store.surveys().map(\.orderNumber.description) == ["SO-2026-00001", "SO-2026-00005"])
        withExtendedLifetime(testDesk) {}
    }

    @Test func intakeRunSendsTheDueSurveysOnceADayAtSendAt() async throws {
        let testDesk = try TestDesk(extraYAML: """
            surveys:
              after_days: 3
              send_at: "10:00"
            """)
        let clock = TestClock()                                  // 2026-12-01 09:00 desk time
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"),
                            actor: "tester", clock: { clock.date })
        _ = try await desk.cycle()
        try await complete(desk, 1)
        clock.advance(days: 4)                               // 12-05 09:00: before send_at
        #expect(try await desk.dispatch().surveys.isEmpty)
        clock.advance(days: 1.0 / 24 * 1.5)                  // 10:30
        #expect(try await desk.dispatch().surveys.map(\.outcome) == [.sent])
        try await complete(desk, 3)
        clock.advance(days: 1.0 / 24)                        // 11:30 the same day: already ran today
        #expect(try await desk.dispatch().surveys.isEmpty)
        clock.advance(days: 4)                               // four days on, after 10:00
        let later = try await desk.dispatch().surveys
        #expect(later.map(\.order) == ["SO-2026-00003"])
        #expect(later.map(\.outcome) == [.sent])
        #expect(try await desk.store.outbox().filter { $0.purpose == "survey" && $0.state == .sent }.count == 2)
        withExtendedLifetime(testDesk) {}
    }
}
