import Foundation
import GRDB
public import IntakeModel

/// The desk's store on one machine: one SQLite file (WAL) holding items, their original bytes, orders, events
/// and the outbox (originals of versions before schema v6 stay in the folder beside it).
///
/// With `SQLiteTransaction`, the only code that sees SQL. One connection pool per file per process; every invariant is
/// kept inside one write transaction, so that two `intake` processes on the same data folder can
/// neither corrupt nor double-process anything (writers queue on SQLite's lock with a timeout).
public final class SQLiteStore: DeskStore {
    let pool: DatabasePool
    public let originals: OriginalStore
    public let databaseFile: String

    /// Opens (creating if needed) the database and runs pending migrations.
    ///
    /// `refusingNew` is asked only when the store would be new (a missing or empty database file,
    /// or one without the desk's tables); when it answers with a reason (the folder held a desk
    /// before), that is an error (code `storeMissing`) and nothing is created. A truncated
    /// `intake.sqlite` taken for a new desk once issued order numbers again to other orders.
    ///
    /// A new store is private: the data folder is created `0700` and the database `0600` (its
    /// `-wal` and `-shm` take the database's mode), since it holds every customer's mail.
    public convenience init(databaseFile: String, originalsDirectory: String, refusingNew: () -> String? = { nil }) throws(StoreError) {
        try self.init(databaseFile: databaseFile, originalsDirectory: originalsDirectory, migratingUpTo: nil, refusingNew: refusingNew)
    }

    /// `migratingUpTo` stops at a named migration: tests build a store as an earlier version left
    /// it, to check the next migration carries its data over.
    init(databaseFile: String, originalsDirectory: String, migratingUpTo target: String?, refusingNew: () -> String? = { nil }) throws(StoreError) {
        self.databaseFile = databaseFile
        self.originals = OriginalStore(directory: originalsDirectory)
        let folder = (databaseFile as NSString).deletingLastPathComponent
        try StoreFiles.makePrivateFolder(folder)
        // Creating the file, switching it to WAL and migrating must not interleave between two
        // processes starting at once (SQLite answers "database is locked" or both migrate).
        let openLock = try FileLock(path: (folder as NSString).appendingPathComponent("open.lock"), mode: .wait)
        defer { withExtendedLifetime(openLock) {} }
        let size = StoreFiles.size(of: databaseFile)
        if (size ?? 0) == 0 {
            if let reason = refusingNew() { throw Self.missing(databaseFile, size: size, reason: reason) }
            try StoreFiles.createPrivate(databaseFile)
        }
        // A store in WAL mode is looked at through the pool below, which changes nothing in it;
        // any other file is looked at read-only first, so that a refused one is not switched to
        // WAL (and no second connection is opened on every start of a healthy desk).
        let inWALMode = StoreFiles.isInWALMode(databaseFile)
        if let size, size > 0, !inWALMode, !Self.hasDeskTables(databaseFile), let reason = refusingNew() {
            throw Self.missing(databaseFile, size: size, reason: reason)
        }
        do {
            var configuration = Configuration()
            // Another intake process may hold the write lock; wait for it instead of failing at once.
            configuration.busyMode = .timeout(30)
            configuration.foreignKeysEnabled = true
            // A batch's writes run in savepoints, and a savepoint keeps the pages it changes in a
            // statement journal: in a temporary file by default, which was 60 % of a mailbox
            // sync's system calls (two writes per page). Memory holds them; a savepoint spans
            // one store call, so a handful of pages at a time.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // The write-ahead log is copied into the database every 4,000 pages (16 MB)
                // rather than SQLite's 1,000: a page changed by many commits in between is copied
                // once, and each copy ends in two syncs. A first sync of 10,000 messages made 47
                // syncs instead of 206 and read a quarter fewer pages back for copying.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            }
            pool = try DatabasePool(path: databaseFile, configuration: configuration)
            if inWALMode, try !pool.read({ db in try db.tableExists("grdb_migrations") }), let reason = refusingNew() {
                throw Self.missing(databaseFile, size: size, reason: reason)
            }
            if let target {
                try Migrations.migrator.migrate(pool, upTo: target)
            } else {
                try Migrations.migrator.migrate(pool)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .openFailed, message: "cannot open the database \(databaseFile): \(SQLiteTransaction.describe(error))")
        }
    }

    /// Whether a database file holds the desk's tables, looked at read-only: a file about to be
    /// refused is not switched to WAL or given a log by the look.
    static func hasDeskTables(_ file: String) -> Bool {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        guard let queue = try? DatabaseQueue(path: file, configuration: configuration) else { return false }
        return (try? queue.read { db in try db.tableExists("grdb_migrations") }) ?? false
    }

    /// The refusal of a new store where a desk was.
    static func missing(_ file: String, size: Int?, reason: String) -> StoreError {
        let state = size == nil ? "is missing" : size == 0 ? "is empty (0 bytes)" : "holds no desk tables"
        return StoreError(code: .storeMissing, message: "the store \(file) \(state), but \(reason). "
            + "A new store here would issue order numbers again and confirm orders twice, so nothing was started. "
            + "Restore intake.sqlite (with its -wal file) from a backup; to start a new desk on purpose, move the data folder away. "
            + "`intake store check` shows what is there.")
    }

    /// Makes every committed transaction and stored original durable, for the moment before a
    /// source is told to move or delete what was stored. SQLite runs in WAL mode with
    /// `synchronous = NORMAL` (GRDB's choice): a commit survives a crash of the process at once,
    /// but a power loss only once the WAL is synced. One commit with `synchronous = FULL` syncs
    /// the whole WAL, every earlier commit with it (originals included, which are in the
    /// database): once per batch instead of once per commit.
    ///
    /// The WAL is never opened here directly: closing any descriptor of a database file drops
    /// every POSIX lock the process holds on it, and SQLite's locks with them (a first version
    /// did that, and a concurrent process corrupted the database in a test).
    public func flushToDisk() async throws(StoreError) {
        do {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                try db.inTransaction {
                    try db.execute(cached: "INSERT INTO store_meta (key, value) VALUES ('flushed_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   arguments: [Date()])
                    return .commit
                }
            }
        } catch {
            throw StoreError(code: .database, message: "cannot flush the store to disk: \(SQLiteTransaction.describe(error))")
        }
    }

    /// Runs `body` in one write transaction on GRDB's writer thread (off the cooperative pool:
    /// a writer may wait up to 30 s for another process's lock). When a write inside failed,
    /// nothing of the transaction is kept even if `body` caught the error: a half-done operation
    /// is never committed, and no write needs a savepoint of its own (savepoints were a
    /// twentieth of the store's work in a mailbox sync).
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        let originals = originals
        return try await pool.write { db in
            let transaction = SQLiteTransaction(db: db, originals: originals)
            let result = try body(transaction)
            if transaction.failure.failed {
                throw StoreError(code: .database, message: "a write failed inside a transaction; nothing of the transaction was kept")
            }
            return result
        }
    }

    /// Runs `body` on a snapshot (a reader connection: WAL lets it run beside a writer).
    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReading) throws -> T) async throws -> T {
        let originals = originals
        return try await pool.read { db in try body(SQLiteTransaction(db: db, originals: originals)) }
    }
}
