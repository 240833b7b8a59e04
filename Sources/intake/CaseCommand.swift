import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel

/// `intake case …`: complaints, followed until resolved.
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Customers' complaints: list, show, assign, answer, resolve.",
        subcommands: [CaseList.self, CaseShow.self, CaseAssign.self, CaseAnswer.self, CaseResolve.self], defaultSubcommand: CaseList.self)
}

struct CaseList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Open and answered cases (or all).")
    @OptionGroup var options: ConfigOption
    @Flag(help: "Also resolved cases.") var all = false
    @Option(help: "Only this owner's cases.") var owner: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        var cases = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.cases(states: all ? nil : Array(CaseState.unresolved)) }
        if let owner { cases = cases.filter { $0.owner == owner } }
        if json { try CommandSupport.printJSON(cases); return }
        guard !cases.isEmpty else { print("No cases."); return }
        print(TextTable(headers: ["case", "opened", "order", "customer", "category", "owner", "state", "summary"], rows: cases.map {
            ["\($0.id)", desk.format($0.openedAt, "yyyy-MM-dd"), $0.orderNumber?.description ?? "-", $0.customerEmail ?? "-", $0.category.rawValue,
             $0.owner ?? "-", $0.state.rawValue, String($0.summary.prefix(40))]
        }).render())
    }
}

struct CaseShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One case: its complaint, order and history.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Case number.") var id: Int64
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let detail = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.caseDetail(id) }
        if json { try CommandSupport.printJSON(detail); return }
        let record = detail.record
        print("case \(record.id)  \(record.state)  \(record.category)  owner \(record.owner ?? "-")  opened \(desk.format(record.openedAt, "yyyy-MM-dd HH:mm"))")
        print("order: \(record.orderNumber.map { "\($0) (\(detail.order?.state.rawValue ?? "?"))" } ?? "none of ours")  customer: \(record.customerEmail ?? "-")")
        print("summary: \(record.summary)")
        print("")
        print("events:")
        for event in detail.events { print("  \(desk.format(event.at, "yyyy-MM-dd HH:mm"))  \(event.actor)  \(event.action)\(event.detail.map { ": \($0)" } ?? "")") }
        if let text = detail.sourceText {
            print("")
            print("── complaint ───────────────────────────────────────────")
            print(text)
        }
    }
}

struct CaseAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Give a case an owner, or correct its category.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Case number.") var id: Int64
    @Option(help: "Who follows it.") var owner: String?
    @Option(help: "late_delivery, damaged, wrong_item, quality, billing or other.") var category: CaseCategory?

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let record = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.assignCase(id, owner: owner, category: category) }
        print("case \(id): owner \(record.owner ?? "-"), category \(record.category)")
    }
}

struct CaseAnswer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "answer", abstract: "Answer the customer (case_answer template, threaded to the complaint).")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Case number.") var id: Int64
    @Option(help: "The answer's text.") var message: String?
    @Option(help: "A file holding the answer's text.") var messageFile: String?

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        var text = message ?? ""
        if let messageFile {
            guard let data = FileManager.default.contents(atPath: messageFile) else {
                CommandSupport.printError("\(messageFile) cannot be read")
                throw ExitCode(66)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let answer = text
        let (_, notice) = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.answerCase(id, message: answer) }
        print("case \(id): answered; email queued to \(notice.recipients.joined(separator: ", "))")
    }
}

struct CaseResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Close a case.")
    @OptionGroup var options: ConfigOption
    @Argument(help: "Case number.") var id: Int64
    @Option(help: "What settled it (kept in the event log).") var note: String?

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        _ = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.followUp.resolveCase(id, note: note) }
        print("case \(id): resolved")
    }
}
