import ArgumentParser
import IntakeCore

/// `intake store check`: the state of the data folder and its store, without opening the desk.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look at the desk's store.",
        subcommands: [Check.self])

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
}
