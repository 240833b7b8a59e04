import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel

/// `intake order …`: the order's life after review.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Follow an order after review: ship, deliver, complete, delay, cancel, hold, release, show, import-status.",
        subcommands: [OrderShow.self, OrderShip.self, OrderDeliver.self, OrderComplete.self, OrderDelay.self, OrderCancel.self,
                      OrderHold.self, OrderRelease.self, OrderImportStatus.self])

    /// Applies a step and says what changed, including the email the customer gets (or why not).
    static func apply(_ step: LifecycleStep, id: String, options: ConfigOption) async throws {
        let desk = try await CommandSupport.openDesk(options)
        let number = try await CommandSupport.orderNumbers([id], on: desk)[0]
        let result = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.apply(step, to: number) }
        var line = "\(number): \(result.order.state.rawValue)"
        if case .delay(let until, _) = step { line = "\(number): delivery moved to \(until) (still \(result.order.state.rawValue))" }
        if let notice = result.notice {
            line += "; \(notice.purpose) email queued to \(notice.recipients.joined(separator: ", ")) (intake outbox list)"
        } else if let reason = result.noNoticeReason {
            line += "; no email: \(reason)"
        }
        print(line)
    }
}

struct OrderShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "The whole story of an order: source, fields, edits, emails sent and received, events.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print JSON instead of text.") var json = false
    @Argument(help: "Order number, e.g. SO-2026-00001.") var id: String

    func run() async throws { try await Self.show(id: id, json: json, options: options) }

    /// Shared with `queue show`: one story of an order, wherever it is asked for.
    static func show(id: String, json: Bool, options: ConfigOption) async throws {
        let desk = try await CommandSupport.openDesk(options)
        let number = try await CommandSupport.orderNumbers([id], on: desk)[0]
        let detail = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.review.detail(number) }
        if json {
            try CommandSupport.printJSON(detail)
        } else {
            print(OrderDetailFormatter(desk: desk).format(detail))
        }
    }
}

struct OrderShip: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ship", abstract: "Mark a confirmed order shipped; the customer gets the shipped email.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    @Option(help: "Who carries it (shown to the customer).") var carrier: String?
    @Option(help: "The carrier's tracking number (shown to the customer).") var tracking: String?
    func run() async throws { try await OrderCommand.apply(.ship(carrier: carrier, tracking: tracking), id: id, options: options) }
}

struct OrderDeliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliver", abstract: "Mark a shipped order delivered.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    func run() async throws { try await OrderCommand.apply(.deliver, id: id, options: options) }
}

struct OrderComplete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Mark an order completed; the satisfaction survey follows after surveys.after_days.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    func run() async throws { try await OrderCommand.apply(.complete, id: id, options: options) }
}

struct OrderDelay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delay", abstract: "Move the delivery date and tell the customer why.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    @Option(help: "The new delivery date, YYYY-MM-DD.") var until: String
    @Option(help: "Why, in words the customer reads.") var reason: String
    func run() async throws { try await OrderCommand.apply(.delay(until: until, reason: reason), id: id, options: options) }
}

struct OrderCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel an order not yet shipped; a confirmed customer is told.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    @Option(help: "Why (kept in the event log and told to the customer).") var reason: String
    func run() async throws { try await OrderCommand.apply(.cancel(reason: reason), id: id, options: options) }
}

struct OrderHold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Park an order; release returns it to where it was.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    @Option(help: "Why (kept in the event log).") var reason: String?
    func run() async throws { try await OrderCommand.apply(.hold(reason: reason), id: id, options: options) }
}

struct OrderRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Return an order on hold to the state it was held from.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    func run() async throws { try await OrderCommand.apply(.release, id: id, options: options) }
}

struct OrderImportStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-status", abstract: "Apply shipped/delivered/completed rows from an ERP or carrier export.",
        discussion: """
            A CSV file (, ; or tab) with a header row. Columns: order (SO-2026-00031), status (shipped, delivered, \
            completed), and optionally date (YYYY-MM-DD or ISO 8601), carrier, tracking. Rows already applied are \
            skipped; rows that cannot be applied are listed with their line and reason, and the rest still go in.
            """)
    @OptionGroup var options: ConfigOption
    @Flag(help: "Print JSON instead of text.") var json = false
    @Argument(help: "The CSV file.") var file: String

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        guard let data = FileManager.default.contents(atPath: file) else {
            CommandSupport.printError("\(file) cannot be read")
            throw ExitCode(66)
        }
        let text = String(decoding: data, as: UTF8.self)
        let report = await desk.followUp.importStatus(csv: text)
        if json {
            try CommandSupport.printJSON(report)
        } else {
            for entry in report.applied { print("line \(entry.line): \(entry.order ?? "?") \(entry.outcome)") }
            for entry in report.skipped { print("line \(entry.line): \(entry.order ?? "?") skipped, \(entry.outcome)") }
            for entry in report.failed { CommandSupport.printError("line \(entry.line): \(entry.order.map { "\($0): " } ?? "")\(entry.outcome)") }
            print("\(report.applied.count) applied, \(report.skipped.count) already done, \(report.failed.count) not applied")
        }
        if !report.failed.isEmpty { throw ExitCode(2) }
    }
}
