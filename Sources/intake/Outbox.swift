import ArgumentParser
import Foundation
import IntakeCore
import IntakeStore

/// `intake outbox …`: outgoing mail.
struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Outgoing mail: list it, send what is due.",
                                                    subcommands: [OutboxList.self, OutboxSend.self], defaultSubcommand: OutboxList.self)
}

struct OutboxList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every outgoing message with its state.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let desk = try CommandSupport.openDesk(options)
        let records = try CommandSupport.run { () throws(IntakeError) in try desk.outbox() }
        if json { try CommandSupport.printJSON(records); return }
        if records.isEmpty { print("The outbox is empty."); return }
        print(TextTable(headers: ["id", "order", "purpose", "to", "state", "tries", "subject"], rows: records.map {
            [String($0.id), $0.orderNumber?.description ?? "-", $0.purpose, $0.recipients.joined(separator: ","), $0.state.rawValue, String($0.attempts), $0.subject]
        }).render())
    }
}

struct OutboxSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Deliver every message that is due now.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let desk = try CommandSupport.openDesk(options)
        let report = try CommandSupport.run { () throws(IntakeError) in try desk.deliverDue() }
        if report.sent.isEmpty && report.failed.isEmpty { print("Nothing due.") }
        RunOutput.print(CycleReport(polls: [], confirmed: [], confirmFailures: [], delivery: report))
        if !report.failed.isEmpty { throw ExitCode(1) }
    }
}
