#if Postgres
import Foundation
public import Logging
import PostgresNIO
public import IntakeModel

/// The desk's store on a PostgreSQL server, shared by every worker of one desk (on one machine or
/// several). It keeps the invariants of `DeskStore` the way SQLite does, by running every
/// transaction as if it were alone: write transactions are `SERIALIZABLE`, and one that loses a
/// race to another worker (a serialization failure or a deadlock) runs again from the start, as
/// PostgreSQL asks. Originals are in the database (`bytea`), so that any worker reads any item.
///
/// Transactions run on threads of the store's own (never Swift's cooperative pool), each on one
/// connection of a small pool, and wait there for the server's answers.
public final class PostgresStore: DeskStore {
    public let settings: PostgresSettings
    let pool: SessionPool
    private let logger: Logger

    /// How often a transaction that lost a race runs again before its error is reported.
    static let attempts = 12

    /// Connects, and brings the schema up to date (once, under an advisory lock, however many
    /// workers start at the same moment).
    public init(settings: PostgresSettings, connections: Int = 4,
                logger: Logger = Logger(label: "intake.store.postgres")) async throws(StoreError) {
        self.settings = settings
        self.logger = logger
        self.pool = SessionPool(settings: settings, size: connections, logger: logger)
        do {
            try await onOwnThread { [pool] in
                let session = try pool.take()
                defer { pool.giveBack(session) }
                try PostgresMigrations.migrate(session)
            }
        } catch {
            pool.close()
            throw Self.storeError(error, "bringing the schema of \(settings.displayName) up to date")
        }
    }

    deinit {
        pool.close()
    }

    /// Commits are durable when PostgreSQL answers them (`synchronous_commit` is the server's
    /// business, and on by default): nothing to do.
    public func flushToDisk() async throws(StoreError) {}

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        try await onOwnThread { [self] in try runTransaction(body) }
    }

    /// Runs `body` in a `REPEATABLE READ READ ONLY` transaction: one snapshot for all its reads.
    /// A connection found lost (a server restarted since it was last used) is replaced once.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReading) throws -> T) async throws -> T {
        try await onOwnThread { [self] in
            var attempt = 0
            while true {
                attempt += 1
                let session = try pool.take()
                defer { pool.giveBack(session) }
                do {
                    try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    let result = try body(PostgresTransaction(session: session))
                    try session.execute("COMMIT")
                    return result
                } catch {
                    if !session.isBroken { try? session.execute("ROLLBACK") }
                    if session.isBroken && attempt == 1 { continue }
                    if error is PSQLError { throw Self.storeError(error, "reading") }
                    throw error
                }
            }
        }
    }

    /// One write transaction, run again while it loses races (and once when the connection was
    /// lost before it committed: nothing of it reached the server).
    ///
    /// A run after a lost race first waits for the order counter (`order_sequences`), before its
    /// first query takes the snapshot. The year's counter row is what every transaction that
    /// numbers an order updates, and under `SERIALIZABLE` a transaction that finds it locked does
    /// not queue: once the holder commits, its own snapshot is older than the holder's update and
    /// it fails (40001). Two mailboxes syncing at once (in one worker or in two) numbered their
    /// commit groups against each other, and a group could lose 12 times in a row and fail its
    /// source for 30 s, then 60 s (bench/workers). Locked before the snapshot, the counter cannot
    /// be updated by anyone between this run's snapshot and its commit, so it is not lost again.
    func runTransaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        var attempt = 0
        var lostRace = false
        while true {
            attempt += 1
            let session = try pool.take()
            defer { pool.giveBack(session) }
            let transaction = PostgresTransaction(session: session)
            var committing = false
            do {
                try session.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                // LOCK takes no snapshot: the first query after it does, once the lock is held.
                if lostRace { try session.execute("LOCK TABLE order_sequences IN SHARE ROW EXCLUSIVE MODE") }
                let result: T
                do {
                    result = try body(transaction)
                } catch {
                    // The transaction's own error stands, unless a write lost a race: then the
                    // body's answer came from a state that is no more.
                    if !transaction.failure.retryable { throw error }
                    throw transaction.failure.cause ?? error
                }
                if transaction.failure.failed {
                    if let cause = transaction.failure.cause, transaction.failure.retryable { throw cause }
                    throw StoreError(code: .database, message: "a write failed inside a transaction; nothing of the transaction was kept")
                }
                committing = true
                try session.execute("COMMIT")
                return result
            } catch {
                if !session.isBroken { try? session.execute("ROLLBACK") }
                let retryable = PostgresFailure.isRetryable(error) || transaction.failure.retryable
                let lostBeforeCommit = session.isBroken && !committing && attempt == 1
                if (retryable && attempt < Self.attempts) || lostBeforeCommit {
                    if retryable { lostRace = true }
                    Thread.sleep(forTimeInterval: Self.backoff(attempt))
                    continue
                }
                if session.isBroken && committing {
                    throw StoreError(code: .database, message: "the connection to \(settings.displayName) was lost while a transaction committed; "
                        + "whether it committed is unknown. The desk finds out at its next poll: \(PostgresFailure.describe(error))")
                }
                // The body's own errors (a StoreError of an operation, or the caller's) as they are.
                if error is PSQLError { throw Self.storeError(error, "a transaction") }
                throw error
            }
        }
    }

    /// A short, growing, randomised pause before a lost race runs again, so that the winners of
    /// the last round are not met again at once.
    static func backoff(_ attempt: Int) -> TimeInterval {
        let ceiling = min(0.5, 0.005 * pow(2, Double(attempt)))
        return Double.random(in: ceiling / 2...ceiling)
    }

    /// Runs blocking store work off Swift's cooperative pool, on a serial queue of its own: serial
    /// queues run on libdispatch's overcommitting threads, which grow when one blocks, where a
    /// concurrent queue's are capped at the number of cores (two transactions waiting on the
    /// server held up every other on a two-core machine).
    func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "intake.store.postgres").async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Closes the store's connections (those in use close when their transaction ends).
    public func close() {
        pool.close()
    }

    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        PostgresFailure.storeError(error, what)
    }
}
#endif

#if Postgres
extension PostgresStore {
    /// The migrations applied to the shared store, in order (`intake store migrate`).
    public func appliedMigrations() async throws(StoreError) -> [String] {
        let pool = pool
        do {
            return try await onOwnThread {
                let session = try pool.take()
                defer { pool.giveBack(session) }
                return try PostgresMigrations.applied(session)
            }
        } catch {
            throw Self.storeError(error, "reading the migrations of \(settings.displayName)")
        }
    }

    /// Rows per table, for checking a copy.
    public func rowCounts(_ tables: [String]) async throws(StoreError) -> [String: Int] {
        let pool = pool
        do {
            return try await onOwnThread {
                let session = try pool.take()
                defer { pool.giveBack(session) }
                var counts: [String: Int] = [:]
                for table in tables { counts[table] = try session.fetchValue("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0 }
                return counts
            }
        } catch {
            throw Self.storeError(error, "counting rows in \(settings.displayName)")
        }
    }
}
#endif
