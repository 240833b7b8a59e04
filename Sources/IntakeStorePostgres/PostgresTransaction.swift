#if Postgres
import Foundation
import PostgresNIO
public import IntakeModel

/// The store's operations on one PostgreSQL connection inside one transaction
/// (`PostgresStore.transaction` or `read`): the second conformance to `StoreTransaction`, next to
/// SQLite's, with the same SQL wherever the two dialects agree. Dates are `timestamptz`, flags
/// `boolean`, originals and message bodies `bytea`.
///
/// Over the house limit of 600 lines for a type on purpose, as `SQLiteTransaction` is: one
/// function per operation of the protocol over the one session they share, one file per area.
public struct PostgresTransaction: StoreTransaction {
    let session: PostgresSession
    /// Set when a write failed: the transaction is then not committed (`PostgresStore`).
    let failure = WriteFailure()

    init(session: PostgresSession) {
        self.session = session
    }

    /// Runs one write of the transaction; a failure marks the whole transaction failed (after
    /// an error PostgreSQL refuses every further statement of it anyway).
    func write<T>(_ what: String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            return try body(session)
        } catch {
            failure.failed = true
            if PostgresFailure.isRetryable(error) {
                failure.retryable = true
                failure.cause = error
            }
            throw Self.storeError(error, what)
        }
    }

    /// Runs reads; a failed read also ends the transaction on PostgreSQL, so it is marked too.
    func read<T>(_ what: String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            return try body(session)
        } catch {
            if !(error is StoreError) || PostgresFailure.isRetryable(error) { failure.failed = true }
            if PostgresFailure.isRetryable(error) {
                failure.retryable = true
                failure.cause = error
            }
            throw Self.storeError(error, what)
        }
    }

    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        PostgresFailure.storeError(error, what)
    }

    /// A small named value the desk keeps between runs (the day surveys last ran).
    public func meta(_ key: String) throws(StoreError) -> String? {
        try read("reading \(key)") { db in try db.fetchValue("SELECT value FROM store_meta WHERE key = ?", [key], as: String.self) }
    }

    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try write("writing \(key)") { db in
            try db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
        }
    }

    /// Records a value unless the key has one, and returns the value the key holds afterwards:
    /// two workers recording at once agree on the first one written.
    public func setMetaIfAbsent(_ key: String, _ value: String) throws(StoreError) -> String {
        try write("writing \(key)") { db in
            try db.execute("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", [key, value])
            return try db.fetchValue("SELECT value FROM store_meta WHERE key = ?", [key], as: String.self) ?? value
        }
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Sorted keys, ISO 8601 dates: what every JSON column holds (the same text as on SQLite).
    static func encode<T: Encodable>(_ value: T) throws -> String {
        try SortedJSONEncoder().string(value)
    }

    static func encode<T: Encodable & JSONWritable>(_ value: T) throws -> String {
        try SortedJSONEncoder().string(value)
    }

    /// ` WHERE state IN (?, …)` and its values, or nothing when `states` is nil (all).
    static func stateFilter(_ states: [String]?) -> (sql: String, values: [any SQLBindable]) {
        guard let states else { return ("", []) }
        // PostgreSQL refuses `IN ()`; SQLite reads it as false.
        if states.isEmpty { return (" WHERE FALSE", []) }
        return (" WHERE state IN (\(marks(states.count)))", states)
    }

    /// `?, ?, …` for a list of `count` values.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Appends to the event log inside the caller's transaction.
    static func appendEvent(_ db: PostgresSession, actor: String, subject: String, action: String, detail: String? = nil,
                            before: String? = nil, after: String? = nil, at: Date = Date()) throws {
        try db.execute("INSERT INTO events (at, actor, subject, action, detail, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [at, actor, subject, action, detail, before, after])
    }

    /// The events about a subject (an order number, `item:ID`, `outbox:ID`), oldest first.
    public func events(subject: String) throws(StoreError) -> [EventRecord] {
        try read("reading events") { db in
            try db.fetchAll("SELECT * FROM events WHERE subject = ? ORDER BY id", [subject]).map { row throws(StoreError) in
                EventRecord(id: try row.get("id"), at: try row.get("at"), actor: try row.get("actor"), subject: try row.get("subject"),
                            action: try row.get("action"), detail: try row.get("detail"), before: try row.get("before_json"),
                            after: try row.get("after_json"))
            }
        }
    }
}

/// Whether a write of a transaction failed, and whether it lost a race (then the transaction runs
/// again). The transaction runs on one thread; the mark lives as long as the transaction.
final class WriteFailure {
    var failed = false
    var retryable = false
    var cause: (any Error)?
}
#endif

#if Postgres
extension PostgresTransaction {
    /// The date a `timestamptz` column gives back for `date` (whole microseconds, as postgres-nio
    /// writes and reads them): a record built from what was inserted, without reading it back,
    /// then holds the date a later read returns.
    static func stored(_ date: Date) -> Date {
        let start = Date(timeIntervalSince1970: 946_684_800)
        let microseconds = Int64(date.timeIntervalSince(start) * 1_000_000)
        return Date(timeInterval: Double(microseconds) / 1_000_000, since: start)
    }
}
#endif
