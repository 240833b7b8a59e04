import Foundation
import GRDB
public import IntakeModel

extension SQLiteStore {
    /// Every row of one of the desk's tables (`StoreRows.tables`), in id order where there is one,
    /// from one snapshot. Originals that versions before schema v6 kept in the folder beside the
    /// database are added to `originals`, so that a copy holds every item's bytes.
    public func export(_ table: String) async throws(StoreError) -> StoreRows {
        guard StoreRows.tables.contains(table) else {
            throw StoreError(code: .notFound, message: "\(table) is not one of the desk's tables")
        }
        let originals = originals
        do {
            return try await pool.read { db in
                let columns = try db.columns(in: table).map(\.name)
                let order = columns.contains("id") ? " ORDER BY id" : ""
                var rows: [[StoreRows.Value]] = try Row.fetchAll(db, sql: "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table)\(order)").map { row in
                    (0..<columns.count).map { index in Self.value(row[index] as DatabaseValue) }
                }
                if table == "originals" {
                    rows += try Self.folderOriginals(db, originals: originals, columns: columns)
                }
                return StoreRows(table: table, columns: columns, rows: rows)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .database, message: "reading \(table) from \(databaseFile) failed: \(SQLiteTransaction.describe(error))")
        }
    }

    static func value(_ value: DatabaseValue) -> StoreRows.Value {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .blob(Array(data))
        }
    }

    /// Rows for the originals still in the folder (items stored before v6 whose hash the table lacks).
    static func folderOriginals(_ db: Database, originals: OriginalStore, columns: [String]) throws -> [[StoreRows.Value]] {
        let missing = try String.fetchAll(db, sql: """
            SELECT DISTINCT content_hash FROM items WHERE original_path IS NOT NULL AND content_hash NOT IN (SELECT hash FROM originals) ORDER BY content_hash
            """)
        var rows: [[StoreRows.Value]] = []
        var nextID = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM originals") ?? 0) + 1
        for hash in missing {
            guard let bytes = originals.read(hash: hash) else { continue }
            let values: [String: StoreRows.Value] = ["id": .integer(nextID), "hash": .text(hash), "bytes": .blob(bytes), "stored_at": .text(Date().sqliteText)]
            rows.append(columns.map { values[$0] ?? .null })
            nextID += 1
        }
        return rows
    }
}
