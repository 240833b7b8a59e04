import Foundation
import IntakeCore
import IntakeTestSupport
import Logging
import Testing

/// What happens to mail when things go wrong at the worst moment, against the real Dovecot
/// behind a loopback proxy that can make the server vanish mid-session or stop answering at an
/// exact command (the testbed itself keeps running for the other tests).
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"), .serialized)
struct MailboxInterruptionTests {
    let testbed = Testbed.current!

    var buyer: (String, String) { (testbed["TESTBED_USER_BUYER"], testbed["TESTBED_PASS_BUYER"]) }

    func examples(_ names: [String]) -> [String] { names.map { Repository.path("examples/inbox/\($0)") } }

    /// A source YAML entry; `port` defaults to Dovecot itself, a proxy's port goes through it.
    func mailboxSource(_ name: String, box: String, port: UInt16? = nil, user: String? = nil, passwordEnv: String = "TB_PASS",
                       after: String, extra: String = "") -> String {
        let url = port.map { "imap://127.0.0.1:\($0)/\(box)" } ?? "imap://127.0.0.1:\(testbed.imapPort)/\(box)"
        return """
              - name: \(name)
                url: \(url)
                username: \(user ?? testbed.ordersUser)
                password_env: \(passwordEnv)
                ca_file: \(testbed.caCert)
                after: \(after)
            \(port != nil ? "    tls: none" : "")
            \(extra)
            """
    }

    func desk(_ sources: String) async throws -> (TestDesk, Desk) {
        let testDesk = try TestDesk(withExamples: false, sourcesYAML: sources)
        setenv("TB_PASS", testbed.ordersPassword, 1)
        setenv("TB_BUYER_PASS", testbed["TESTBED_PASS_BUYER"], 1)
        setenv("TB_WRONG", "not-the-password", 1)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        return (testDesk, desk)
    }

    static let sixOrders = ["001-hsinyi-order-big5.eml", "002-huaxin-order-gbk.eml", "003-northwind-order.eml",
                            "004-kowloon-table.eml", "005-greenleaf-html-order.eml", "006-new-customer-prose.eml"]

