import Foundation
import IntakeCore
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// The `smtp` delivery method against the testbed's Postfix, which delivers into Dovecot: what
/// the customer's mailbox receives is read back over IMAP. Serialized: one test switches the
/// fault port's fault mode.
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"), .serialized)
struct SMTPDeliveryTests {
    let testbed = Testbed.current!

    var buyer: (String, String) { (testbed["TESTBED_USER_BUYER"], testbed["TESTBED_PASS_BUYER"]) }

    /// A desk that sends through `port` (the submission port by default) as the orders account,
    /// keeping sent copies in a folder of that account.
    func desk(port: String? = nil, password: String = "TB_PASS", tls: String = "required", sentFolder: String? = nil,
              extraSMTP: String = "", secretKey: String = "password_env") async throws -> (TestDesk, Desk) {
        let sent = sentFolder ?? "Sent-\(UUID().uuidString.prefix(6))"
        let deskMailbox = "Desk-\(UUID().uuidString.prefix(6))"
        try testbed.makeMailbox(deskMailbox, files: [])
        let sources = TestDesk.inboxSourceYAML + "\n" + testbed.deskMailboxSourceYAML(deskMailbox)
        let delivery = """
              method: smtp
              smtp:
                url: smtp://127.0.0.1:\(port ?? testbed["TESTBED_SUBMISSION_PORT"])
                username: \(testbed.ordersUser)
                \(secretKey): \(password)
                ca_file: \(testbed.caCert)
                tls: \(tls)
                append_sent: \(sent)
            \(extraSMTP)
            """
        let testDesk = try TestDesk(withExamples: false, autoApprove: false, sourcesYAML: sources, deliveryYAML: delivery)
        setenv("TB_PASS", testbed.ordersPassword, 1)
        setenv("TB_WRONG", "not-the-password", 1)
        setenv("TB_TOKEN", testbed["TESTBED_TOKEN_ORDERS"], 1)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        return (testDesk, desk)
    }

