import ArgumentParser
import Foundation
import IntakeCore

/// `intake store check`: the state of the data folder and its store, without opening the desk.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look at the desk's store, bring its schema up to date, move a desk to a shared PostgreSQL store.",
        subcommands: [Check.self, Migrate.self, Copy.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the data folder and intake.sqlite (missing, empty, damaged, another desk's, readable by others); changes nothing.")

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let configuration = try CommandSupport.loadConfiguration(options)
            let checks = StoreCheck(configuration: configuration).run()
            for check in checks { print("\(check.ok ? "ok  " : "FAIL")  \(check.subject): \(check.detail)") }
            if checks.contains(where: { !$0.ok }) { throw ExitCode(1) }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the configured store's schema up to date (each migration once, under a lock) and list the migrations applied.")

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let configuration = try CommandSupport.loadConfiguration(options)
            let result = try await CommandSupport.runAsync { () async throws(IntakeError) in try await StoreTransfer.migrate(configuration) }
            print("Store: \(result.store)")
            for name in result.migrations { print("  applied  \(name)") }
            print("The schema is up to date (\(result.migrations.count) migrations).")
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a stopped SQLite desk into a new, empty PostgreSQL database, in one transaction, and check the counts.",
            discussion: """
                intake store copy --from sqlite:data/intake.sqlite --to postgres://intake@db.example.test:5432/desk --password-env PGPASSWORD
                Without --to, the store the configuration names (store.url, store.password_env) is the target.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: "The SQLite desk: sqlite:PATH to its intake.sqlite (or its data folder).") var from: String
        @Option(help: "The PostgreSQL database: postgres://USER@HOST:5432/DATABASE (default: the configuration's store.url).") var to: String?
        @Option(name: .customLong("password-env"), help: "The environment variable holding the PostgreSQL password.") var passwordEnv: String?
        @Option(help: "verify-full (default), require, or disable (loopback only).") var tls: String?
        @Option(name: .customLong("ca-file"), help: "The CA certificate that signed the server's certificate (verify-full).") var caFile: String?

        func run() async throws {
            var configuration = try CommandSupport.loadConfiguration(options)
            guard from.hasPrefix("sqlite:") else { throw ValidationError("--from must be sqlite:PATH (the intake.sqlite of the desk to copy)") }
            var path = String(from.dropFirst("sqlite:".count))
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                path = (path as NSString).appendingPathComponent("intake.sqlite")
            }
            if !path.hasPrefix("/") { path = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path) }
            if let to {
                let (url, passwordEnv, tls, caFile) = (to, passwordEnv, tls, caFile)
                configuration.store = try CommandSupport.mapConfiguration { () throws(ConfigurationError) in
                    try DeskConfiguration.Store.postgres(url: url, passwordEnv: passwordEnv, tls: tls, caFile: caFile, what: "intake store copy --to")
                }
            }
            let target = configuration
            let source = path
            let report = try await CommandSupport.runAsync { () async throws(IntakeError) in try await StoreTransfer.copy(fromSQLite: source, to: target) }
            print("Copied \(source) into \(report.target):")
            print(TextTable(headers: ["table", "copied", "in the target"], rows: report.rows.map { [$0.table, String($0.copied), String($0.inTarget)] }).render())
            print("Point every worker's store: at it, then start them (README, \"One desk on several machines\").")
        }
    }
}
