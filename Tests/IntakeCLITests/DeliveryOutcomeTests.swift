import Foundation
import IntakeTestSupport
import Testing

/// What a delivery run leaves behind and how it exits, seen from the built binary: killed, it
/// leaves at most the message in flight in `sending`; finished with something failed, it exits 5
/// so cron and systemd notice; finished clean, it exits 0.
@Suite(.serialized) struct DeliveryOutcomeTests {
    static let template: String = (try? String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)) ?? ""

    /// Drops order `index` into the desk's inbox, with its own Message-ID and sender.
    func drop(_ desk: TestDesk, _ index: Int, from address: String = "purchasing@northwind.example") {
        desk.folder.write("inbox/order-\(index).eml", Self.template
            .replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<outcome-\(index)-\(UUID().uuidString.prefix(6))@northwind.example>")
            .replacingOccurrences(of: "PO NW-88231", with: "PO NW-\(20_000 + index)")
            .replacingOccurrences(of: "purchasing@northwind.example", with: address))
    }

    func outbox(_ desk: TestDesk) throws -> [[String: Any]] {
        let output = try IntakeProcess.run(["--config", desk.configDirectory, "outbox", "list", "--json"])
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] ?? []
    }

    func count(_ records: [[String: Any]], state: String) -> Int {
        records.filter { $0["state"] as? String == state }.count
    }

    /// The issue's run: `outbox send` killed again and again over a backlog. Before, a run marked
    /// 100 messages `sending` at once, so a kill left up to 100 there, all later flagged.
    @Test func killedSendLeavesAtMostTheMessageInFlightInSending() throws {
        let desk = try TestDesk(withExamples: false)
        let total = 300
        for index in 0..<total { drop(desk, index) }
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["poll"]).status == 0)
        #expect(try IntakeProcess.run(config + ["confirm"]).status == 0)
        #expect(count(try outbox(desk), state: "queued") == total)
        var kills = 0
        for step in 1...4 {
            let before = desk.files(in: "data/outgoing").count
            guard before < total - 20 else { break }
            let process = try IntakeProcess.start(config + ["outbox", "send"])
            // Killed once it is well into the backlog: a few more files than before.
            let deadline = Date().addingTimeInterval(30)
            while desk.files(in: "data/outgoing").count < before + 5 * step, process.isRunning, Date() < deadline {
                usleep(500)
            }
            guard process.isRunning else { process.waitUntilExit(); break }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills += 1
            let records = try outbox(desk)
            #expect(count(records, state: "sending") <= 1, "after kill \(kills): \(count(records, state: "sending")) messages in sending")
        }
        #expect(kills > 0, "the send was never caught mid-run")
        let final = try IntakeProcess.run(config + ["outbox", "send"])
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")
        let records = try outbox(desk)
        #expect(count(records, state: "sent") == total)
        #expect(desk.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }.count == total)
        let hidden = ((try? FileManager.default.contentsOfDirectory(atPath: desk.outgoing)) ?? []).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "temporaries left: \(hidden)")
    }

    /// A delivered file is never written over; the message that would have is failed, and the
    /// run says so with exit code 5. A run that tried nothing that failed exits 0.
    @Test func runOnceExitsFiveWhenAMessageFailedAndZeroWhenClean() throws {
        let desk = try TestDesk(withExamples: false)
        let config = ["--config", desk.configDirectory, "run", "--once"]
        drop(desk, 1)
        let clean = try IntakeProcess.run(config)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(desk.files(in: "data/outgoing") == ["SO-2026-00001-confirmation-1.eml"])

        let foreign = "Subject: left here by another desk\r\n\r\nkeep me\r\n"
        let taken = desk.folder.write("data/outgoing/SO-2026-00002-confirmation-2.eml", foreign)
        drop(desk, 2)
        let failed = try IntakeProcess.run(config)
        #expect(failed.status == 5, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("delivery failed: outbox 2"), "\(failed.stdout)")
        #expect(failed.stdout.contains("not overwritten"), "\(failed.stdout)")
        #expect(try String(contentsOfFile: taken, encoding: .utf8) == foreign)

        // The failed message is not tried again by itself: the next run has nothing failing.
        let after = try IntakeProcess.run(config)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        let send = try IntakeProcess.run(["--config", desk.configDirectory, "outbox", "send"])
        #expect(send.status == 0, "\(send.stdout)\(send.stderr)")
    }

    /// A 5xx from a real Postfix: the message fails, `run --once` exits 5; the same desk with an
    /// address the server accepts exits 0. Needs the testbed.
    @Test(.enabled(if: Testbed.current != nil, "needs the testbed"))
    func runOnceExitsFiveWhenTheServerRefusesARecipient() throws {
        let testbed = try #require(Testbed.current)
        let desk = try TestDesk(withExamples: false, deliveryYAML: testbed.submissionDeliveryYAML + "\n    tls: required")
        let environment = ["TB_PASS": testbed.ordersPassword]
        let config = ["--config", desk.configDirectory, "run", "--once"]
        // Orders from these senders wait for review (they are not in the customer list).
        func takeInAndApprove(_ index: Int, from address: String) throws {
            drop(desk, index, from: address)
            #expect(try IntakeProcess.run(["--config", desk.configDirectory, "poll"]).status == 0)
            _ = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "approve", String(format: "SO-2026-%05d", index)])
        }
        try takeInAndApprove(1, from: "buyer@example.test")
        let clean = try IntakeProcess.run(config, environment: environment)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("delivered:"), "\(clean.stdout)")

        try takeInAndApprove(2, from: "reject-perm@example.test")
        let refused = try IntakeProcess.run(config, environment: environment)
        #expect(refused.status == 5, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("delivery failed: outbox 2"), "\(refused.stdout)")
        #expect(refused.stdout.contains("550"), "\(refused.stdout)")
        let records = try outbox(desk)
        #expect(count(records, state: "failed") == 1)
        #expect(count(records, state: "sent") == 1)
    }
}
