import Foundation
import GRDB
import IntakeModel

/// The desk's store: one SQLite file (WAL) holding items, their original bytes, orders, events
/// and the outbox (originals of versions before schema v6 stay in the folder beside it).
///
/// The only type that sees SQL. One connection pool per file per process; every invariant is
/// kept inside one write transaction, so that two `intake` processes on the same data folder can
/// neither corrupt nor double-process anything (writers queue on SQLite's lock with a timeout).
public final class IntakeStore: Sendable {
    let pool: DatabasePool
    /// The transaction of a `batch` running on some thread; that thread's calls join it.
    private let open = OpenBatch()
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
            throw StoreError(code: .openFailed, message: "cannot open the database \(databaseFile): \(Self.describe(error))")
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
    public func flushToDisk() throws(StoreError) {
        if open.database() != nil {
            throw StoreError(code: .database, message: "cannot flush the store to disk inside a batch: flush after it committed")
        }
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                try db.inTransaction {
                    try db.execute(cached: "INSERT INTO store_meta (key, value) VALUES ('flushed_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   arguments: [Date()])
                    return .commit
                }
            }
        } catch {
            throw StoreError(code: .database, message: "cannot flush the store to disk: \(Self.describe(error))")
        }
    }

    /// A small named value the desk keeps between runs (the day surveys last ran).
    public func meta(_ key: String) throws(StoreError) -> String? {
        try read("reading \(key)") { db in try String.fetchOne(db, cached: "SELECT value FROM store_meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try write("writing \(key)") { db in
            try db.execute(cached: "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// Records a value unless the key has one, and returns the value the key holds afterwards:
    /// two processes recording at once agree on the first one written.
    public func setMetaIfAbsent(_ key: String, _ value: String) throws(StoreError) -> String {
        try write("writing \(key)") { db in
            try db.execute(cached: "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", arguments: [key, value])
            return try String.fetchOne(db, cached: "SELECT value FROM store_meta WHERE key = ?", arguments: [key]) ?? value
        }
    }

    static func describe(_ error: any Error) -> String {
        if let database = error as? DatabaseError { return database.message ?? database.description }
        if let store = error as? StoreError { return store.message }
        return String(describing: error)
    }

    /// Runs `body` in one write transaction: every store call it makes on this thread joins that
    /// transaction (each write in a savepoint of its own, reads seeing what the batch wrote), and
    /// all of it commits at the end, or none of it when `body` throws (the error is rethrown as is).
    ///
    /// Why: a mailbox message is recorded and then processed, two transactions, and several
    /// messages that are ready at once can share one commit. Each commit appends every page it
    /// touched to the WAL; the store's writes were the larger part of a mailbox sync's serial work.
    /// Keep batches short (work that is ready, no waiting on the network inside): other
    /// processes on the same data folder wait for the write lock meanwhile.
    ///
    /// `allOrNothing`: the caller keeps nothing of a batch in which a write failed (it lets the
    /// error end the batch), so writes need no savepoints to be undone alone; a failed write
    /// then fails the whole batch even if `body` caught the error. The savepoints were a
    /// twentieth of the store's work in a mailbox sync.
    public func batch<T>(allOrNothing: Bool = false, _ body: () throws -> T) throws -> T {
        if open.database() != nil { return try body() }
        return try pool.write { db in
            open.set(db, allOrNothing: allOrNothing)
            defer { open.set(nil) }
            let result = try body()
            if open.writeFailed {
                throw StoreError(code: .database, message: "a write failed inside an all-or-nothing batch; nothing of the batch was kept")
            }
            return result
        }
    }

    /// Whether this thread's store calls are joining a `batch` (they are inside its write transaction).
    var inBatch: Bool { open.database() != nil }

    /// Runs a write transaction (a savepoint inside a batch), turning database failures into `StoreError`s.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            if let db = open.database(), open.allOrNothing {
                do {
                    return try body(db)
                } catch {
                    open.writeFailed = true
                    throw error
                }
            }
            if let db = open.database() {
                // A savepoint of our own from cached statements: GRDB's compiles `SAVEPOINT` and
                // `RELEASE` again on every write, two of the few statements an item needs.
                try db.execute(cached: "SAVEPOINT intake_write")
                do {
                    let result = try body(db)
                    try db.execute(cached: "RELEASE SAVEPOINT intake_write")
                    return result
                } catch {
                    // Only this write is undone; the batch goes on (or fails at its commit when
                    // SQLite has aborted the whole transaction).
                    try? db.execute(cached: "ROLLBACK TO SAVEPOINT intake_write")
                    try? db.execute(cached: "RELEASE SAVEPOINT intake_write")
                    throw error
                }
            }
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as ModelError {
            throw StoreError(code: .rule, message: error.message)
        } catch {
            throw StoreError(code: .database, message: "\(what) failed: \(Self.describe(error))")
        }
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            if let db = open.database() { return try body(db) }
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .database, message: "\(what) failed: \(Self.describe(error))")
        }
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// An order's JSON with its state changed, without encoding it again (twice per order
    /// approved by policy, on the commit's serial path): the text `"state":"old"` with unescaped
    /// quotes can only be a key and its value, so when it occurs exactly once it is the order's
    /// own state. Nil when it does not (a nested "state" key one day): the caller encodes.
    static func withState(_ json: String, from old: OrderState, to new: OrderState) -> String? {
        let pattern = "\"state\":\"\(old.rawValue)\""
        let pieces = json.components(separatedBy: pattern)
        guard pieces.count == 2 else { return nil }
        return pieces[0] + "\"state\":\"\(new.rawValue)\"" + pieces[1]
    }

    /// Sorted keys, ISO 8601 dates: what every JSON column holds (Foundation's bytes, faster).
    static func encode<T: Encodable>(_ value: T) throws -> String {
        try SortedJSONEncoder().string(value)
    }

    static func encode<T: Encodable & JSONWritable>(_ value: T) throws -> String {
        try SortedJSONEncoder().string(value)
    }

    /// ` WHERE state IN (?, …)` and its arguments, or nothing when `states` is nil (all).
    static func stateFilter(_ states: [String]?) -> (sql: String, arguments: StatementArguments) {
        guard let states else { return ("", StatementArguments()) }
        return (" WHERE state IN (\(states.map { _ in "?" }.joined(separator: ",")))", StatementArguments(states))
    }

    /// Appends to the event log inside the caller's transaction.
    static func appendEvent(_ db: Database, actor: String, subject: String, action: String, detail: String? = nil,
                            before: String? = nil, after: String? = nil, at: Date = Date()) throws {
        try db.execute(cached: "INSERT INTO events (at, actor, subject, action, detail, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [at.sqliteText, actor, subject, action, detail, before, after])
    }

    /// The events about a subject (an order number, `item:ID`, `outbox:ID`), oldest first.
    public func events(subject: String) throws(StoreError) -> [EventRecord] {
        try read("reading events") { db in
            try Row.fetchAll(db, cached: "SELECT * FROM events WHERE subject = ? ORDER BY id", arguments: [subject]).map { row in
                EventRecord(id: row["id"], at: row["at"], actor: row["actor"], subject: row["subject"], action: row["action"],
                            detail: row["detail"], before: row["before_json"], after: row["after_json"])
            }
        }
    }
}

/// The connection of the batch in progress and the thread running it. Only that thread is handed
/// the connection, and only while GRDB runs the batch's write closure on it (which is what makes
/// using it there valid); every other thread goes through the pool as usual.
private final class OpenBatch: @unchecked Sendable {
    // @unchecked: both fields are read and written under the lock.
    private let lock = NSLock()
    private var owner: pthread_t?
    private var db: Database?
    private var wholeOnly = false
    private var failed = false

    func set(_ database: Database?, allOrNothing: Bool = false) {
        lock.withLock {
            owner = database == nil ? nil : pthread_self()
            db = database
            wholeOnly = allOrNothing
            failed = false
        }
    }

    /// Whether the open batch keeps nothing when a write fails (read on the batch's thread).
    var allOrNothing: Bool { lock.withLock { wholeOnly } }

    /// Set when a write of an all-or-nothing batch failed.
    var writeFailed: Bool {
        get { lock.withLock { failed } }
        set { lock.withLock { failed = newValue } }
    }

    func database() -> Database? {
        lock.withLock {
            guard let owner, pthread_equal(owner, pthread_self()) != 0 else { return nil }
            return db
        }
    }
}
