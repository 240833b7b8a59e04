#if Postgres
import Foundation
import IntakeTestSupport
import Testing

/// `intake store copy` moves a SQLite desk into a new PostgreSQL database, and the CLI for
/// assistants then shows the same desk from the shared store.
@Suite(.serialized) struct StoreCopyTests {
    /// The server `scripts/test.sh` started, and a new database on it for one test.
    struct Server {
        let port: String
        let password: String

        static var current: Server? {
            let environment = ProcessInfo.processInfo.environment
            guard let port = environment["INTAKE_POSTGRES_PORT"], let password = environment["INTAKE_POSTGRES_PASSWORD"] else { return nil }
            return Server(port: port, password: password)
        }

        func createDatabase() throws -> String {
            let name = "copy_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", "-q", "-h", "127.0.0.1", "-p", port, "-U", "intake", "-d", "intake", "-c", "CREATE DATABASE \(name)"]
            process.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { _, new in new }
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
            return "postgres://intake@127.0.0.1:\(port)/\(name)"
        }

        var environment: [String: String] { ["PGPW": password] }
    }

    @Test(.enabled(if: Server.current != nil || Testbed.isRequired))
    func aCopiedDeskReadsTheSameFromTheSharedStore() throws {
        let server = try #require(Server.current, "no PostgreSQL server: scripts/test.sh starts one")
        let desk = try TestDesk()
        let first = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(first.status == 0, "\(first.stderr)")
        let url = try server.createDatabase()
        let copy = try IntakeProcess.run(["--config", desk.configDirectory, "store", "copy", "--from", "sqlite:\(desk.dataDirectory)",
                                          "--to", url, "--password-env", "PGPW", "--tls", "disable"], environment: server.environment)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("orders"))
        // A second copy into the same database is refused: it holds a desk now.
        let again = try IntakeProcess.run(["--config", desk.configDirectory, "store", "copy", "--from", "sqlite:\(desk.dataDirectory)",
                                           "--to", url, "--password-env", "PGPW", "--tls", "disable"], environment: server.environment)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds a desk"))

        // The same desk configured on the shared store, with a data folder of its own.
        let shared = try TestDesk(withExamples: false, extraYAML: """
            store:
              url: \(url)
              password_env: PGPW
              tls: disable
            """)
        for command in [["queue", "list", "--all", "--json"], ["order", "show", "SO-2026-00003"], ["outbox", "list", "--json"],
                        ["case", "list", "--all"], ["report", "sales", "--json"], ["queue", "changes"]] {
            let before = try IntakeProcess.run(["--config", desk.configDirectory] + command)
            let after = try IntakeProcess.run(["--config", shared.configDirectory] + command, environment: server.environment)
            #expect(before.status == 0 && after.status == 0, "\(command): \(after.stderr)")
            #expect(before.stdout == after.stdout, "\(command.joined(separator: " ")) differs after the copy")
            #expect(!after.stdout.isEmpty)
        }
        // And work goes on there: the next number follows the copied ones.
        shared.folder.write("inbox/next.eml", try String(contentsOfFile: Repository.path("examples/inbox/003-northwind-order.eml"), encoding: .utf8)
            .replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<after-copy@northwind.example>")
            .replacingOccurrences(of: "PO NW-88231", with: "PO NW-99999"))
        let next = try IntakeProcess.run(["--config", shared.configDirectory, "run", "--once"], environment: server.environment)
        #expect(next.status == 0, "\(next.stderr)")
        let orders = try IntakeProcess.run(["--config", shared.configDirectory, "queue", "list", "--all", "--json"], environment: server.environment)
        let listing = try JSONSerialization.jsonObject(with: Data(orders.stdout.utf8)) as? [String: Any]
        let numbers = (listing?["orders"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
        #expect(numbers.count >= 2)
        #expect(numbers == (1...numbers.count).map { String(format: "SO-2026-%05d", $0) })
    }
}
#endif