    @Test func aServerThatGoesAwayMidPollLosesNothingAndTheRestIsTakenAfterItIsBack() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(Self.sixOrders), unread: true)
        let proxy = try TCPProxy(targetPort: UInt16(testbed.imapPort)!)
        let (kept, desk) = try await desk(mailboxSource("mailbox", box: box, port: proxy.port, after: "move:\(box)-done"))
        defer { withExtendedLifetime(kept) {} }

        // The server disappears just before it sends the fourth message.
        proxy.cut(whenServerSends: " FETCH (UID 4 ")
        let first = try await desk.intake.poll(sourceName: "mailbox")[0]
        #expect(first.sourceError != nil, "the poll must report the lost server")
        #expect(first.taken < 6)
        #expect(try testbed.count(box) == 6, "nothing may be moved or lost while the server is away")

        try proxy.start()
        let second = try await desk.intake.poll(sourceName: "mailbox")[0]
        #expect(second.sourceError == nil, "\(second.sourceError ?? "")")
        #expect(first.taken + second.taken == 6)
        #expect(try await desk.store.itemCount() == 6)
        let orders = try await desk.review.queue(states: nil)
        #expect(orders.count == 6)
        #expect(Set(orders.map(\.itemID)).count == 6, "one order per message")
        #expect(try testbed.count(box) == 0)
        #expect(try testbed.count("\(box)-done") == 6)
        #expect(try testbed.unread("\(box)-done") == 6, "messages fetched before the server went away must not stay marked read")
    }

    @Test func sigkillBetweenTheStoreCommitAndTheMoveLeavesOneOrderAndTheMoveHappensNextPoll() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml", "004-kowloon-table.eml"]), unread: true)
        let proxy = try TCPProxy(targetPort: UInt16(testbed.imapPort)!)
        let (kept, _) = try await desk(mailboxSource("mailbox", box: box, port: proxy.port, after: "move:\(box)-done"))
        defer { withExtendedLifetime(kept) {} }

        // The MOVE is sent only after both items committed; the proxy holds it and the process dies.
        proxy.when(clientSends: "UID MOVE", .hold)
        let process = try IntakeProcess.start(["--config", kept.configDirectory, "poll"], environment: ["TB_PASS": testbed.ordersPassword])
        let reached = proxy.held.wait(timeout: .now() + 60)
        #expect(reached == .success, "intake never sent the MOVE")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        proxy.releaseHold()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try testbed.count(box) == 2, "the move must not have happened")

        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: kept.configDirectory), logger: Logger(label: "test"))
        #expect(try await desk.store.itemCount() == 2, "both items were committed before the MOVE")
        let again = try await desk.intake.poll(sourceName: "mailbox")[0]
        #expect(again.sourceError == nil, "\(again.sourceError ?? "")")
        #expect(again.taken == 0)
        #expect(try await desk.store.itemCount() == 2)
        #expect(try await desk.review.queue(states: nil).count == 2)
        #expect(try testbed.count(box) == 0)
        #expect(try testbed.count("\(box)-done") == 2)
        #expect(try testbed.unread("\(box)-done") == 2)
    }

    @Test func severalAccountsEachTakeTheirOwnMailWhileABrokenOneBacksOff() async throws {
        let ordersBox = "t\(UUID().uuidString.prefix(8))"
        let buyerBox = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(ordersBox, files: examples(["003-northwind-order.eml"]), unread: true)
        try testbed.makeMailbox(buyerBox, files: examples(["001-hsinyi-order-big5.eml", "004-kowloon-table.eml"]), unread: true, account: buyer)
        let sources = [
            mailboxSource("orders", box: ordersBox, after: "seen"),
            mailboxSource("broken", box: ordersBox, passwordEnv: "TB_WRONG", after: "seen"),
            mailboxSource("buyer", box: buyerBox, user: buyer.0, passwordEnv: "TB_BUYER_PASS", after: "seen"),
        ].joined(separator: "\n")
        let (kept, desk) = try await desk(sources)
        defer { withExtendedLifetime(kept) {} }
        let reports = try await desk.intake.poll()
        #expect(reports.map(\.source) == ["orders", "broken", "buyer"])
        #expect(reports[0].taken == 1)
        #expect(reports[1].sourceError?.contains("login refused") == true, "\(reports[1].sourceError ?? "")")
        #expect(reports[2].taken == 2, "\(reports[2].sourceError ?? "")")
        #expect(try testbed.unread(ordersBox) == 0)
        #expect(try testbed.unread(buyerBox, account: buyer) == 0)

        let again = try await desk.intake.poll()
        #expect(again[1].backingOffUntil != nil, "a failing source waits before the next attempt")
        #expect(again[0].sourceError == nil && again[0].taken == 0)
        #expect(again[2].sourceError == nil && again[2].taken == 0)
        #expect(try await desk.store.itemCount() == 3)
    }

    /// `intake run`: a mailbox that stops answering does not hold up a folder polled on its own
    /// schedule, and SIGTERM stops the service cleanly.
    @Test func eachSourceRunsOnItsOwnScheduleAndSigtermStopsTheService() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml"]), unread: true)
        let proxy = try TCPProxy(targetPort: UInt16(testbed.imapPort)!)
        let folder = """
              - name: inbox
                url: ../inbox
                settle_seconds: 0.2
                poll_interval_seconds: 1
            """
        let (kept, _) = try await desk(folder + "\n" + mailboxSource("mailbox", box: box, port: proxy.port, after: "seen", extra: "    poll_interval_seconds: 1"))
        defer { withExtendedLifetime(kept) {} }
        proxy.when(clientSends: "EXAMINE", .hold)
        let log = kept.folder.file("run.log")
        let process = try IntakeProcess.start(["--config", kept.configDirectory, "run"], environment: ["TB_PASS": testbed.ordersPassword], outputFile: log)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(proxy.held.wait(timeout: .now() + 30) == .success, "the mailbox poll never started")

        // The mailbox hangs; a file dropped now is still taken within a few seconds.
        try FileManager.default.copyItem(atPath: examples(["010-jiahe-erp-order.csv"])[0], toPath: kept.inbox + "/010-jiahe-erp-order.csv")
        var taken = false
        for _ in 0..<100 where !taken {
            try await Task.sleep(nanoseconds: 200_000_000)
            taken = (try? String(contentsOfFile: log, encoding: .utf8))?.contains("inbox: 1 new") == true
        }
        #expect(taken, "the folder waited for the hanging mailbox: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // The held connection is dropped (the mailbox fails and backs off); SIGTERM ends the service.
        proxy.releaseHold()
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(!process.isRunning, "SIGTERM did not stop intake run")
        if !process.isRunning {
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        }
    }

    /// XOAUTH2 (Gmail, Microsoft 365) against Dovecot checking bearer tokens with a token-info
    /// endpoint, as those providers' tokens are checked.
    @Test func anXOAUTH2TokenLogsInAndAWrongOneIsAClearError() async throws {
        let box = "t\(UUID().uuidString.prefix(8))"
        try testbed.makeMailbox(box, files: examples(["003-northwind-order.eml"]), unread: true)
        setenv("TB_TOKEN", testbed["TESTBED_TOKEN_ORDERS"], 1)
        setenv("TB_BAD_TOKEN", "not-a-token", 1)
        func source(_ name: String, token: String) -> String {
            """
              - name: \(name)
                url: imap://127.0.0.1:\(testbed.imapPort)/\(box)
                username: \(testbed.ordersUser)
                oauth2_token_env: \(token)
                ca_file: \(testbed.caCert)
                after: seen
            """
        }
        let (kept, desk) = try await desk(source("token", token: "TB_TOKEN") + "\n" + source("bad-token", token: "TB_BAD_TOKEN"))
        defer { withExtendedLifetime(kept) {} }
        #expect(!testbed["TESTBED_TOKEN_ORDERS"].isEmpty, "the testbed must hand out tokens")
        let reports = try await desk.intake.poll()
        #expect(reports[0].sourceError == nil, "\(reports[0].sourceError ?? "")")
        #expect(reports[0].taken == 1)
        #expect(reports[1].sourceError?.contains("login refused") == true, "\(reports[1].sourceError ?? "")")
        #expect(reports[1].sourceError?.contains("not-a-token") == false, "a secret never shows in a message")
    }
}
