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

    /// The desk named by `--config`, else `./config`. A default folder without `intake.yaml` is
    /// refused: loading it would start an empty desk with every key at its default, and each
    /// command would then answer "there is no order" about orders that live in another desk.
    /// A desk found by default is named on standard error (its output stays clean) so that the
    /// reader knows which desk answered.
    static func loadConfiguration(_ options: ConfigOption) throws -> DeskConfiguration {
        if let directory = options.config {
            return try mapConfiguration { () throws(ConfigurationError) in try DeskConfiguration.load(directory: directory) }
        }
        let file = (ConfigOption.defaultFolder as NSString).appendingPathComponent("intake.yaml")
        guard FileManager.default.fileExists(atPath: file) else {
            printError("configuration error: no --config given and there is no \(file) here; "
                + "pass --config DIR, the folder holding the desk's intake.yaml (the example desk is --config examples/config)")
            throw ExitCode(configExit)
        }
        let configuration = try mapConfiguration { () throws(ConfigurationError) in
            try DeskConfiguration.load(directory: ConfigOption.defaultFolder)
        }
        printError("using desk \(file) (data in \(displayPath(configuration.dataDirectory))); pass --config DIR for another")
        return configuration
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
