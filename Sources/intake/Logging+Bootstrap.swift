import Foundation
import Logging

/// Only the executable configures logging: lines go to standard error so that standard output
/// stays clean for tables and JSON. `INTAKE_LOG_LEVEL` (trace … critical) overrides the level.
enum LoggingSetup {
    static func bootstrap(default level: Logger.Level) -> Logger {
        let chosen = ProcessInfo.processInfo.environment["INTAKE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = chosen
            return handler
        }
        return Logger(label: "intake")
    }
}
