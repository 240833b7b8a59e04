import ArgumentParser
import Foundation
import IntakeCore

/// Turning library failures into messages and exit codes, in one place.
enum CommandSupport {
    /// Exit code for a configuration problem (sysexits EX_CONFIG).
    static let configExit: Int32 = 78
    /// The run finished, but something it tried failed: an item could not be read, a message
    /// failed or was given up, a confirmation could not be composed (each listed on standard
    /// output or error). A source that could not be polled at all exits 1, which wins.
    static let somethingFailedExit: Int32 = 5

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

    /// A path as the user would type it: relative to the current folder when inside it.
    static func displayPath(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("intake: \(message)\n".utf8))
    }
}
