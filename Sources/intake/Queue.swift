import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel

/// `intake queue …`: the review queue an assistant works.
struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work the review queue: orders to review, customers' changes and cancellations, failed items.",
        subcommands: [QueueList.self, QueueShow.self, QueueEdit.self, QueueApprove.self, QueueReject.self,
                      QueueChanges.self, QueueAcceptChange.self, QueueDeclineChange.self, QueueCloseChange.self],
        defaultSubcommand: QueueList.self)
}

struct QueueList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Orders waiting for review, and items that failed.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Show orders in every state, not only those needing review.") var all = false
    @Option(help: "Only orders in this state (needs_review, approved, confirmed, …).") var state: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        var states: [OrderState]? = [.needsReview]
        if all { states = nil }
        if let state {
            guard let parsed = OrderState(rawValue: state) else {
                throw ValidationError("unknown state \(state); states: \(OrderState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            states = [parsed]
        }
        let orders = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.review.queue(states: states) }
        let failed = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.review.failedItems() }
        let changes = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.changeRequests() }
        if json {
            try CommandSupport.printJSON(QueueListing(orders: orders, failed: failed.map(FailedItem.init), changes: changes))
            return
        }
        let rows = orders.map { order in
            [order.number.description, QueueFormat.short(order.receivedAt, desk: desk),
             order.customer.company ?? order.customer.name ?? order.customer.email ?? "?",
             String(order.lines.count), order.total.map { "\(order.currency ?? "") \(DecimalText.formatMoney($0))".trimmingCharacters(in: .whitespaces) } ?? "-",
             order.state.rawValue, order.issues.isEmpty ? "-" : order.issues.map(\.code).joined(separator: ",")]
        }
        if rows.isEmpty {
            print(states == [.needsReview] ? "No orders waiting for review." : "No orders.")
        } else {
            print(TextTable(headers: ["id", "received", "customer", "lines", "total", "status", "issues"], rows: rows).render())
        }
        if !changes.isEmpty {
            print("")
            print("Changes and cancellations from customers (queue accept-change ID / decline-change ID --reason):")
            print(QueueChanges.format(changes))
        }
        if !failed.isEmpty {
            print("")
            print("Failed items (the originals are kept; fix the cause and re-send, or handle by hand):")
            print(TextTable(headers: ["item", "received", "file", "reason"],
                            rows: failed.map { ["item:\($0.id)", QueueFormat.day($0.receivedAt, desk: desk), $0.filename, $0.failureReason ?? "-"] }).render())
        }
    }
}

struct QueueShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One order: fields, lines, issues, where each came from, events and the source.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print JSON instead of text.") var json = false
    @Argument(help: "Order number, e.g. SO-2026-00001.") var id: String

    func run() async throws { try await OrderShow.show(id: id, json: json, options: options) }
}

struct QueueEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change fields of an order before it is confirmed.",
        discussion: "Fields: \(OrderEdit.knownPaths.joined(separator: ", ")). Lines are numbered from 1 as in queue show; an empty value clears a field.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    @Option(name: .customLong("set"), help: ArgumentHelp("field=value, repeatable.", valueName: "field=value")) var assignments: [String] = []

    func validate() throws {
        if assignments.isEmpty { throw ValidationError("give at least one --set field=value") }
    }

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let number = try await CommandSupport.orderNumbers([id], on: desk)[0]
        let result = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.review.edit(number, assignments: assignments) }
        if let notice = result.notice {
            print("\(number): amended (still \(result.order.state.rawValue)):")
            for change in result.changes { print("  \(change)") }
            print("the customer is sent the order as it now reads: amended email queued to \(notice.recipients.joined(separator: ", "))")
        } else {
            print("\(number): changed \(assignments.joined(separator: "; ")); now \(result.order.state.rawValue)")
        }
    }
}

struct QueueApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve orders so that they get confirmed.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "Order numbers.") var ids: [String]

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        var failed = false
        for (number, result) in await desk.review.approve(try await CommandSupport.orderNumbers(ids, on: desk)) {
            switch result {
            case .success: print("\(number): approved")
            case .failure(let error):
                failed = true
                CommandSupport.printError(error.message)
            }
        }
        if failed { throw ExitCode(4) }
    }
}

struct QueueReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject an order, with a reason for the record.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "Order number.") var id: String
    @Option(help: "Why (kept in the event log).") var reason: String

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let number = try await CommandSupport.orderNumbers([id], on: desk)[0]
        _ = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.review.reject(number, reason: reason) }
        print("\(number): rejected (\(reason))")
    }
}

struct QueueChanges: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "changes", abstract: "Customers' change requests and cancellations, with what would change.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Also those already accepted or declined.") var all = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let changes = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.changeRequests(states: all ? nil : [.pending]) }
        if json { try CommandSupport.printJSON(changes); return }
        print(changes.isEmpty ? "No changes or cancellations waiting." : Self.format(changes))
    }

    /// One block per request: id, order, state, flag, then its before → after lines.
    static func format(_ changes: [PendingChange]) -> String {
        changes.map { change in
            let request = change.request
            var lines = ["change \(request.id)  \(request.kind)  \(request.orderNumber?.description ?? "no order")"
                + (change.order.map { " (\($0.state.rawValue))" } ?? "") + "  \(request.state)  from \(change.from ?? "?")  \"\(change.summary ?? "")\""]
            if let flag = request.flag { lines.append("  ! \(flag)") }
            if change.diff.isEmpty && change.order != nil { lines.append("  (nothing in the email could be read as a change)") }
            lines += change.diff.map { "  \($0)" }
            // Fitted to the terminal like the tables above it (wide characters count double).
            return lines.map { TextTable.truncate($0, to: 100) }.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

struct QueueAcceptChange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept-change", abstract: "Apply a customer's change or cancellation and answer them.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The change number from queue changes.") var id: Int64

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let (record, notice) = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.acceptChange(id) }
        print("change \(id): accepted, \(record.orderNumber?.description ?? "") \(record.kind == .cancellation ? "cancelled" : "changed")"
              + (notice.map { "; \($0.purpose) email queued to \($0.recipients.joined(separator: ", "))" } ?? ""))
    }
}

struct QueueDeclineChange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decline-change", abstract: "Decline a customer's change, telling them why.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The change number from queue changes.") var id: Int64
    @Option(help: "Why (the customer reads it).") var reason: String

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let (_, notice) = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.declineChange(id, reason: reason) }
        print("change \(id): declined" + (notice.map { "; \($0.purpose) email queued to \($0.recipients.joined(separator: ", "))" } ?? "; no email (no order to write about)"))
    }
}

struct QueueCloseChange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-change", abstract: "Close a customer's change handled by hand (e.g. the order amended with queue edit); no email.")

    @OptionGroup var options: ConfigOption
    @Argument(help: "The change number from queue changes.") var id: Int64
    @Option(help: "How it was handled (kept in the event log).") var note: String

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        _ = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.closeChange(id, note: note) }
        print("change \(id): closed")
    }
}
