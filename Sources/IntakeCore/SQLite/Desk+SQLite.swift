public import Foundation
import IntakeModel
import IntakeStoreSQLite
public import Logging

// The one place the desk's store is chosen: SQLite in the data folder. The files beside this
// one deal with that folder as SQLite leaves it (`intake store check`, the run lock, originals'
// hashes); nothing else in IntakeCore sees the implementation.
extension Desk {
    /// A desk on its own SQLite store in the configured data folder: the one place the store's
    /// kind is chosen. A folder that has held a desk never gets a new, empty store (`DeskMarker`).
    public convenience init(configuration: DeskConfiguration, logger: Logger, actor: String? = nil,
                            clock: @escaping @Sendable () -> Date = { Date() }) async throws(IntakeError) {
        let store: SQLiteStore
        do {
            store = try SQLiteStore(databaseFile: configuration.databaseFile,
                                    originalsDirectory: (configuration.dataDirectory as NSString).appendingPathComponent("originals")) {
                let evidence = DeskMarker.evidence(configuration)
                return evidence.isEmpty ? nil : "this data folder has held a desk (\(evidence.joined(separator: "; ")))"
            }
        } catch {
            throw IntakeError(code: error.code == .storeMissing ? .storeMissing : .storeFailed, message: error.message)
        }
        try await self.init(configuration: configuration, store: store, logger: logger, actor: actor, clock: clock)
        try await DeskMarker.settle(configuration, desk: self)
    }
}
