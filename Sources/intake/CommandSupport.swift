import ArgumentParser
import Foundation
import IntakeCore

/// Turning library failures into messages and exit codes, in one place.
enum CommandSupport {
    /// Exit code for a configuration problem (sysexits EX_CONFIG).
    static let configExit: Int32 = 78

    static func loadConfiguration(_ directory: String) throws -> DeskConfiguration {
        try mapConfiguration { () throws(ConfigurationError) in try DeskConfiguration.load(directory: directory) }
    }

    static func mapConfiguration<T>(_ body: () throws(ConfigurationError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            printError("configuration error: \(error.description)")
            throw ExitCode(configExit)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("intake: \(message)\n".utf8))
    }
}
