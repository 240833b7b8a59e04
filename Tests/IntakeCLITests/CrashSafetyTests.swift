import Foundation
import IntakeTestSupport
import Testing

/// Killing `intake` at any moment loses nothing and duplicates nothing; two processes on one
/// desk do not double-process.
@Suite(.serialized) struct CrashSafetyTests {
    /// Drops `count` distinct orders (each its own Message-ID) into the desk's inbox.
    func fill(_ desk: TestDesk, count: Int) throws {
        let template = try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
        for index in 0..<count {
            let text = template
                .replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<load-\(index)@northwind.example>")
                .replacingOccurrences(of: "PO NW-88231", with: "PO NW-\(10_000 + index)")
            desk.folder.write("inbox/order-\(index).eml", text)
        }
    }

    func summary(_ desk: TestDesk) throws -> (items: Int, orders: [String]) {
        let output = try IntakeProcess.run(["--config", desk.configDirectory, "queue", "list", "--all", "--json"])
        let listing = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let orders = (listing?["orders"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
        return (desk.files(in: "inbox/processed").count, orders)
    }

    @Test func sigkillMidRunLosesAndDuplicatesNothing() throws {
        let desk = try TestDesk(withExamples: false)
        let count = 150
        try fill(desk, count: count)
        for delay in [0.25, 0.6, 1.0] {
            let process = try IntakeProcess.start(["--config", desk.configDirectory, "run", "--once"])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let final = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(final.status == 0, "\(final.stderr)")
        let (processed, orders) = try summary(desk)
        #expect(processed == count)
        #expect(desk.files(in: "inbox").filter { $0.hasSuffix(".eml") }.isEmpty)
        #expect(orders.count == count)
        #expect(Set(orders).count == count)
        #expect(orders == (1...count).map { String(format: "SO-2026-%05d", $0) })
        // Every approved order was confirmed exactly once.
        #expect(desk.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }.count == count)
    }

    @Test func twoProcessesOnOneDeskDoNotDoubleProcess() throws {
        let desk = try TestDesk(withExamples: false)
        let count = 80
        try fill(desk, count: count)
        let first = try IntakeProcess.start(["--config", desk.configDirectory, "run", "--once"])
        let second = try IntakeProcess.start(["--config", desk.configDirectory, "run", "--once"])
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.terminationStatus == 0)
        let (processed, orders) = try summary(desk)
        #expect(processed == count)
        #expect(orders == (1...count).map { String(format: "SO-2026-%05d", $0) })
        #expect(desk.files(in: "data/outgoing").filter { $0.hasSuffix(".eml") }.count == count)
    }

    /// Scheduled survey runs that overlap, one of them killed halfway: every completed order is
    /// surveyed exactly once.
    @Test func overlappingAndKilledSurveyRunsSurveyEachOrderOnce() throws {
        let desk = try TestDesk(withExamples: false, autoApprove: false, extraYAML: "surveys:\n  after_days: 3\n")
        let count = 40
        let template = try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
        for index in 0..<count {
            desk.folder.write("inbox/order-\(index).eml", template
                .replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<survey-\(index)@northwind.example>")
                .replacingOccurrences(of: "purchasing@northwind.example", with: "buyer\(index)@northwind.example"))
        }
        let config = ["--config", desk.configDirectory]
        let dayZero = ["INTAKE_NOW": "2026-12-01T09:00:00+08:00"]
        #expect(try IntakeProcess.run(config + ["poll"], environment: dayZero).status == 0)
        let numbers = (1...count).map { String(format: "SO-2026-%05d", $0) }
        #expect(try IntakeProcess.run(config + ["queue", "approve"] + numbers, environment: dayZero).status == 0)
        #expect(try IntakeProcess.run(config + ["confirm"], environment: dayZero).status == 0)
        desk.folder.write("status.csv", "order,status\n" + numbers.map { "\($0),shipped\n\($0),completed\n" }.joined())
        let imported = try IntakeProcess.run(config + ["order", "import-status", desk.folder.file("status.csv")], environment: dayZero)
        #expect(imported.stdout.contains("\(count * 2) applied"), "\(imported.stdout) \(imported.stderr)")

        let dayFive = ["INTAKE_NOW": "2026-12-05T10:00:00+08:00"]
        let killed = try IntakeProcess.start(config + ["survey", "send"], environment: dayFive)
        let runs = try (0..<3).map { _ in try IntakeProcess.start(config + ["survey", "send"], environment: dayFive) }
        Thread.sleep(forTimeInterval: 0.15)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        for run in runs { run.waitUntilExit() }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 })
        let last = try IntakeProcess.run(config + ["survey", "send"], environment: dayFive)
        #expect(last.status == 0)
        #expect(!last.stdout.contains("  sent  "), "nothing is left to send: \(last.stdout)")

        let outbox = try IntakeProcess.run(config + ["outbox", "list", "--json"])
        let records = try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]] ?? []
        let surveyed = records.filter { $0["purpose"] as? String == "survey" }.compactMap { $0["orderNumber"] as? String }
        #expect(surveyed.count == count, "one survey per order")
        #expect(Set(surveyed) == Set(numbers))
    }

    @Test func secondLongRunningInstanceRefusesToStart() throws {
        let desk = try TestDesk(withExamples: false)
        let first = try IntakeProcess.start(["--config", desk.configDirectory, "run"])
        defer { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() }
        // Wait until the first holds the lock (its lock file appears).
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: desk.folder.file("data/intake.lock")) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.3)
        let second = try IntakeProcess.run(["--config", desk.configDirectory, "run"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("already"))
        // SIGTERM stops the first cleanly.
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
    }
}
