import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

@Suite struct DeskPipelineTests {
    func openDesk(_ testDesk: TestDesk) async throws -> Desk {
        let configuration = try DeskConfiguration.load(directory: testDesk.configDirectory)
        return try await Desk(configuration: configuration, logger: Logger(label: "test"), actor: "tester")
    }

    @Test func exampleInboxGoesInOnceAndAgainAddsNothing() async throws {
        let testDesk = try TestDesk()
        let desk = try await openDesk(testDesk)
        let first = try await desk.cycle()
        #expect(first.polls[0].taken == 13)
        #expect(first.polls[0].failed.isEmpty)
        #expect(first.polls[0].orders.count == 10)
        #expect(first.polls[0].otherKinds == ["change_request": 1, "complaint": 1, "other": 1])
        #expect(testDesk.files(in: "inbox").filter { $0 != "processed" && $0 != "failed" }.isEmpty)
        #expect(testDesk.files(in: "inbox/processed").count == 13)
        // Clean orders were approved by policy, confirmed and written out.
        #expect(first.confirmed.count == 7)
        #expect(testDesk.files(in: "data/outgoing").count == 7)
        #expect(try await desk.review.queue().map(\.number.description) == ["SO-2026-00004", "SO-2026-00006", "SO-2026-00007"])

        // The same files dropped again (a re-delivery) and a second cycle create nothing.
        for name in testDesk.files(in: "inbox/processed") {
            try FileManager.default.copyItem(atPath: testDesk.folder.file("inbox/processed/\(name)"), toPath: testDesk.folder.file("inbox/\(name)"))
        }
        let second = try await desk.cycle()
        #expect(second.polls[0].taken == 0)
        #expect(second.polls[0].alreadyKnown == 13)
        #expect(second.confirmed.isEmpty)
        #expect(try await desk.store.itemCount() == 13)
        #expect(try await desk.review.queue(states: nil).count == 10)
    }

    @Test func aDoneFileAnnouncesAFileInALocalFolder() async throws {
        let testDesk = try TestDesk(withExamples: false, sourcesYAML: """
              - name: inbox
                url: ../inbox
                done_suffix: .ok
            """)
        let desk = try await openDesk(testDesk)
        try FileManager.default.copyItem(atPath: Repository.path("examples/inbox/010-jiahe-erp-order.csv"), toPath: testDesk.inbox + "/order.csv")
        #expect(try await desk.intake.poll()[0].taken == 0, "a file without its done file must wait")
        _ = testDesk.folder.write("inbox/order.csv.ok", "")
        let report = try await desk.intake.poll()[0]
        #expect(report.taken == 1)
        #expect(report.orders.count == 1)
        #expect(testDesk.files(in: "inbox") == ["processed"], "the done file goes with its file")
        #expect(testDesk.files(in: "inbox/processed") == ["order.csv"])
        #expect(try await desk.store.itemCount() == 1, "a done file is never an item")
    }

    @Test func badFilesFailWithReasonsWhileTheRestGoesThrough() async throws {
        let testDesk = try TestDesk(withExamples: false)
        let folder = testDesk.folder
        try FileManager.default.copyItem(atPath: Repository.path("examples/inbox/001-hsinyi-order-big5.eml"), toPath: folder.file("inbox/good.eml"))
        folder.write("inbox/empty.eml", [])
        folder.write("inbox/binary.eml", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var broken = Array("From: x@y.example\r\nSubject: order\r\nContent-Type: text/plain; charset=x-broken\r\n\r\n".utf8)
        broken += [0xFF, 0x80, 0xFE, 0x81, 0xFF]
        folder.write("inbox/broken-charset.eml", broken)
        try FileManager.default.createSymbolicLink(atPath: folder.file("inbox/dangling.eml"), withDestinationPath: folder.file("nowhere"))
        let big = folder.file("inbox/huge.eml")
        _ = FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 50_000_000)
        try handle.close()

        let desk = try await openDesk(testDesk)
        let report = try await desk.intake.poll()[0]
        #expect(report.orders.count == 1)
        let reasons = Dictionary(uniqueKeysWithValues: report.failed.map { ($0.location, $0.reason) })
        #expect(Set(reasons.keys) == ["empty.eml", "binary.eml", "broken-charset.eml", "dangling.eml", "huge.eml"])
        #expect(reasons["empty.eml"]?.contains("empty") == true)
        #expect(reasons["binary.eml"]?.contains("not an email") == true)
        #expect(reasons["broken-charset.eml"]?.contains("x-broken") == true)
        #expect(reasons["dangling.eml"]?.contains("is a symbolic link") == true)
        #expect(reasons["huge.eml"]?.contains("max_item_bytes") == true)
        // The originals are kept: in the failed folder, and in the store but for the oversized one
        // and the dangling link (there are no bytes to keep).
        #expect(testDesk.files(in: "inbox/failed") == ["binary.eml", "broken-charset.eml", "dangling.eml", "empty.eml", "huge.eml"])
        let failed = try await desk.review.failedItems()
        #expect(failed.count == 5)
        #expect(Set(failed.filter { $0.originalPath != nil }.map(\.filename)) == ["empty.eml", "binary.eml", "broken-charset.eml"])
    }

