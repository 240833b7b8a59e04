import Foundation
import IntakeModel
import IntakeStoreSQLite
import Logging
#if Postgres
import IntakeStorePostgres
#endif

/// `intake store migrate` and `intake store copy`: bringing a store's schema up to date, and
/// moving a desk from its SQLite file to the shared PostgreSQL store.
public enum StoreTransfer {
    /// Opens the configured store, which runs the migrations it lacks (once, under a lock), and
    /// answers the migrations applied, oldest first.
    public static func migrate(_ configuration: DeskConfiguration) async throws(IntakeError) -> (store: String, migrations: [String]) {
        switch configuration.store.kind {
        case .sqlite:
            _ = try await Desk.openStore(configuration, logger: Logger(label: "intake.store"))
            let inspection = SQLiteStore.inspect(databaseFile: configuration.databaseFile)
            return (configuration.databaseFile, inspection.appliedMigrations)
        case .postgres:
            #if Postgres
            let store = try await Desk.openStore(configuration, logger: Logger(label: "intake.store"))
            guard let postgres = store as? PostgresStore else { return (configuration.store.url ?? "", []) }
            do {
                return (postgres.settings.displayName, try await postgres.appliedMigrations())
            } catch {
                throw IntakeError(code: .storeFailed, message: error.message)
            }
            #else
            _ = try await Desk.openStore(configuration, logger: Logger(label: "intake.store"))
            return (configuration.store.url ?? "", [])
            #endif
        }
    }

    /// What a copy moved: rows per table, as counted in the target after it committed.
    public struct CopyReport: Sendable {
        public var target: String
        public var rows: [(table: String, copied: Int, inTarget: Int)]
    }

    /// Copies every row of the SQLite desk at `databaseFile` into the configured PostgreSQL store,
    /// in one transaction: the shared store then holds the whole desk (every item, original,
    /// order, event and outbox message, with their ids) or nothing. The SQLite desk must be stopped
    /// (its run lock is taken for the copy) and the target must be a new, empty database.
    public static func copy(fromSQLite databaseFile: String, to configuration: DeskConfiguration) async throws(IntakeError) -> CopyReport {
        guard configuration.store.kind == .postgres else {
            throw IntakeError(code: .configuration, message: "the target must be a PostgreSQL store: give --to postgres://USER@HOST:5432/DATABASE, or a configuration whose store.url names one")
        }
        #if Postgres
        let folder = (databaseFile as NSString).deletingLastPathComponent
        guard (DeskMarker.size(of: databaseFile) ?? 0) > 0 else {
            throw IntakeError(code: .notFound, message: "\(databaseFile) is missing or empty: there is no desk to copy")
        }
        let lock = try RunLock(dataDirectory: folder)
        defer { withExtendedLifetime(lock) {} }
        let source: SQLiteStore
        do {
            source = try SQLiteStore(databaseFile: databaseFile, originalsDirectory: (folder as NSString).appendingPathComponent("originals")) {
                "there is no desk at \(databaseFile)"
            }
        } catch {
            throw IntakeError(code: .storeFailed, message: error.message)
        }
        guard let target = try await Desk.openStore(configuration, logger: Logger(label: "intake.store")) as? PostgresStore else {
            throw IntakeError(code: .storeFailed, message: "the configured store is not a PostgreSQL store")
        }
        let report: CopyReport
        do throws(StoreError) {
            let copy = try await target.beginCopy()
            var copied: [(String, Int)] = []
            do throws(StoreError) {
                for table in StoreRows.tables {
                    let rows = try await source.export(table)
                    try await copy.insert(rows)
                    copied.append((table, rows.rows.count))
                }
                try await copy.commit()
            } catch {
                await copy.rollback()
                throw error
            }
            let counts = try await target.rowCounts(StoreRows.tables)
            report = CopyReport(target: target.settings.displayName, rows: copied.map { ($0.0, $0.1, counts[$0.0] ?? 0) })
        } catch {
            throw IntakeError(code: .storeFailed, message: error.message)
        }
        if let short = report.rows.first(where: { $0.copied != $0.inTarget }) {
            throw IntakeError(code: .storeFailed, message: "\(short.table): \(short.copied) rows copied but \(short.inTarget) in the target; check the target before using it")
        }
        return report
        #else
        throw IntakeError(code: .configuration, message: "this intake was built without PostgreSQL; build it with `swift build -c release --traits Postgres`")
        #endif
    }
}
