import Foundation
import GRDB
public import IntakeModel

/// The store's operations on one SQLite connection inside one transaction (`SQLiteStore`'s
/// `transaction` or `read`). Each operation turns database failures into `StoreError`s.
///
/// Over the house limit of 600 lines for a type on purpose (about 1,000 over its extension files,
/// one file per area, each under 400): it is the conformance to `StoreTransaction`, one function
/// per operation of the protocol, and splitting it into per-area types would only add forwarding
/// around the one `db` they all share.
public struct SQLiteTransaction: StoreTransaction {
    let db: Database
    /// Originals of versions before schema v6, kept in a folder beside the database.
    let originals: OriginalStore
    /// Set when a write failed: the transaction is then not committed (`SQLiteStore.transaction`).
    let failure = FailureMark()

    init(db: Database, originals: OriginalStore) {
        self.db = db
        self.originals = originals
    }

    /// Runs one write of the transaction; a failure marks the whole transaction failed.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try body(db)
        } catch {
            failure.failed = true
            throw Self.storeError(error, what)
        }
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try body(db)
        } catch {
            throw Self.storeError(error, what)
        }
    }

    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? ModelError { return StoreError(code: .rule, message: error.message) }
        return StoreError(code: .database, message: "\(what) failed: \(describe(error))")
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


/// Whether a write of a transaction failed (read by the store before it commits). The
/// transaction runs on one thread; the mark lives as long as the transaction.
final class FailureMark {
    var failed = false
}