    @Test func aReplyThatNamesNoOrderIsTiedToItThroughItsThread() async throws {
        let testDesk = try TestDesk()
        let desk = try await openDesk(testDesk)
        _ = try await desk.cycle()
        let confirmation = try #require(try await desk.store.outbox().first { $0.purpose == "confirmation" })
        let number = try #require(confirmation.orderNumber)
        // Neither subject nor body names the order; only In-Reply-To does.
        func reply(_ name: String, inReplyTo: String, body: String) {
            var lines = ["From: Orders <orders@kowloon-office.hk>", "To: desk@example.test", "Subject: Re: your mail", "Message-ID: <\(name)@customer.example>",
                         "In-Reply-To: <\(inReplyTo)>", "References: <unrelated@elsewhere.example> <\(inReplyTo)>",
                         "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", ""]
            lines.append(body)
            _ = testDesk.folder.write("inbox/\(name).eml", lines.joined(separator: "\r\n"))
        }
        reply("cancel-it", inReplyTo: confirmation.messageID, body: "Sorry, please cancel it, we found the items in our stock.")
        reply("unknown-parent", inReplyTo: "never-sent@desk.example", body: "Sorry, please cancel it.")
        let report = try await desk.intake.poll()
        #expect(report[0].otherKinds == ["cancellation": 2])
        func document(_ filename: String) async throws -> [String: Any] {
            let item = try #require(try await desk.store.items(status: [.processed]).first { $0.filename == filename })
            let json = try #require(try await desk.store.itemDocument(id: item.id).document)
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        }
        #expect(try await document("cancel-it.eml")["orderReference"] as? String == number.description)
        #expect(try await document("unknown-parent.eml")["orderReference"] is NSNull)
    }

    @Test func queueEditsApprovalsAndConfirmations() async throws {
        let testDesk = try TestDesk(autoApprove: false)
        let desk = try await openDesk(testDesk)
        _ = try await desk.intake.poll()
        let number = try ReviewService.parseOrderNumber("so-2026-7")
        #expect(number.description == "SO-2026-00007")
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["lines[2].quantity=-1"]) }
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["shipTo.street=x"]) }
        await #expect(throws: IntakeError.self) { try await desk.review.edit(OrderNumber(year: 2026, sequence: 999), assignments: ["currency=TWD"]) }
        // An edit can fix an issue but never hide one: a SKU not in the catalog is refused as it
        // is typed, and the unknown product read from the mail still blocks approval.
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["lines[2].sku=NOPE-1"]) }
        #expect(try await desk.review.order(number).issues.contains { $0.code == "unknown_sku" && $0.field == "lines[2].sku" })
        #expect(await (try? desk.review.approve([number])[0].1.get()) == nil)
        let edited = try await desk.review.edit(number, assignments: ["lines[2].sku=pen-gel-bl", "requestedDeliveryDate=2026-12-03"]).order
        #expect(edited.lines[1].sku == "PEN-GEL-BL")
        #expect(edited.issues.isEmpty)
        let results = await desk.review.approve([number, OrderNumber(year: 2026, sequence: 999)])
        #expect((try? results[0].1.get())?.state == .approved)
        #expect((try? results[1].1.get()) == nil)
        let confirmations = try await desk.outbox.confirmApproved()
        #expect(confirmations.count == 1)
        #expect(try await desk.review.order(number).state == .confirmed)
        // A confirmed order is amended, never left with a blocking issue.
        await #expect(throws: IntakeError.self) { try await desk.review.edit(number, assignments: ["lines[3]=", "lines[2]=", "lines[1]="]) }
        await #expect(throws: IntakeError.self) { try await desk.review.reject(number, reason: "too late") }
        let delivered = try await desk.outbox.deliverDue()
        #expect(delivered.sent.count == 1)
        let events = try await desk.review.detail(number).events.map(\.action)
        #expect(events == ["created", "edited", "approved", "confirmed"])
    }

    @Test func interruptedDeliveryIsReconciledNotResent() async throws {
        let testDesk = try TestDesk()
        let desk = try await openDesk(testDesk)
        _ = try await desk.intake.poll()
        _ = try await desk.outbox.confirmApproved()
        // Simulate a crash after claiming: messages stay in `sending`.
        var claimed: [OutboxRecord] = []
        for (listed, _) in try await desk.store.dueMessages() {
            if let record = try await desk.store.claim(id: listed.id) { claimed.append(record) }
        }
        #expect(!claimed.isEmpty)
        let report = try await desk.outbox.deliverDue()
        #expect(report.reconciled == claimed.count)
        #expect(report.sent.count == claimed.count)
        #expect(try await desk.outbox.list(states: [.sent]).count == claimed.count)
        // Nothing was written before the "crash": nothing may be a repeat.
        #expect(try await desk.outbox.list().filter(\.possibleRepeat).isEmpty)
    }
}

