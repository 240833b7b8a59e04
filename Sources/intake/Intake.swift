import ArgumentParser
import Foundation
import IntakeCore

/// The order desk on the command line. All logic lives in IntakeCore; this layer parses
/// arguments, prints and maps failures to exit codes.
@main
struct Intake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "OrderIntake: read customers' orders, review them, confirm them.",
        version: "0.1.0",
        subcommands: [Run.self, Poll.self, Extract.self, Queue.self, Confirm.self, Outbox.self, OrderCommand.self, CaseCommand.self, SurveyCommand.self, ReportCommand.self, Doctor.self, StoreCommand.self, Status.self]
    )

    /// `intake --config DIR queue list` is how people type it: move a `--config` given before the
    /// subcommand to the end, where every subcommand's own `--config` option reads it.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var remaining = arguments
        var hoisted: [String] = []
        var index = 0
        while index < remaining.count, remaining[index].hasPrefix("-") {
            let argument = remaining[index]
            if argument == "--config", index + 1 < remaining.count {
                hoisted += [argument, remaining[index + 1]]
                remaining.removeSubrange(index...(index + 1))
            } else if argument.hasPrefix("--config=") {
                hoisted.append(argument)
                remaining.remove(at: index)
            } else {
                index += 1
            }
        }
        guard !hoisted.isEmpty else { return arguments }
        if let terminator = remaining.firstIndex(of: "--") {
            remaining.insert(contentsOf: hoisted, at: terminator)
            return remaining
        }
        return remaining + hoisted
    }

    /// Initialises libcurl before anything else runs (it must happen before other threads exist),
    /// then parses and runs the command as ArgumentParser's own `main` would.
    static func main() async {
        do {
            try Desk.prepareProcess()
        } catch {
            CommandSupport.printError(error.message)
            Foundation.exit(70)
        }
        do {
            var command = try parseAsRoot(Self.hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// `--config DIR`, shared by every command.
struct ConfigOption: ParsableArguments {
    /// The folder every command falls back to when no `--config` is given.
    static let defaultFolder = "config"

    // Optional rather than defaulted: a desk found by default is named on standard error, and
    // an empty default folder is refused, so a command typed without `--config` cannot quietly
    // answer from another desk or start a new one.
    @Option(name: .long, help: ArgumentHelp("The configuration folder (intake.yaml, catalog.csv, customers.csv); default ./config.", valueName: "DIR"))
    var config: String?
}
