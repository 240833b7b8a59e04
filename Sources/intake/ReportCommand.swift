import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel
import IntakeRendering

/// `intake report …`: the desk's figures as a terminal table, JSON, CSV or one HTML page.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Sales, satisfaction and intake figures.",
        subcommands: [ReportSales.self, ReportSatisfaction.self, ReportIntake.self])
}

/// The period and the output every report takes.
struct ReportOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD (desk time zone).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD, included.") var to: String?
    @Flag(help: "Print the whole report as JSON.") var json = false
    @Flag(help: "Print one table as CSV (the first, or --table).") var csv = false
    @Option(help: "The table for --csv, by name (listed in --json output).") var table: String?
    @Option(help: "Write a self-contained HTML page with charts to this file.") var html: String?

    func period() throws -> ReportPeriod {
        func day(_ text: String?, _ name: String) throws -> CalendarDate? {
            guard let text else { return nil }
            guard let day = CalendarDate(text) else { throw ValidationError("--\(name) \(text) is not a date; write YYYY-MM-DD") }
            return day
        }
        return ReportPeriod(from: try day(from, "from"), to: try day(to, "to"))
    }

    func emit(_ report: Report) throws {
        if let html {
            do { try ReportHTML.page(report).write(toFile: html, atomically: true, encoding: .utf8) } catch {
                CommandSupport.printError("cannot write \(html): \(error.localizedDescription)")
                throw ExitCode(73)
            }
            print("\(report.title): written to \(html)")
            return
        }
        if json { try CommandSupport.printJSON(report); return }
        if csv {
            guard let chosen = table.map({ name in report.tables.first { $0.name == name } }) ?? report.tables.first else {
                throw ValidationError("no table \(table ?? "") in this report; tables: \(report.tables.map(\.name).joined(separator: ", "))")
            }
            print(ReportCSV.csv(chosen), terminator: "")
            return
        }
        print(report.title)
        print(report.subtitle)
        print("")
        let width = report.figures.map { TextTable.width($0.label) }.max() ?? 0
        for figure in report.figures { print(figure.label + String(repeating: " ", count: width - TextTable.width(figure.label)) + "  " + figure.display) }
        for table in report.tables {
            print("")
            print(table.title)
            let numbers = Set(table.columns.indices.filter { table.columns[$0].style != nil })
            print(table.rows.isEmpty ? "  (nothing in this period)"
                  : TextTable(headers: table.columns.map(\.name), rows: table.displayRows, rightAligned: numbers).render())
        }
    }
}

struct ReportSales: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sales", abstract: "Orders, quantities and revenue per currency, by product, customer or month.")
    @OptionGroup var options: ConfigOption
    @Option(help: "product, customer or month.") var by: SalesGrouping = .product
    @OptionGroup var report: ReportOptions

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let period = try report.period()
        try report.emit(try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.reports.sales(by: by, period: period) })
    }
}

struct ReportSatisfaction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "satisfaction", abstract: "Response rate, average rating, CSAT or NPS, per month, product and customer, the latest comments.")
    @OptionGroup var options: ConfigOption
    @OptionGroup var report: ReportOptions

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let period = try report.period()
        try report.emit(try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.reports.satisfaction(period: period) })
    }
}

struct ReportIntake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "intake", abstract: "Items per source and kind, touchless rate, time to confirmation, backlog, failures.")
    @OptionGroup var options: ConfigOption
    @OptionGroup var report: ReportOptions

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let period = try report.period()
        try report.emit(try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.reports.intake(period: period) })
    }
}