@Suite struct ConfigurationTests {
    func load(_ yaml: String) -> ConfigurationError? { ConfigurationProbe.error(yaml) }

    @Test func errorsNameTheKeyAndTheFile() throws {
        let unknown = try #require(load("desk:\n  nmae: x\n"))
        #expect(unknown.key == "desk.nmae")
        #expect(unknown.file.hasSuffix("intake.yaml"))
        let plaintext = try #require(load("sources:\n  - name: m\n    url: imaps://imap.example.test/INBOX\n    password: hunter2\n"))
        #expect(plaintext.key == "sources[1].password")
        #expect(!plaintext.description.contains("hunter2"))
        let tls = try #require(load("sources:\n  - name: m\n    url: imap://mail.example.test/INBOX\n    tls: none\n"))
        #expect(tls.key == "sources[1].tls")
        #expect(tls.message.contains("loopback"))
        let zone = try #require(load("desk:\n  timezone: Mars/Olympus\n"))
        #expect(zone.key == "desk.timezone")
        let escape = try #require(load("sources:\n  - name: d\n    url: /tmp\n    after: move:../../etc\n"))
        #expect(escape.key == "sources[1].after")
        for itself in ["move:.", "move:./", "move:./."] {
            let same = try #require(load("sources:\n  - name: d\n    url: /tmp\n    on_failure: \"\(itself)\"\n"), "\(itself)")
            #expect(same.key == "sources[1].on_failure")
            #expect(same.message.contains("the drop folder itself"))
        }
        #expect(load("sources:\n  - name: m\n    url: imap://127.0.0.1:20143/INBOX\n    tls: none\n    password_env: X\n") == nil)
    }

    @Test func theExampleConfigurationLoads() throws {
        let configuration = try DeskConfiguration.load(directory: Repository.path("examples/config"))
        #expect(configuration.desk.timeZone.identifier == "Asia/Taipei")
        #expect(configuration.sources.first?.after == DeskConfiguration.AfterAction.none)
        #expect(configuration.review.autoApprove)
    }
}

@Suite struct SourceBackOffTests {
    @Test func aFailingSourceBacksOffWhileTheOthersGoOn() async throws {
        let broken = "  - name: broken\n    url: ../no-such-folder\n    settle_seconds: 0\n"
        let testDesk = try TestDesk(withExamples: false, sourcesYAML: broken + TestDesk.inboxSourceYAML)
        try FileManager.default.copyItem(atPath: Repository.path("examples/inbox/003-northwind-order.eml"), toPath: testDesk.folder.file("inbox/a.eml"))
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"))
        let first = try await desk.intake.poll()
        #expect(first[0].sourceError?.contains("no-such-folder") == true)
        #expect(first[1].taken == 1)
        try FileManager.default.copyItem(atPath: Repository.path("examples/inbox/004-kowloon-table.eml"), toPath: testDesk.folder.file("inbox/b.eml"))
        let second = try await desk.intake.poll()
        #expect(second[0].sourceError == nil)
        #expect(second[0].backingOffUntil != nil)
        #expect(second[1].taken == 1)
        // Asked for by name, a source is tried whatever its back-off.
        #expect(try await desk.intake.poll(sourceName: "broken")[0].sourceError != nil)
    }
}
