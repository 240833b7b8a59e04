import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// The flowchart after the confirmation, end to end against the real testbed and through the
/// command line as an assistant and a scheduler would run it: orders come in over IMAP, are
/// confirmed over SMTP, shipped and completed; days later `intake survey send` sends exactly one
/// survey, which arrives in the customer's mailbox; their reply "4 分，送貨有點慢" is polled in and
/// shows in `intake report satisfaction`; a second run sends nothing; a customer with an open
/// complaint and one who opted out get none. Time moves with `INTAKE_NOW`.
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"))
struct AfterConfirmationAcceptanceTests {
    let testbed = Testbed.current!

    func order(from address: String, name: String, messageID: String, folder: TemporaryFolder) -> String {
        folder.write("\(messageID).eml", """
            From: \(name) <\(address)>\r
            To: Orders <orders@example.test>\r
            Subject: Order\r
            Date: Tue, 01 Dec 2026 09:00:00 +0800\r
            Message-ID: <\(messageID)@customer.example>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            您好，請寄 A4影印紙 10箱，送到台北市信義區松仁路100號。\r
            謝謝\r

            """)
    }

    func mail(from address: String, subject: String, inReplyTo: String?, body: String, name: String, folder: TemporaryFolder) -> String {
        folder.write("\(name).eml", ([
            "From: <\(address)>", "To: Orders <orders@example.test>", "Subject: \(subject)", "Date: Mon, 07 Dec 2026 10:00:00 +0800",
            "Message-ID: <\(name)@customer.example>",
        ] + (inReplyTo.map { ["In-Reply-To: <\($0)>", "References: <\($0)>"] } ?? []) + [
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, "",
        ]).joined(separator: "\r\n"))
    }

    @Test func confirmedShippedCompletedSurveyedAnsweredAndReported() async throws {
        let buyer = (testbed["TESTBED_USER_BUYER"], testbed["TESTBED_PASS_BUYER"])
        let mailbox = "Desk-\(UUID().uuidString.prefix(6))"
        try testbed.makeMailbox(mailbox, files: [])
        let testDesk = try TestDesk(withExamples: false, autoApprove: false, extraYAML: """
            surveys:
              after_days: 3
              min_days_between: 30
            """, sourcesYAML: testbed.deskMailboxSourceYAML(mailbox, after: "seen"), deliveryYAML: testbed.submissionDeliveryYAML)
        defer { withExtendedLifetime(testDesk) {} }
        // Three customers of the desk, all writing Traditional Chinese.
        let customers = try String(contentsOfFile: testDesk.folder.file("config/customers.csv"), encoding: .utf8)
        _ = testDesk.folder.write("config/customers.csv", customers + """
            \(buyer.0),林美華,美華文具行,02-2345-6789,zh-TW,bank_transfer,台北市信義區松仁路100號
            assistant@example.test,張志明,志明商行,02-2222-3333,zh-TW,bank_transfer,台北市大安區復興南路1號
            catchall@example.test,王小明,小明工作室,02-4444-5555,zh-TW,bank_transfer,台北市中山區南京東路2號

            """)
        let start = Date()
        func at(days: Double) -> String { ISO8601DateFormatter().string(from: start.addingTimeInterval(days * 86_400)) }
        func intake(_ arguments: [String], days: Double) throws -> IntakeProcess.Output {
            let output = try IntakeProcess.run(["--config", testDesk.configDirectory] + arguments,
                                               environment: ["TB_PASS": testbed.ordersPassword, "INTAKE_NOW": at(days: days)])
            #expect(output.status == 0 || arguments.first == "survey", "\(arguments): \(output.stdout) \(output.stderr)")
            return output
        }

        // Day 0: three orders arrive, are approved, confirmed over SMTP, shipped and completed.
        let files = [(buyer.0, "林美華"), ("assistant@example.test", "張志明"), ("catchall@example.test", "王小明")].enumerated().map { index, customer in
            order(from: customer.0, name: customer.1, messageID: "order\(index)-\(UUID().uuidString.prefix(8))", folder: testDesk.folder)
        }
        try testbed.append(files, to: mailbox)
        _ = try intake(["poll"], days: 0)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        let numbers = try await desk.review.queue().map(\.number.description)
        #expect(numbers.count == 3)
        _ = try intake(["queue", "approve"] + numbers, days: 0)
        _ = try intake(["confirm"], days: 0)
        _ = try intake(["run", "--once"], days: 0)
        for number in numbers {
            _ = try intake(["order", "ship", number, "--carrier", "黑貓宅急便", "--tracking", "T-\(number)"], days: 0.5)
            _ = try intake(["order", "complete", number], days: 1)
        }
        let byCustomer = Dictionary(uniqueKeysWithValues: try await desk.review.queue(states: [.completed]).map { ($0.customer.email ?? "", $0.number.description) })
        let buyerOrder = try #require(byCustomer[buyer.0])
        let complainerOrder = try #require(byCustomer["assistant@example.test"])

        // Day 2: one customer complains (an open case), another asks for no more surveys.
        try testbed.append([
            mail(from: "assistant@example.test", subject: "投訴 \(complainerOrder)", inReplyTo: nil, body: "收到的紙箱破損，影印紙也濕了。", name: "complaint", folder: testDesk.folder),
            mail(from: "catchall@example.test", subject: "退訂", inReplyTo: nil, body: "請不要再寄問卷給我。", name: "optout", folder: testDesk.folder),
        ], to: mailbox)
        _ = try intake(["poll"], days: 2)

        // Day 5: the scheduled run sends exactly one survey; the dry run said so first.
        let dry = try intake(["survey", "send", "--dry-run"], days: 5)
        #expect(dry.stdout.contains("1 would be sent"), "\(dry.stdout)")
        let send = try intake(["survey", "send"], days: 5)
        #expect(send.stdout.contains("1 surveys queued"), "\(send.stdout)")
        #expect(send.stdout.contains("open complaint case"), "\(send.stdout)")
        #expect(send.stdout.contains("opted out"), "\(send.stdout)")
        _ = try intake(["run", "--once"], days: 5)
        let survey = try #require(try await desk.store.outbox().first { $0.purpose == "survey" })
        #expect(survey.state == .sent)
        #expect(survey.orderNumber?.description == buyerOrder)
        let arrived = try await testbed.received(survey.messageID, account: buyer)
        #expect(arrived.count == 1, "the survey arrives once in the customer's mailbox")
        let headers = try IntakeProcess.python("""
            import email, sys
            from email import policy
            m = email.message_from_string(sys.stdin.read(), policy=policy.default)
            print(m["Subject"]); print(m["Auto-Submitted"]); print(m["List-Unsubscribe"])
            """, stdin: arrived.first ?? "")
        let lines = headers.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("\(buyerOrder) 滿意度調查 [SV-") == true, "\(headers.stdout) \(headers.stderr)")
        #expect(lines.dropFirst().first == "auto-generated")
        #expect(lines.dropFirst(2).first == "<mailto:orders@desk.example?subject=unsubscribe>")

