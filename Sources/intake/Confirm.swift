import ArgumentParser
import IntakeCore

/// `intake confirm`: render confirmations for approved orders into the outbox.
struct Confirm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render confirmations for approved orders into the outbox.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let results = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.outbox.confirmApproved() }
        if results.isEmpty { print("No approved orders to confirm.") }
        var failed = false
        for (number, result) in results {
            switch result {
            case .success(let record): print("\(number): confirmation queued to \(record.recipients.joined(separator: ", ")) (outbox \(record.id))")
            case .failure(let error):
                // On standard output with the others, as `run` says it: one line per order.
                failed = true
                print("\(number): not confirmed: \(error.message)")
            }
        }
        if failed { throw ExitCode(CommandSupport.somethingFailedExit) }
    }
}
