#if Postgres
import Foundation
public import IntakeModel

/// A desk moving in (`intake store copy`): every table's rows inserted in one transaction, so
/// that the shared store holds the whole desk or nothing of it. The target must hold no desk
/// yet. Ids are kept (orders, outbox messages and events refer to them), and each identity
/// column then continues after the highest id copied.
public final class PostgresCopy: @unchecked Sendable {
    private let store: PostgresStore
    private let session: PostgresSession
    private var finished = false

    init(store: PostgresStore, session: PostgresSession) {
        self.store = store
        self.session = session
    }

    /// Inserts one table's rows, each value read by the target column's type: SQLite's dates
    /// (text) as `timestamptz`, its flags (0/1) as booleans.
    public func insert(_ rows: StoreRows) async throws(StoreError) {
        let session = session
        do {
            try await store.onOwnThread {
                let types = Dictionary(uniqueKeysWithValues: try session.fetchAll(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
                    [rows.table]).map { (try $0.get("column_name", as: String.self), try $0.get("data_type", as: String.self)) })
                for column in rows.columns where types[column] == nil {
                    throw StoreError(code: .conflict, message: "\(rows.table).\(column) has no column in the shared store; update intake on this machine first")
                }
                let columnList = rows.columns.map { "\"\($0)\"" }.joined(separator: ", ")
                // A few hundred rows per statement; originals go one by one (their bytes are large).
                let batch = rows.table == "originals" ? 1 : max(1, min(500, 30_000 / max(1, rows.columns.count)))
                for start in stride(from: 0, to: rows.rows.count, by: batch) {
                    let slice = rows.rows[start..<min(start + batch, rows.rows.count)]
                    var values: [any SQLBindable] = []
                    var tuples: [String] = []
                    for row in slice {
                        tuples.append("(" + PostgresTransaction.marks(row.count) + ")")
                        for (index, value) in row.enumerated() {
                            values.append(try Self.convert(value, to: types[rows.columns[index]] ?? "text", column: "\(rows.table).\(rows.columns[index])"))
                        }
                    }
                    try session.execute("INSERT INTO \(rows.table) (\(columnList)) VALUES \(tuples.joined(separator: ", "))", values)
                }
                if rows.columns.contains("id"), types["id"] == "bigint" {
                    try session.execute("""
                        SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM \(rows.table)), 1),
                                      (SELECT COUNT(*) > 0 FROM \(rows.table)))
                        """, [rows.table])
                }
            }
        } catch {
            throw PostgresStore.storeError(error, "copying \(rows.table)")
        }
    }

    static func convert(_ value: StoreRows.Value, to type: String, column: String) throws -> SQLValue {
        switch (value, type) {
        case (.null, _): return .null
        case (.integer(let number), "boolean"): return .boolean(number != 0)
        case (.integer(let number), "bigint"), (.integer(let number), "integer"): return .integer(number)
        case (.integer(let number), "text"): return .text(String(number))
        case (.real(let number), "text"): return .text(String(number))
        case (.text(let text), "timestamp with time zone"):
            guard let date = SQLiteDateText.parse(text) else {
                throw StoreError(code: .rule, message: "\(column) holds \"\(text)\", which is not a date")
            }
            return .date(date)
        case (.text(let text), "text"): return .text(text)
        case (.text(let text), "bigint"):
            guard let number = Int64(text) else { throw StoreError(code: .rule, message: "\(column) holds \"\(text)\", which is not a number") }
            return .integer(number)
        case (.blob(let bytes), "bytea"): return .bytes(bytes)
        case (.blob(let bytes), "text"): return .text(String(decoding: bytes, as: UTF8.self))
        default:
            throw StoreError(code: .rule, message: "\(column): a \(value) cannot go into a \(type) column")
        }
    }

    /// Makes the copy permanent.
    public func commit() async throws(StoreError) {
        let session = session
        do {
            try await store.onOwnThread { try session.execute("COMMIT") }
        } catch {
            throw PostgresStore.storeError(error, "committing the copy")
        }
        end()
    }

    /// Leaves the shared store as it was.
    public func rollback() async {
        let session = session
        _ = try? await store.onOwnThread { try session.execute("ROLLBACK") }
        end()
    }

    private func end() {
        guard !finished else { return }
        finished = true
        store.pool.giveBack(session)
    }
}

extension PostgresStore {
    /// Starts a copy into this store; refused when it already holds a desk (items, orders or events).
    public func beginCopy() async throws(StoreError) -> PostgresCopy {
        let pool = pool
        let display = settings.displayName
        do {
            let session = try await onOwnThread { () throws -> PostgresSession in
                let session = try pool.take()
                do {
                    try session.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                    // No worker may write while the desk moves in.
                    try session.execute("LOCK TABLE items, orders, events, outbox IN EXCLUSIVE MODE")
                    let held = try session.fetchValue("SELECT (SELECT COUNT(*) FROM items) + (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM events)", as: Int64.self) ?? 0
                    if held > 0 {
                        throw StoreError(code: .conflict, message: "the shared store \(display) already holds a desk (\(held) items, orders and events); "
                            + "a copy goes only into a new, empty database")
                    }
                    return session
                } catch {
                    if !session.isBroken { try? session.execute("ROLLBACK") }
                    pool.giveBack(session)
                    throw error
                }
            }
            return PostgresCopy(store: self, session: session)
        } catch {
            throw Self.storeError(error, "starting the copy into \(display)")
        }
    }
}
#endif
