#if Postgres
import Foundation
import PostgresNIO
import IntakeModel

/// One row of a result, read by column name.
struct SQLRow {
    let row: PostgresRandomAccessRow

    /// The column's value as `T` (an optional `T` for a column that may be NULL). A column that
    /// is missing or of another type is a `StoreError`: a bug in the store's SQL, named.
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(StoreError) -> T {
        guard row.contains(column) else {
            throw StoreError(code: .database, message: "the result has no column \(column)")
        }
        do {
            return try row[column].decode(T.self)
        } catch {
            throw StoreError(code: .database, message: "column \(column) is not a \(T.self): \(String(reflecting: error))")
        }
    }

    /// A `bytea` column as bytes.
    func bytes(_ column: String) throws(StoreError) -> [UInt8]? {
        let buffer: ByteBuffer? = try get(column)
        return buffer.map { Array($0.readableBytesView) }
    }
}

/// What a statement answered: its rows and how many rows it changed.
struct SQLResult {
    let rows: [SQLRow]
    let affected: Int

    var first: SQLRow? { rows.first }
}
#endif
