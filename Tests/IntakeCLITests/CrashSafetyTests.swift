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