        // Day 6: the customer's reply comes in and shows in the satisfaction report.
        try testbed.append([mail(from: buyer.0, subject: "Re: 滿意度調查", inReplyTo: survey.messageID, body: "4 分，送貨有點慢", name: "answer", folder: testDesk.folder)],
                           to: mailbox)
        _ = try intake(["poll"], days: 6)
        let report = try intake(["report", "satisfaction", "--json"], days: 6)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        // Numbers are JSON numbers, with what people read beside them.
        let figures = (json["figures"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) { $0[$1["label"] as? String ?? ""] = $1 }
        #expect((figures["answered"]?["value"] as? NSNumber)?.intValue == 1, "\(report.stdout)")
        #expect((figures["average rating (1–5)"]?["value"] as? NSNumber)?.doubleValue == 4)
        #expect(figures["average rating (1–5)"]?["display"] as? String == "4.00")
        let comments = (json["tables"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "comments" }?["rows"] as? [[Any]]
        #expect((comments?.first?[3] as? NSNumber)?.intValue == 4, "\(report.stdout)")
        #expect(comments?.first?[4] as? String == "送貨有點慢")
        let text = try intake(["report", "satisfaction"], days: 6)
        #expect(text.stdout.contains("送貨有點慢"))

        // Day 7: a second scheduled run sends nothing.
        let again = try intake(["survey", "send"], days: 7)
        #expect(!again.stdout.contains(" sent "), "\(again.stdout)")
        _ = try intake(["run", "--once"], days: 7)
        #expect(try await desk.store.outbox().filter { $0.purpose == "survey" }.count == 1)
        #expect(try await testbed.received(survey.messageID, account: buyer).count == 1)
        for address in ["assistant@example.test", "catchall@example.test"] {
            #expect(try await desk.store.outbox().filter { $0.purpose == "survey" && $0.recipients.contains(address) }.isEmpty)
        }
    }
}
