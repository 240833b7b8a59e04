import ArgumentParser
import ServiceLifecycle
import Foundation
import IntakeCore

/// `intake run [--once]`: poll, process, confirm and deliver; loops unless `--once`.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Poll every source, process, confirm approved orders and deliver what is due; loops unless --once.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Run one cycle and exit.") var once = false

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options, logLevel: once ? .warning : .info)
        if once {
            let report = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.cycle(progress: TerminalProgress.reporter()) }
            RunOutput.print(report)
            if report.polls.contains(where: { $0.sourceError != nil }) { throw ExitCode(1) }
            if report.somethingFailed { throw ExitCode(CommandSupport.somethingFailedExit) }
            return
        }
        let service = DeskRunner(desk: desk, report: RunOutput.print)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: desk.logger))
        do {
            try await group.run()
        } catch let error as IntakeError {
            CommandSupport.printError(error.message)
            throw ExitCode(CommandSupport.exitCode(for: error))
        }
    }
}

/// `intake poll [--source NAME]`: fetch new items into the store and process them.
struct Poll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fetch new items from the sources into the store and process them.")

    @OptionGroup var options: ConfigOption
    @Option(help: "Poll only this source.") var source: String?

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options, logLevel: .warning)
        let reports = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.intake.poll(sourceName: source, progress: TerminalProgress.reporter()) }
        reports.forEach(RunOutput.print)
        if reports.contains(where: { $0.sourceError != nil }) { throw ExitCode(1) }
        if reports.contains(where: \.somethingFailed) { throw ExitCode(CommandSupport.somethingFailedExit) }
    }
}

/// What `run` and `poll` print on standard output: one summary line per source and step.
enum RunOutput {
    @Sendable static func print(_ report: CycleReport) {
        report.polls.forEach(print)
        if report.confirmed.count > 12, let first = report.confirmed.first, let last = report.confirmed.last {
            Swift.print("confirmed: \(report.confirmed.count) orders, \(first) … \(last)")
        } else if !report.confirmed.isEmpty {
            Swift.print("confirmed: \(report.confirmed.map(\.description).joined(separator: ", "))")
        }
        for (number, reason) in report.confirmFailures { Swift.print("not confirmed: \(number): \(reason)") }
        let surveyed = report.surveys.filter { $0.outcome == .sent }.map(\.order)
        if !surveyed.isEmpty { Swift.print("surveys queued: \(surveyed.joined(separator: ", "))") }
        if report.delivery.reconciled > 0 { Swift.print("reconciled \(report.delivery.reconciled) interrupted deliveries") }
        if report.delivery.sent.count > 12 {
            Swift.print("delivered: \(report.delivery.sent.count) messages to \(report.delivery.sent.first?.deliveredTo.map { CommandSupport.displayPath(($0 as NSString).deletingLastPathComponent) } ?? "?")")
        } else {
            for record in report.delivery.sent { Swift.print("delivered: \(record.orderNumber?.description ?? "-") \(record.purpose) → \(record.deliveredTo.map(CommandSupport.displayPath) ?? "?")") }
        }
        for (record, reason) in report.delivery.failed { Swift.print("delivery failed: outbox \(record.id): \(reason)") }
        for (record, reason) in report.delivery.waiting { Swift.print("waiting: outbox \(record.id): \(reason)") }
        // `intake run` under systemd or into a log file: each report shows when it happens.
        fflush(nil)  // all output streams; `stdout` itself is shared mutable state to Swift 6
    }

    static func print(_ report: PollReport) {
        if let error = report.sourceError {
            Swift.print("\(report.source): not polled: \(error)")
            return
        }
        if let until = report.backingOffUntil {
            Swift.print("\(report.source): not polled: it failed recently; next attempt after \(until)")
            return
        }
        var parts = ["\(report.taken) new"]
        if report.alreadyKnown > 0 { parts.append("\(report.alreadyKnown) already stored") }
        if report.duplicates > 0 { parts.append("\(report.duplicates) duplicates") }
        if report.vanished > 0 { parts.append("\(report.vanished) taken by another process") }
        if report.changed > 0 { parts.append("\(report.changed) changed while read (taken on the next poll)") }
        if report.orders.count > 12, let first = report.orders.first, let last = report.orders.last {
            parts.append("\(report.orders.count) orders \(first) … \(last)")
        } else if !report.orders.isEmpty {
            parts.append("orders \(report.orders.map(\.description).joined(separator: ", "))")
        }
        for (kind, count) in report.otherKinds.sorted(by: { $0.key < $1.key }) { parts.append("\(count) \(kind)") }
        if !report.failed.isEmpty { parts.append("\(report.failed.count) failed") }
        Swift.print("\(report.source): " + parts.joined(separator: ", "))
        for failure in report.failed { Swift.print("  failed: \(failure.location): \(failure.reason)") }
    }
}

/// A one-line counter on standard error while items are taken in, only when it is a terminal:
/// piped or logged runs stay quiet.
enum TerminalProgress {
    static func reporter() -> IntakeService.Progress? {
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return { source, done, total in
            guard total >= 20 else { return }
            let line = done < total ? "\r\(source): \(done)/\(total) items" : "\r\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
