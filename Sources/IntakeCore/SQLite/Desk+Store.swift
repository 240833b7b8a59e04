public import Foundation
import IntakeModel
import IntakeStoreSQLite
public import Logging
#if Postgres
import IntakeStorePostgres
#endif

// The one place the desk's store is chosen: SQLite in the data folder, or the PostgreSQL server
// `store.url` names (in a build with the `Postgres` trait). The files beside this one deal with
// the data folder as SQLite leaves it (`intake store check`, the run lock, originals' hashes);
// nothing else in IntakeCore sees an implementation.
extension Desk {
    /// A desk on the store its configuration names. A folder that has held a desk never gets a
    /// new, empty SQLite store (`DeskMarker`).
    public convenience init(configuration: DeskConfiguration, logger: Logger, actor: String? = nil,
                            clock: @escaping @Sendable () -> Date = { Date() }) async throws(IntakeError) {
        let store = try await Self.openStore(configuration, logger: logger)
        try await self.init(configuration: configuration, store: store, logger: logger, actor: actor, clock: clock)
        try await DeskMarker.settle(configuration, desk: self)
    }

    static func openStore(_ configuration: DeskConfiguration, logger: Logger) async throws(IntakeError) -> any DeskStore {
        switch configuration.store.kind {
        case .sqlite:
            do {
                return try SQLiteStore(databaseFile: configuration.databaseFile,
                                       originalsDirectory: (configuration.dataDirectory as NSString).appendingPathComponent("originals")) {
                    let evidence = DeskMarker.evidence(configuration)
                    return evidence.isEmpty ? nil : "this data folder has held a desk (\(evidence.joined(separator: "; ")))"
                }
            } catch {
                throw IntakeError(code: error.code == .storeMissing ? .storeMissing : .storeFailed, message: error.message)
            }
        case .postgres:
            #if Postgres
            let settings = try postgresSettings(configuration.store)
            // The data folder still holds this worker's run lock, desk marker and logs: private,
            // as SQLite's is.
            do {
                try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw IntakeError(code: .io, message: "cannot create the data folder \(configuration.dataDirectory): \(error.localizedDescription)")
            }
            do {
                return try await PostgresStore(settings: settings, logger: logger)
            } catch {
                throw IntakeError(code: .storeFailed, message: error.message)
            }
            #else
            throw IntakeError(code: .configuration, message: "\(configuration.file) names a PostgreSQL store (store.url), but this intake was built without PostgreSQL. "
                + "Build it with `swift build -c release --traits Postgres` (README, \"One desk on several machines\").")
            #endif
        }
    }

    #if Postgres
    static func postgresSettings(_ store: DeskConfiguration.Store) throws(IntakeError) -> PostgresSettings {
        let password = try store.password?.resolveText()
        let tls = PostgresSettings.TLSMode(rawValue: store.tls.rawValue) ?? .verifyFull
        do {
            return try PostgresSettings(url: store.url ?? "", password: password, tls: tls, caFile: store.caFile)
        } catch {
            throw IntakeError(code: .configuration, message: error.message)
        }
    }
    #endif
}