    /// The Northwind example order, sent from `from` with its own Message-ID, taken in and approved.
    func approvedOrder(_ testDesk: TestDesk, _ desk: Desk, from: String) async throws -> (Order, String) {
        let messageID = "order-\(UUID().uuidString)@customer.example"
        var text = try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "Sarah Miller <purchasing@northwind.example>", with: "Sarah Miller <\(from)>")
        text = text.replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<\(messageID)>")
        _ = testDesk.folder.write("inbox/order-\(UUID().uuidString.prefix(6)).eml", text)
        _ = try await desk.intake.poll(sourceName: "inbox")
        let order = try #require(try await desk.review.queue(states: nil).last)
        if order.state == .needsReview {
            _ = try await desk.review.approve([order.number]).first?.1.get()
        }
        return (try await desk.review.order(order.number), messageID)
    }

    func received(_ text: String, account: (String, String), mailbox: String = "INBOX", expect: Int = 1) async throws -> [String] {
        try await testbed.received(text, account: account, mailbox: mailbox, expect: expect)
    }

    /// `testbed.sh smtp-fault`: every RCPT on the fault port (`TESTBED_SMTP_FAULT_PORT`) answers 450
    /// (`temp`) or 550 (`perm`), or normal (`none`); the other ports, which tests elsewhere use at
    /// the same time, never see it.
    func setFault(_ mode: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.path("scripts/testbed.sh"))
        process.arguments = ["smtp-fault", testbed["TESTBED_STATE_DIR"], mode]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aConfirmationArrivesOnceThreadedWithBothAlternativesAndACopyInSent() async throws {
        let sent = "Sent-\(UUID().uuidString.prefix(6))"
        let (testDesk, desk) = try await desk(sentFolder: sent)
        defer { withExtendedLifetime(testDesk) {} }
        let (order, orderMessageID) = try await approvedOrder(testDesk, desk, from: buyer.0)
        // As an assistant would: intake confirm, then intake run --once sends it.
        let environment = ["TB_PASS": testbed.ordersPassword]
        let confirm = try IntakeProcess.run(["--config", testDesk.configDirectory, "confirm"], environment: environment)
        #expect(confirm.status == 0, "\(confirm.stdout) \(confirm.stderr)")
        let run = try IntakeProcess.run(["--config", testDesk.configDirectory, "run", "--once"], environment: environment)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let outbox = try #require(try await desk.outbox.list().first)
        #expect(outbox.state == .sent, "\(run.stdout) \(run.stderr)")

        let messages = try await received(outbox.messageID, account: buyer)
        #expect(messages.count == 1, "the confirmation must arrive exactly once")
        let raw = try #require(messages.first)
        let check = try IntakeProcess.python("""
            import email, sys
            from email import policy
            m = email.message_from_string(sys.stdin.read(), policy=policy.default)
            print(m["In-Reply-To"]); print(m["Subject"]); print(m["Auto-Submitted"])
            print(",".join(p.get_content_type() for p in m.walk()))
            """, stdin: raw)
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "<\(orderMessageID)>", "threaded to the order email: \(check.stdout) \(check.stderr)")
        #expect(lines.count > 1 && lines[1].contains(order.number.description), "decoded subject names the order: \(check.stdout)")
        #expect(lines.count > 2 && lines[2] == "auto-replied")
        #expect(lines.count > 3 && lines[3].contains("text/plain") && lines[3].contains("text/html"), "\(check.stdout)")
        #expect(try testbed.count(sent) == 1, "a copy goes to the Sent folder")

        // Sending again sends nothing.
        let again = try await desk.outbox.deliverDue()
        #expect(again.reconciled == 0)
        #expect(again.sent.isEmpty)
        #expect(try await received(outbox.messageID, account: buyer).count == 1)
    }

    @Test func aTemporaryFailureWaitsAndIsSentOnRetryAndAPermanentOneFailsVisibly() async throws {
        let (testDesk, desk) = try await desk(port: testbed["TESTBED_SMTP_FAULT_PORT"])
        defer { withExtendedLifetime(testDesk) {} }
        _ = try await approvedOrder(testDesk, desk, from: buyer.0)
        _ = try await desk.outbox.confirmApproved()
        try setFault("temp")
        defer { try? setFault("none") }
        let first = try await desk.outbox.deliverDue()
        #expect(first.sent.isEmpty)
        #expect(first.waiting.count == 1, "a 4xx waits: \(first.failed.map(\.1))")
        let waiting = try #require(try await desk.outbox.list().first)
        #expect(waiting.state == .retry)
        #expect(waiting.lastReply?.contains("450") == true, "\(waiting.lastReply ?? "")")
        #expect((waiting.nextAttemptAt ?? .distantPast) > Date())
        // Not due yet: nothing is tried.
        #expect(try await desk.outbox.deliverDue().sent.isEmpty)
        try setFault("none")
        try await desk.outbox.retry(id: waiting.id)
        // The next run (a new process, a new connection: an smtpd keeps its fault map per session).
        let later = try await Desk(configuration: desk.configuration, logger: Logger(label: "test"))
        let second = try await later.outbox.deliverDue()
        #expect(second.sent.map(\.id) == [waiting.id])
        #expect(try await received(waiting.messageID, account: buyer).count == 1)

        // A recipient the server refuses for good: failed, with the reply, in the list and in the order's story.
        let (order, _) = try await approvedOrder(testDesk, later, from: "reject-perm@example.test")
        _ = try await later.outbox.confirmApproved()
        let third = try await later.outbox.deliverDue()
        #expect(third.failed.count == 1)
        let failed = try #require(try await later.outbox.list().first { $0.orderNumber == order.number })
        #expect(failed.state == .failed)
        #expect(failed.lastReply?.contains("550") == true, "\(failed.lastReply ?? "")")
        let events = try await later.review.detail(order.number).events.map(\.action)
        #expect(events.contains("mail_failed"), "\(events)")
    }

    @Test func oneRefusedRecipientDoesNotStopTheOthers() async throws {
        let (testDesk, desk) = try await desk()
        defer { withExtendedLifetime(testDesk) {} }
        let messageID = "multi-\(UUID().uuidString)@desk.example"
        let bytes = Array("""
            From: Orders <orders@example.test>\r
            To: buyer@example.test, reject-perm@example.test\r
            Subject: Two recipients\r
            Message-ID: <\(messageID)>\r
            Date: Sun, 29 Nov 2026 12:00:00 +0000\r
            Auto-Submitted: auto-generated\r
            \r
            Hello.\r

            """.utf8)
        let record = try await desk.store.queue(OutgoingMessage(messageID: messageID, orderNumber: nil, purpose: "notice", recipients: ["buyer@example.test", "reject-perm@example.test"],
                                                          subject: "Two recipients", bytes: bytes), confirming: nil, actor: "test")
        let report = try await desk.outbox.deliverDue()
        #expect(report.sent.map(\.id) == [record.id])
        let recipients = try await desk.store.recipients(outboxID: record.id)
        #expect(recipients.map(\.state) == [.sent, .failed])
        #expect(recipients.last?.reply?.contains("550") == true)
        #expect(try await received(messageID, account: buyer).count == 1)
    }

    @Test func wrongPasswordAndMissingStartTLSAreClearErrorsAndTheMessageStaysQueued() async throws {
        for (port, password, expected) in [(testbed["TESTBED_SUBMISSION_PORT"], "TB_WRONG", "login refused"),
                                           (testbed["TESTBED_SMTP_NOTLS_PORT"], "TB_PASS", "TLS")] {
            let (testDesk, desk) = try await desk(port: port, password: password)
            defer { withExtendedLifetime(testDesk) {} }
            _ = try await approvedOrder(testDesk, desk, from: buyer.0)
            _ = try await desk.outbox.confirmApproved()
            do {
                _ = try await desk.outbox.deliverDue()
                Testing.Issue.record("sending must fail with \(expected)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(error.message.contains("stay queued"), "\(error.message)")
            }
            #expect(try await desk.outbox.list().map(\.state) == [.queued])
        }
    }

    @Test func theServerGoingAwayMidBatchLosesNothingAndSendsNothingTwice() async throws {
        let proxy = try TCPProxy(targetPort: UInt16(testbed["TESTBED_SMTP_PORT"])!)
        let (testDesk, desk) = try await desk(port: String(proxy.port), tls: "none")
        defer { withExtendedLifetime(testDesk) {} }
        for _ in 0..<3 { _ = try await approvedOrder(testDesk, desk, from: buyer.0) }
        let queued = try await desk.outbox.confirmApproved().compactMap { try? $0.1.get() }
        #expect(queued.count == 3)
        proxy.when(clientSends: "MAIL FROM", occurrence: 2, .cut)
        do {
            _ = try await desk.outbox.deliverDue()
            Testing.Issue.record("the batch must report the lost server")
        } catch {
            #expect(error.message.contains("wait for the next attempt"), "\(error.message)")
        }
        // The message on the wire waits with back-off; the next was never claimed and stays queued.
        let states = try await desk.outbox.list().map(\.state)
        #expect(states == [.sent, .retry, .queued], "\(states)")
        try proxy.start()
        for record in try await desk.outbox.list(states: [.retry]) { try await desk.outbox.retry(id: record.id) }
        let after = try await desk.outbox.deliverDue()
        #expect(after.sent.count == 2)
        for record in queued {
            #expect(try await received(record.messageID, account: buyer).count == 1, "\(record.messageID) must arrive exactly once")
        }
    }

    @Test func sigkillMidBatchThenRestartLosesNothingAndFlagsWhatMayRepeat() async throws {
        let sent = "Sent-\(UUID().uuidString.prefix(6))"
        let proxy = try TCPProxy(targetPort: UInt16(testbed["TESTBED_SMTP_PORT"])!)
        let (testDesk, desk) = try await desk(port: String(proxy.port), tls: "none", sentFolder: sent)
        defer { withExtendedLifetime(testDesk) {} }
        for _ in 0..<2 { _ = try await approvedOrder(testDesk, desk, from: buyer.0) }
        let queued = try await desk.outbox.confirmApproved().compactMap { try? $0.1.get() }
        #expect(queued.count == 2)
        // The second message's DATA is held: the process dies with it in `sending`.
        proxy.when(clientSends: "DATA", occurrence: 2, .hold)
        let process = try IntakeProcess.start(["--config", testDesk.configDirectory, "outbox", "send"], environment: ["TB_PASS": testbed.ordersPassword])
        #expect(proxy.held.wait(timeout: .now() + 60) == .success, "intake never reached the second DATA")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        proxy.releaseHold()
        #expect(try await desk.outbox.list().map(\.state) == [.sent, .sending])

        let restarted = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        let report = try await restarted.outbox.deliverDue()
        #expect(report.reconciled == 1)
        #expect(report.sent.count == 1)
        let records = try await restarted.outbox.list()
        #expect(records.map(\.state) == [.sent, .sent])
        #expect(records.map(\.possibleRepeat) == [false, true], "the interrupted one is flagged")
        for record in queued {
            #expect(try await received(record.messageID, account: buyer).count == 1, "no message lost or sent twice: \(record.messageID)")
        }
        #expect(try testbed.count(sent) == 2)
    }

    @Test func automaticMailGetsNoConfirmation() async throws {
        let (testDesk, desk) = try await desk()
        defer { withExtendedLifetime(testDesk) {} }
        let order = try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
        let marks = ["Auto-Submitted: auto-generated\r\n", "Precedence: bulk\r\n", "List-Id: <buyers.lists.example>\r\n", "Return-Path: <>\r\n"]
        #expect(AutomatedMail.reason(in: Array(order.utf8)) == nil, "a person's order is not automatic")
        for (index, mark) in marks.enumerated() {
            let bytes = Array((mark + order).utf8)
            #expect(AutomatedMail.reason(in: bytes) != nil, "\(mark) marks automatic mail")
            _ = testDesk.folder.write("inbox/automatic-\(index).eml", bytes)
        }
        let report = try await desk.intake.poll(sourceName: "inbox")[0]
        #expect(report.taken == marks.count)
        #expect(report.orders.isEmpty, "no order is made from automatic mail")
        #expect(try await desk.outbox.confirmApproved().isEmpty)
        #expect(try await desk.outbox.list().isEmpty, "nothing is queued to a machine")
    }

    /// A message queued straight into the outbox (not a confirmation), to `recipients`.
    func queueMessage(_ desk: Desk, to recipients: [String], subjectHeader: String = "Subject: A notice\r\n", body: String = "Hello.\r\n") async throws -> OutboxRecord {
        let messageID = "notice-\(UUID().uuidString)@desk.example"
        let bytes = Array(("From: Orders <orders@example.test>\r\nTo: \(recipients.joined(separator: ", "))\r\n" + subjectHeader
            + "Message-ID: <\(messageID)>\r\nDate: Sun, 29 Nov 2026 12:00:00 +0000\r\nAuto-Submitted: auto-generated\r\n\r\n" + body).utf8)
        return try await desk.store.queue(OutgoingMessage(messageID: messageID, orderNumber: nil, purpose: "notice", recipients: recipients, subject: "A notice", bytes: bytes),
                                    confirming: nil, actor: "test")
    }

    @Test func aFloodToOneAddressIsHeldBack() async throws {
        let (testDesk, desk) = try await desk(extraSMTP: "    max_per_recipient_per_hour: 2")
        defer { withExtendedLifetime(testDesk) {} }
        let address = "catchall+flood\(UUID().uuidString.prefix(6))@example.test"
        var records: [OutboxRecord] = []
        for _ in 0..<3 { records.append(try await queueMessage(desk, to: [address])) }
        let report = try await desk.outbox.deliverDue()
        #expect(report.sent.count == 2)
        #expect(report.waiting.count == 1)
        let held = try #require(try await desk.outbox.list().first { $0.id == records[2].id })
        #expect(held.state == .retry)
        #expect(held.lastReply?.contains("max_per_recipient_per_hour") == true, "\(held.lastReply ?? "")")
        #expect((held.nextAttemptAt ?? .distantPast) > Date().addingTimeInterval(3500), "it waits until the hour has passed")
    }

    @Test func messagesThatCanNeverGoFailAtOnceWithTheReason() async throws {
        // The server without STARTTLS announces SIZE 20000 (tls: none is fine on loopback).
        let (testDesk, desk) = try await desk(port: testbed["TESTBED_SMTP_NOTLS_PORT"], tls: "none")
        defer { withExtendedLifetime(testDesk) {} }
        let big = try await queueMessage(desk, to: [buyer.0], body: String(repeating: "0123456789abcdef\r\n", count: 2000))
        let injected = try await queueMessage(desk, to: [buyer.0], subjectHeader: "Subject: hello\nBcc: victim@example.test\r\n")
        let badAddress = try await queueMessage(desk, to: ["not an address"])
        let report = try await desk.outbox.deliverDue()
        #expect(report.sent.isEmpty)
        let reasons = Dictionary(uniqueKeysWithValues: try await desk.outbox.list().map { ($0.id, ($0.state, $0.lastReply ?? "")) })
        #expect(reasons[big.id]?.0 == .failed && reasons[big.id]?.1.contains("at most 20000") == true, "\(reasons[big.id].map { "\($0)" } ?? "")")
        #expect(reasons[injected.id]?.0 == .failed && reasons[injected.id]?.1.contains("line feed") == true, "\(reasons[injected.id].map { "\($0)" } ?? "")")
        #expect(reasons[badAddress.id]?.0 == .failed && reasons[badAddress.id]?.1.contains("not a valid email address") == true)
    }

    @Test func temporaryFailuresAreGivenUpAfterRetryForHours() async throws {
        let (testDesk, desk) = try await desk(port: testbed["TESTBED_SMTP_FAULT_PORT"], extraSMTP: "    retry_for_hours: 0.5")
        defer { withExtendedLifetime(testDesk) {} }
        let record = try await queueMessage(desk, to: [buyer.0])
        try setFault("temp")
        defer { try? setFault("none") }
        #expect(try await desk.outbox.deliverDue().waiting.count == 1)
        // An hour later (a later run): still refused, and now too old to try again.
        let later = try await Desk(configuration: desk.configuration, logger: Logger(label: "test"), clock: { Date().addingTimeInterval(3600) })
        let report = try await later.outbox.deliverDue()
        #expect(report.failed.count == 1)
        let failed = try #require(try await later.outbox.list().first { $0.id == record.id })
        #expect(failed.state == .failed)
        #expect(failed.lastReply?.contains("given up after 0.5 hours") == true, "\(failed.lastReply ?? "")")
    }

    @Test func anXOAUTH2TokenSendsMail() async throws {
        let (testDesk, desk) = try await desk(password: "TB_TOKEN", secretKey: "oauth2_token_env")
        defer { withExtendedLifetime(testDesk) {} }
        let record = try await queueMessage(desk, to: [buyer.0])
        let report = try await desk.outbox.deliverDue()
        #expect(report.sent.map(\.id) == [record.id], "\(report.failed.map(\.1))")
        #expect(try await received(record.messageID, account: buyer).count == 1)
    }

    @Test func doctorLogsInToTheSMTPServerWithoutSending() async throws {
        let (good, goodDesk) = try await desk()
        defer { withExtendedLifetime(good) {} }
        let check = try #require(await DeskDoctor(configuration: goodDesk.configuration).run().first { $0.subject == "delivery smtp" })
        #expect(check.ok, "\(check.detail)")
        #expect(check.detail.contains("logged in"), "\(check.detail)")
        let (bad, badDesk) = try await desk(password: "TB_WRONG")
        defer { withExtendedLifetime(bad) {} }
        let refused = try #require(await DeskDoctor(configuration: badDesk.configuration).run().first { $0.subject == "delivery smtp" })
        #expect(!refused.ok)
        #expect(refused.detail.contains("login refused"), "\(refused.detail)")
        #expect(try await goodDesk.outbox.list().isEmpty)
        #expect(try await badDesk.outbox.list().isEmpty)
    }
}
