#if Postgres
import Foundation
import PostgresNIO

/// A value bound to one `?` of a statement. The store's SQL is written with `?` as on SQLite
/// (`PostgresSession` numbers them), and its values come as a plain list, so that a statement
/// reads the same in both stores and optional columns need no ceremony.
enum SQLValue: Sendable {
    case null
    case text(String)
    case integer(Int64)
    case boolean(Bool)
    case date(Date)
    case bytes([UInt8])

    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .text(let value): bindings.append(value)
        case .integer(let value): bindings.append(value)
        case .boolean(let value): bindings.append(value)
        case .date(let value): bindings.append(value)
        case .bytes(let value): bindings.append(ByteBuffer(bytes: value))
        }
    }
}

/// What can be bound to a `?`.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { var sqlValue: SQLValue { .integer(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .boolean(self) } }
extension Date: SQLBindable { var sqlValue: SQLValue { .date(self) } }
extension SQLValue: SQLBindable { var sqlValue: SQLValue { self } }

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQLValue {
    /// Bytes, bound as `bytea` (an array of `UInt8` would otherwise be ambiguous).
    static func blob(_ bytes: [UInt8]?) -> SQLValue { bytes.map { .bytes($0) } ?? .null }
}
#endif
