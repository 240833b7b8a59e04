import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel
import Logging

extension CommandSupport {
    /// Opens the desk for a command; configuration problems exit with EX_CONFIG and a message.
    /// `INTAKE_NOW` (ISO 8601) fixes the desk's clock: for back-dating a status import, and for
    /// tests that move time forward across processes.
    static func openDesk(_ options: ConfigOption, logLevel: Logger.Level = .warning) async throws -> Desk {
        let configuration = try loadConfiguration(options)
        let logger = LoggingSetup.bootstrap(default: logLevel)
        if let text = ProcessInfo.processInfo.environment["INTAKE_NOW"], !text.isEmpty {
            let fixed = try parseMoment(text, timeZone: configuration.desk.timeZone)
            return try await runAsync { () async throws(IntakeError) in try await Desk(configuration: configuration, logger: logger, clock: { fixed }) }
        }
        return try await runAsync { () async throws(IntakeError) in try await Desk(configuration: configuration, logger: logger) }
    }

    /// An ISO 8601 moment, or a plain day (`2026-12-10`): the end of that day in the desk's
    /// time zone, so that everything due that day counts.
    static func parseMoment(_ text: String, timeZone: TimeZone) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = timeZone
        day.dateFormat = "yyyy-MM-dd"
        guard text.count == 10, let start = day.date(from: text) else {
            throw ValidationError("\"\(text)\" is neither a day such as 2026-12-10 nor an ISO 8601 moment such as 2026-12-10T10:00:00+08:00")
        }
        return start.addingTimeInterval(86_399)
    }

    /// Runs a desk call; a failure prints its message and exits with a code by kind.
    static func run<T>(_ body: () throws(IntakeError) -> T) throws -> T {
        do { return try body() } catch {
            printError(error.message)
            throw ExitCode(exitCode(for: error))
        }
    }

    static func exitCode(for error: IntakeError) -> Int32 {
        switch error.code {
        case .notFound: 3
        case .invalidEdit, .illegalTransition: 4
        case .alreadyRunning: 75
        case .configuration: configExit
        default: 1
        }
    }

    /// Order numbers as typed: whole, or the sequence alone when the desk has one such order.
    static func orderNumbers(_ texts: [String], on desk: Desk) async throws -> [OrderNumber] {
        var numbers: [OrderNumber] = []
        for text in texts { numbers.append(try await runAsync { () async throws(IntakeError) in try await desk.review.resolveOrderNumber(text) }) }
        return numbers
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        print(String(decoding: try DocumentEncoding.prettyEncoder().encode(value), as: UTF8.self))
    }

    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}

extension CommandSupport {
    static func runAsync<T>(_ body: () async throws(IntakeError) -> T) async throws -> T {
        do { return try await body() } catch {
            printError(error.message)
            throw ExitCode(exitCode(for: error))
        }
    }
}
