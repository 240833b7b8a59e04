import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel

/// `intake outbox …`: outgoing mail.
struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Outgoing mail: list it, show one, send what is due, retry or cancel one.",
                                                    subcommands: [OutboxList.self, OutboxShow.self, OutboxSend.self, OutboxRetry.self, OutboxCancel.self],
                                                    defaultSubcommand: OutboxList.self)
}

struct OutboxList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every outgoing message with its state.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let records = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.outbox.list() }
        if json { try CommandSupport.printJSON(records); return }
        if records.isEmpty { print("The outbox is empty."); return }
        print(TextTable(headers: ["id", "order", "purpose", "to", "state", "tries", "next try", "last reply"], rows: records.map {
            [String($0.id), $0.orderNumber?.description ?? "-", $0.purpose.rawValue, $0.recipients.joined(separator: ","),
             $0.state.rawValue + ($0.possibleRepeat ? " (may repeat)" : ""), String($0.attempts),
             $0.state == .retry ? ($0.nextAttemptAt.map { desk.format($0, "MM-dd HH:mm") } ?? "-") : "-", String(($0.lastReply ?? "-").prefix(60))]
        }).render())
    }
}

struct OutboxSend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Deliver every message that is due now.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let report = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.outbox.deliverDue() }
        if report.sent.isEmpty && report.failed.isEmpty && report.waiting.isEmpty && report.reconciled == 0 { print("Nothing due.") }
        RunOutput.print(CycleReport(polls: [], confirmed: [], confirmFailures: [], delivery: report))
        if report.somethingFailed { throw ExitCode(CommandSupport.somethingFailedExit) }
    }
}

struct OutboxShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One outgoing message: state, recipients, replies, events, headers.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The outbox id (see intake outbox list).") var id: Int64
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let detail = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.outbox.message(id: id) }
        if json { try CommandSupport.printJSON(detail); return }
        let record = detail.record
        print("outbox \(record.id): \(record.purpose) for \(record.orderNumber?.description ?? "no order"), \(record.state.rawValue)"
              + (record.possibleRepeat ? " (sent again after an interruption: may be a repeat)" : ""))
        print("Message-ID: <\(record.messageID)>, \(detail.size) bytes, \(record.attempts) attempts, queued \(desk.format(record.createdAt, "yyyy-MM-dd HH:mm"))"
              + (record.sentAt.map { ", sent \(desk.format($0, "yyyy-MM-dd HH:mm"))" } ?? "")
              + (record.state == .retry ? (record.nextAttemptAt.map { ", next attempt \(desk.format($0, "yyyy-MM-dd HH:mm"))" } ?? "") : ""))
        if let reply = record.lastReply { print("last reply: \(reply)") }
        print("")
        print(TextTable(headers: ["recipient", "state", "reply"], rows: detail.recipients.map { [$0.address, $0.state.rawValue, $0.reply ?? "-"] }).render())
        print("")
        for event in detail.events { print("\(desk.format(event.at, "MM-dd HH:mm:ss"))  \(event.actor)  \(event.action)  \(event.detail ?? "")") }
        print("")
        print(detail.headers)
    }
}

struct OutboxRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Make a failed or waiting message due now (it goes with the next send).")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The outbox id.") var id: Int64

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.outbox.retry(id: id) }
        print("outbox \(id) is queued again; intake outbox send or the next intake run sends it")
    }
}

struct OutboxCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Never send a queued, waiting or failed message.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The outbox id.") var id: Int64

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.outbox.cancel(id: id) }
        print("outbox \(id) is cancelled")
    }
}
