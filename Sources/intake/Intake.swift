import ArgumentParser
import Foundation
import IntakeCurl

/// The order desk on the command line. All logic lives in IntakeCore; this layer parses
/// arguments, prints and maps failures to exit codes.
@main
struct Intake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "OrderIntake: read customers' orders, review them, confirm them.",
        version: "0.1.0",
        subcommands: [Run.self, Poll.self, Extract.self, Queue.self, Confirm.self, Outbox.self, Doctor.self]
    )

    /// Initialises libcurl before anything else runs (it must happen before other threads exist),
    /// then parses and runs the command as ArgumentParser's own `main` would.
    static func main() async {
        do {
            try Curl.initialize()
        } catch {
            CommandSupport.printError(error.message)
            Foundation.exit(70)
        }
        do {
            var command = try parseAsRoot()
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
    @Option(name: .long, help: ArgumentHelp("The configuration folder (intake.yaml, catalog.csv, customers.csv).", valueName: "DIR"))
    var config: String = "config"
}
