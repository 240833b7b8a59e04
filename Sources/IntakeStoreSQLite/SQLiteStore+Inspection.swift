import Foundation
import IntakeModel
import GRDB

/// What `intake store check` learns of a database file without migrating or writing it.
public struct StoreInspection: Sendable {
    /// The file's size; nil when there is no file.
    public var size: Int?
    /// Whether the desk's tables are there (a migrated store).
    public var hasSchema = false
    /// Migrations applied, the last named; and whether this build knows migrations it has not.
    public var appliedMigrations: [String] = []
    public var pendingMigrations: [String] = []
    /// SQLite's `quick_check`: "ok", or what it found wrong.
    public var integrity: String?
    public var deskID: String?
    public var items = 0
    public var orders = 0
    public var outbox = 0
    /// The file's permission bits, to tell a store others can read.
    public var mode: Int?
    /// Set when the file could not be read as a database at all.
    public var openError: String?
}

extension SQLiteStore {
    /// Reads what a database file holds, without creating, migrating or writing anything (the
    /// connection is read-only): a missing or empty file is reported as such, not opened.
    public static func inspect(databaseFile: String) -> StoreInspection {
        var inspection = StoreInspection()
        var status = stat()
        guard stat(databaseFile, &status) == 0 else { return inspection }
        inspection.size = Int(status.st_size)
        inspection.mode = Int(status.st_mode & 0o777)
        guard status.st_size > 0 else { return inspection }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // Read-only: closing the last read-write connection of a WAL database copies the log
            // into it and deletes the log, which is what a person is told to restore with it.
            configuration.readonly = true
            let queue = try DatabaseQueue(path: databaseFile, configuration: configuration)
            try queue.read { db in
                inspection.integrity = try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; ")
                inspection.hasSchema = try db.tableExists("grdb_migrations")
                guard inspection.hasSchema else { return }
                inspection.appliedMigrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let applied = Set(inspection.appliedMigrations)
                inspection.pendingMigrations = Migrations.migrator.migrations.filter { !applied.contains($0) }
                // A store part way through its migrations (another process is creating or
                // upgrading it this moment) may not have the tables below yet.
                guard inspection.pendingMigrations.isEmpty else { return }
                inspection.deskID = try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'desk_id'")
                inspection.items = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items") ?? 0
                inspection.orders = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0
                inspection.outbox = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
            }
        } catch {
            inspection.openError = SQLiteTransaction.describe(error)
        }
        return inspection
    }
}
