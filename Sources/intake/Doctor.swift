import ArgumentParser
import Foundation
import IntakeCore

/// `intake doctor`: check configuration, folders and master data without changing anything.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the configuration, folders, templates and sources; changes nothing.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let configuration = try CommandSupport.loadConfiguration(options)
        let checks = await DeskDoctor(configuration: configuration).run()
        for check in checks { print("\(check.ok ? "ok  " : "FAIL")  \(check.subject): \(check.detail)") }
        if checks.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
