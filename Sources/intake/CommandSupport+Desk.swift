import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel
import Logging

extension CommandSupport {
    /// Opens the desk for a command; configuration problems exit with EX_CONFIG and a message.
    static func openDesk(_ options: ConfigOption, logLevel: Logger.Level = .warning) throws -> Desk {
        let configuration = try loadConfiguration(options.config)
        let logger = LoggingSetup.bootstrap(default: logLevel)
        return try run { () throws(IntakeError) in try Desk(configuration: configuration, logger: logger) }
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
        default: 1
        }
    }

    static func orderNumbers(_ texts: [String]) throws -> [OrderNumber] {
        try texts.map { text in try run { () throws(IntakeError) in try Desk.parseOrderNumber(text) } }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        print(String(decoding: try DocumentEncoding.encoder(pretty: true).encode(value), as: UTF8.self))
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
