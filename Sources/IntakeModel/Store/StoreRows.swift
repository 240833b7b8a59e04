import Foundation

/// One table's rows as plain values, for moving a desk from one store to another
/// (`intake store copy`): the source store writes them in its own terms (SQLite's dates are
/// text, its flags integers), and the target store reads each value by its own column's type.
public struct StoreRows: Sendable {
    public enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    public var table: String
    public var columns: [String]
    public var rows: [[Value]]

    public init(table: String, columns: [String], rows: [[Value]]) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }

    /// The tables of a desk, parents before the rows that point at them: the order a copy
    /// inserts them in. Workers and leases are not copied (they belong to the running processes).
    public static let tables = ["items", "originals", "order_sequences", "orders", "events", "outbox", "outbox_bodies", "outbox_recipients",
                                "mailbox_state", "store_meta", "surveys", "opt_outs", "cases", "change_requests"]
}
