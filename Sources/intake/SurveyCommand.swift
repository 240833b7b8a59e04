import ArgumentParser
import Foundation
import IntakeCore

/// `intake survey send`: the scheduled satisfaction surveys.
struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "Send the satisfaction surveys that are due.",
        subcommands: [SurveySend.self], defaultSubcommand: SurveySend.self)
}

struct SurveySend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Survey every order completed surveys.after_days ago and not yet surveyed.",
        discussion: """
            Meant for a scheduled run (cron or a systemd timer; intake run also does it at surveys.send_at). \
            Skipped: customers without a valid address, who opted out, with an open complaint case, or surveyed \
            within surveys.min_days_between. Each order is surveyed once, also when runs overlap or one crashes. \
            The surveys are queued in the outbox; intake run or intake outbox send delivers them.
            """)

    @OptionGroup var options: ConfigOption
    @Flag(help: "List who would get a survey and why the others would not; change nothing.") var dryRun = false
    @Option(help: "Decide as of this day (2026-12-10: its end, in the desk's time zone) or moment (2026-12-10T10:00:00+08:00) instead of now.") var now: String?
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let moment = try now.map { try CommandSupport.parseMoment($0, timeZone: desk.configuration.desk.timeZone) }
        let decisions = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.surveys.send(dryRun: dryRun, now: moment) }
        if json {
            try CommandSupport.printJSON(decisions)
            return
        }
        if decisions.isEmpty {
            print(dryRun ? "No orders are due for a survey, and no completed order is waiting for one." : "No orders are due for a survey.")
            return
        }
        print(TextTable(headers: ["order", "customer", dryRun ? "would" : "done", "why"],
                        rows: decisions.map { [$0.order, $0.customer ?? "-", $0.outcome.rawValue, $0.reason] }).render())
        let sent = decisions.filter { $0.outcome == .sent || $0.outcome == .send }.count
        let waiting = decisions.filter { $0.outcome == .wait }.count
        print(dryRun ? "\(sent) would be sent, \(waiting) not due yet (dry run: nothing changed)" : "\(sent) surveys queued; intake outbox send (or intake run) delivers them")
        if decisions.contains(where: { $0.outcome == .failed }) { throw ExitCode(1) }
    }
}
