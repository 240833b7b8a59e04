import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

@Suite struct TestbedPresenceTests {
    @Test func testbedIsRunningWhenTheTestScriptSaysSo() {
        if Testbed.isRequired {
            #expect(Testbed.current != nil, "INTAKE_REQUIRE_TESTBED=1 but INTAKE_TESTBED_JSON does not describe a running testbed")
        } else {
            #expect(Testbed.current == nil || !Testbed.current!.imapPort.isEmpty)
        }
    }
}

/// The IMAP source against a real Dovecot (scripts/testbed.sh). Each test uses its own mailbox.
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"), .serialized)
struct MailboxSourceTests {
    let testbed = Testbed.current!

    func desk(mailbox: String, after: String = "move:Done-\(UUID().uuidString.prefix(6))", onFailure: String = "move:Failed",
              password: String = "TB_PASS", extra: String = "", scheme: String = "imap", caFile: Bool = true) async throws -> (TestDesk, Desk) {
        let port = scheme == "imaps" ? testbed.imapsPort : testbed.imapPort
        let source = """
              - name: mailbox
                url: \(scheme)://127.0.0.1:\(port)/\(mailbox)
                username: \(testbed.ordersUser)
                password_env: \(password)
            \(caFile ? "    ca_file: \(testbed.caCert)" : "")
                after: \(after)
                on_failure: \(onFailure)
            \(extra)
            """
        let testDesk = try TestDesk(withExamples: false, sourcesYAML: source)
        setenv("TB_PASS", testbed.ordersPassword, 1)
        setenv("TB_WRONG", "not-the-password", 1)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        return (testDesk, desk)
    }

    func examples(_ names: [String]) -> [String] { names.map { Repository.path("examples/inbox/\($0)") } }

    /// A new mailbox holding `count` copies of an order email, written straight into the Maildir.
    func seedBulk(_ count: Int) throws -> String {
        let box = "t\(UUID().uuidString.prefix(8))"
        let seed = Process()
        seed.executableURL = URL(fileURLWithPath: Repository.path("scripts/testbed.sh"))
        seed.arguments = ["seed-bulk", testbed["TESTBED_STATE_DIR"], testbed.ordersUser, box, "\(count)", Repository.path("examples/inbox/003-northwind-order.eml")]
        seed.standardError = FileHandle.nullDevice
        try seed.run()
        seed.waitUntilExit()
        #expect(seed.terminationStatus == 0)
        return box
    }

