import Foundation
import IntakeModel

/// The store's operations on one copy of a `MemoryStore`'s state, inside one `transaction` (or
/// on a snapshot, for `read`). Each operation is the Swift twin of the `SQLiteTransaction`
/// function of the same name; the files split as SQLite's do.
///
/// A class, not a struct: the protocol's operations are not `mutating`, and the store reads the
/// state back after the body. Operations touch `state` in short accesses, never holding it
/// across a caller's closure (`change`), which may read through the same transaction.
///
/// Over 600 lines on purpose, like `SQLiteTransaction`: it is the whole `StoreTransaction`
/// conformance, one file per area.
final class MemoryTransaction: StoreTransaction {
    var state: MemoryState
    /// False for `read`: a write then fails as it does on SQLite's read-only connection.
    let writable: Bool
    /// Set when a write failed: the store then keeps nothing of the transaction.
    var failed = false

    init(state: MemoryState, writable: Bool) {
        self.state = state
        self.writable = writable
    }

    /// Runs one write; a failure marks the whole transaction failed (`SQLiteTransaction.write`).
    /// Writes already made by the failed operation stay visible to the rest of the body, as a
    /// failed statement's predecessors do in SQLite, but are never committed.
    func write<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws(StoreError) -> T {
        guard writable else {
            failed = true
            throw StoreError(code: .database, message: "\(what()) failed: attempt to write a readonly database")
        }
        do {
            return try body()
        } catch {
            failed = true
            throw Self.storeError(error, what())
        }
    }

    func read<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw Self.storeError(error, what())
        }
    }

    /// `SQLiteTransaction.storeError`: store errors as they are, the model's rules as `.rule`,
    /// anything else (a broken constraint, a JSON that does not decode) as `.database`.
    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? ModelError { return StoreError(code: .rule, message: error.message) }
        return StoreError(code: .database, message: "\(what) failed: \(String(describing: error))")
    }

    /// Dates in ISO 8601, as every JSON column is read (`SQLiteTransaction.decoder`).
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Sorted keys, ISO 8601 dates: what every JSON column holds.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        try SortedJSONEncoder().string(value)
    }

    /// `SQLiteTransaction.withState`: the order's JSON with its state changed, without encoding
    /// again; nil when `"state":"old"` does not occur exactly once.
    static func withState(_ json: String, from old: OrderState, to new: OrderState) -> String? {
        let pieces = json.components(separatedBy: "\"state\":\"\(old.rawValue)\"")
        guard pieces.count == 2 else { return nil }
        return pieces[0] + "\"state\":\"\(new.rawValue)\"" + pieces[1]
    }

    /// `WHERE state IN (…)`, or everything when `states` is nil. An empty list matches nothing,
    /// as SQLite's `IN ()` does.
    static func matches<State: Equatable>(_ state: State, _ states: [State]?) -> Bool {
        states.map { $0.contains(state) } ?? true
    }

    /// SQLite's `BINARY` collation: text compares by its UTF-8 bytes.
    static func textLess(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// `ORDER BY` on a column that may be NULL: NULL sorts first, as in SQLite.
    static func textLess(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case let (lhs?, rhs?): textLess(lhs, rhs)
        case (nil, _?): true
        default: false
        }
    }

    // MARK: Events and meta

    /// Appends to the event log (`SQLiteTransaction.appendEvent`); `at` is the moment of the
    /// write unless the caller names one.
    func appendEvent(actor: String, subject: String, action: String, detail: String? = nil, before: String? = nil, after: String? = nil,
                     at: Date = Date()) {
        let id = Int64(state.events.count + 1)
        state.events.append(MemoryEventRow(id: id, at: StoredDate(at), actor: actor, subject: subject, action: action, detail: detail,
                                           before: before, after: after))
    }

    /// The events about a subject, oldest first (`ORDER BY id`).
    func events(subject: String) throws(StoreError) -> [EventRecord] {
        state.events.filter { $0.subject == subject }.map(\.record)
    }

    func meta(_ key: String) throws(StoreError) -> String? {
        state.meta[key]
    }

    func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try write("writing \(key)") { state.meta[key] = value }
    }

    /// `INSERT … ON CONFLICT(key) DO NOTHING`, then the key's value: the first one written stays.
    func setMetaIfAbsent(_ key: String, _ value: String) throws(StoreError) -> String {
        try write("writing \(key)") {
            if let existing = state.meta[key] { return existing }
            state.meta[key] = value
            return value
        }
    }
}

/// A constraint of the SQLite schema that a write broke, with SQLite's own message: the store
/// turns it into a `.database` error naming the operation, as GRDB's error is turned.
struct MemoryConstraintError: Error, CustomStringConvertible {
    let description: String

    /// A `UNIQUE` column or index, as `table.column, table.column`.
    static func unique(_ columns: String) -> MemoryConstraintError {
        MemoryConstraintError(description: "UNIQUE constraint failed: \(columns)")
    }

    /// A `REFERENCES` column naming a row that does not exist (foreign keys are on).
    static let foreignKey = MemoryConstraintError(description: "FOREIGN KEY constraint failed")
}