    @Test func newMailIsTakenOnceMovedAfterStoringAndUnreadMailStaysUnread() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["001-hsinyi-order-big5.eml", "003-northwind-order.eml"]))
        try testbed.curl([testbed.serverURL + box, "-X", "UID STORE 1:* -FLAGS (\\Seen)"])
        let (kept, desk) = try await desk(mailbox: box, after: "move:\(box)-done")
        defer { withExtendedLifetime(kept) {} }
        let first = try await desk.intake.poll()[0]
        #expect(first.sourceError == nil, "\(first.sourceError ?? "")")
        #expect(first.taken == 2)
        #expect(first.orders.count == 2)
        #expect(try testbed.count(box) == 0)
        #expect(try testbed.count("\(box)-done") == 2)
        let unseen = try testbed.curl([testbed.serverURL, "-X", "STATUS \(box)-done (UNSEEN)"]).output
        #expect(unseen.contains("UNSEEN 2"), "fetching must not mark mail read: \(unseen)")

        // Nothing new: nothing taken. A message arriving now is taken by the next poll.
        #expect(try await desk.intake.poll()[0].taken == 0)
        try testbed.curl([testbed.serverURL + box], upload: examples(["004-kowloon-table.eml"])[0])
        let third = try await desk.intake.poll()[0]
        #expect(third.taken == 1)
        #expect(try await desk.store.itemCount() == 3)
    }

    @Test func afterActionsSeenFlagDeleteAndOnFailure() async throws {
        for (after, check) in [("seen", "\\Seen"), ("flag", "\\Flagged"), ("delete", "")] {
            let box = "t\(UUID().uuidString.prefix(8))"
            try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml"]))
            try testbed.curl([testbed.serverURL + box, "-X", "UID STORE 1:* -FLAGS (\\Seen)"])
            let (kept, desk) = try await desk(mailbox: box, after: after)
            defer { withExtendedLifetime(kept) {} }
            #expect(try await desk.intake.poll()[0].taken == 1)
            if after == "delete" {
                #expect(try testbed.count(box) == 0)
            } else {
                let flags = try testbed.curl([testbed.serverURL + box, "-X", "UID FETCH 1 (FLAGS)"]).output
                #expect(flags.contains(check), "\(after): \(flags)")
            }
        }
        // A message that fails goes where on_failure says and is listed as failed.
        let box = "t\(UUID().uuidString.prefix(8))"
        let folder = TemporaryFolder("imap")
        var bytes = Array("From: x@y.example\r\nSubject: broken\r\nContent-Type: text/plain; charset=x-nothing\r\n\r\n".utf8)
        bytes += [0xFF, 0x80, 0xFE, 0x81]
        let binary = folder.write("bad.eml", bytes)
        try testbed.makeMailbox(box, files: [binary])
        let (kept, desk) = try await desk(mailbox: box, onFailure: "move:\(box)-failed")
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.failed.count == 1)
        #expect(try testbed.count("\(box)-failed") == 1)
        #expect(try await desk.review.failedItems().count == 1)
    }

    @Test func uidValidityChangeCreatesNothingTwice() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["001-hsinyi-order-big5.eml", "003-northwind-order.eml"]))
        let (kept, desk) = try await desk(mailbox: box, after: "none")
        defer { withExtendedLifetime(kept) {} }
        #expect(try await desk.intake.poll()[0].orders.count == 2)
        // Delete and recreate the mailbox with the same messages: a new UIDVALIDITY.
        try testbed.curl([testbed.serverURL, "-X", "DELETE \(box)"])
        try testbed.makeMailbox(box, files: examples(["001-hsinyi-order-big5.eml", "003-northwind-order.eml"]))
        let again = try await desk.intake.poll()[0]
        #expect(again.sourceError == nil)
        #expect(again.orders.isEmpty)
        #expect(again.duplicates == 2)
        #expect(try await desk.review.queue(states: nil).count == 2)
    }

    @Test func wrongPasswordAndUntrustedTLSAreClearErrorsAndOtherSourcesGoOn() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml"]))
        let (keptWrong, wrong) = try await desk(mailbox: box, password: "TB_WRONG")
        defer { withExtendedLifetime(keptWrong) {} }
        let report = try await wrong.intake.poll()[0]
        #expect(report.sourceError?.contains("login refused") == true, "\(report.sourceError ?? "")")
        #expect(try testbed.count(box) == 1)

        let (keptUntrusted, untrusted) = try await desk(mailbox: box, scheme: "imaps", caFile: false)
        defer { withExtendedLifetime(keptUntrusted) {} }
        let tls = try await untrusted.intake.poll()[0]
        #expect(tls.sourceError?.contains("TLS") == true, "\(tls.sourceError ?? "")")
        #expect(try testbed.count(box) == 1)
    }

    @Test func aSourceActionThatFailedIsAppliedOnTheNextPoll() async throws {
        // The move target cannot be created (a name Dovecot refuses), as if intake died between
        // the store commit and the move: the message is stored once and moved on the next poll.
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml"]))
        let (testDesk, first) = try await desk(mailbox: box, after: "move:~refused")
        let report = try await first.intake.poll()[0]
        #expect(report.taken == 1)
        #expect(report.sourceError?.contains("retried on the next poll") == true, "\(report.sourceError ?? "")")
        #expect(try testbed.count(box) == 1)
        var yaml = try String(contentsOfFile: testDesk.folder.file("config/intake.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "move:~refused", with: "move:\(box)-done")
        testDesk.folder.write("config/intake.yaml", yaml)
        let second = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        let again = try await second.intake.poll()[0]
        #expect(again.sourceError == nil, "\(again.sourceError ?? "")")
        #expect(again.taken == 0)
        #expect(try testbed.count(box) == 0)
        #expect(try testbed.count("\(box)-done") == 1)
        #expect(try await second.review.queue(states: nil).count == 1)
    }

    @Test func sinceSkipsOlderMailOnTheFirstSync() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml"]))
        let (kept, future) = try await desk(mailbox: box, after: "none", extra: "    since: 2099-01-01")
        defer { withExtendedLifetime(kept) {} }
        #expect(try await future.intake.poll()[0].taken == 0)
        let (keptPast, past) = try await desk(mailbox: box, after: "none", extra: "    since: 2000-01-01")
        defer { withExtendedLifetime(keptPast) {} }
        #expect(try await past.intake.poll()[0].taken == 1)
    }

    /// Regression (issue 17): the same message in the mailbox (CRLF, with the trace of its
    /// delivery) and dropped in a folder (LF, with other trace fields) became two orders.
    @Test func theSameMessageInTheMailboxAndInAFolderIsOneOrder() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        let text = try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
        let delivered = "Return-Path: <bounce@northwind.example>\nDelivered-To: \(testbed.ordersUser)\n"
            + "Received: from mx1.example.test by store.example.test with LMTP; Tue, 24 Nov 2026 16:30:05 +0000\n" + text
        let files = TemporaryFolder("imap-dup")
        try testbed.makeMailbox(box, files: [files.write("delivered.eml", delivered.replacingOccurrences(of: "\n", with: "\r\n"))])
        let testDesk = try TestDesk(withExamples: false, sourcesYAML: testbed.deskMailboxSourceYAML(box) + "\n" + TestDesk.inboxSourceYAML)
        testDesk.folder.write("inbox/forwarded.eml", "X-Original-To: sales@example.test\nReceived: from relay.example.test by mx2.example.test; "
                              + "Tue, 24 Nov 2026 16:31:00 +0000\nX-Spam-Status: No, score=0.3\n" + text)
        setenv("TB_PASS", testbed.ordersPassword, 1)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        let reports = try await desk.intake.poll()
        #expect(reports.count == 2)
        for report in reports { #expect(report.sourceError == nil, "\(report.source): \(report.sourceError ?? "")") }
        #expect(reports.map(\.taken).reduce(0, +) == 1)
        #expect(reports.flatMap(\.orders).count == 1)
        #expect(reports.map(\.duplicates).reduce(0, +) == 1)
        #expect(try await desk.review.queue(states: nil).count == 1)
    }

    /// Regression: a SEARCH answer with thousands of UIDs reached us cut short through libcurl,
    /// and most of a large mailbox was silently skipped. Every message must be stored.
    @Test func aLargeMailboxIsReadCompletely() async throws {
        let box = try seedBulk(1500)
        let (kept, desk) = try await desk(mailbox: box, after: "none")
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.sourceError == nil, "\(report.sourceError ?? "")")
        #expect(report.taken == 1500)
        #expect(try await desk.store.itemCount() == 1500)
    }

    /// Actions are applied every `mailboxBatch` messages while the fetches ahead go on: every
    /// message of a mailbox several batches long is moved once, after it was stored, and a
    /// second poll finds nothing to take or move.
    @Test func actionsReachEveryMessageAcrossBatches() async throws {
        let count = 437  // two batches of 200 and part of a third
        let box = try seedBulk(count)
        let (kept, desk) = try await desk(mailbox: box, after: "move:\(box)-done")
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.sourceError == nil, "\(report.sourceError ?? "")")
        #expect(report.taken == count)
        #expect(try testbed.count(box) == 0)
        #expect(try testbed.count("\(box)-done") == count)
        #expect(try await desk.store.itemsPendingSourceAction(source: "mailbox").isEmpty)
        let again = try await desk.intake.poll()[0]
        #expect(again.taken == 0)
        #expect(try testbed.count("\(box)-done") == count)
    }
}
