#if Postgres
import Foundation
import Logging
import PostgresNIO
import IntakeModel

/// One connection to the server, used by one transaction at a time on one of the store's own
/// threads: each statement waits for its answer there. The store's operations are synchronous
/// (`StoreTransaction`), and a thread that is neither an event loop nor Swift's cooperative
/// pool may wait (`EventLoopFuture.wait`) without holding anything else up.
///
/// Statements are written with `?` for their values, as on SQLite; `numbered` turns them into
/// PostgreSQL's `$1, $2, …`, so that the two stores' SQL reads alike.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    private let logger: Logger
    /// Set when the connection was lost: the pool drops the session instead of reusing it.
    private(set) var isBroken = false

    private init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    static func connect(_ settings: PostgresSettings, id: Int, logger: Logger) throws(StoreError) -> PostgresSession {
        let configuration = try settings.connectionConfiguration()
        do {
            let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                            id: id, logger: logger).wait()
            return PostgresSession(connection: connection, logger: logger)
        } catch {
            throw StoreError(code: .openFailed, message: "cannot reach the store at \(settings.displayName): \(PostgresFailure.describe(error)). "
                + "Check that the PostgreSQL server runs and that the desk's store settings (url, password_env, tls) are right; "
                + "a running desk tries again at its next poll.")
        }
    }

    /// How long one statement may take before its connection is given up for lost.
    static let statementTimeout: TimeAmount = .seconds(120)

    /// Runs one statement and waits for all of its rows.
    ///
    /// postgres-nio (1.33) loses a statement written to a connection the server has already
    /// closed (a restart, an administrator cut it): the write fails with no one told, and its
    /// answer never comes (a worker waited for it for good, and did not stop on SIGTERM). So the
    /// statement is handed over on the connection's event loop, where the connection cannot
    /// close between the look and the write, and a closed one fails at once; a deadline covers
    /// whatever else might leave a statement unanswered.
    func run(_ sql: String, _ values: [any SQLBindable] = []) throws -> SQLResult {
        guard !isBroken else { throw ConnectionLost(message: "the connection to the store was lost") }
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.sqlValue.bind(into: &bindings) }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        let (connection, logger) = (connection, logger)
        let eventLoop = connection.eventLoop
        let answer = eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            guard !connection.isClosed else {
                return eventLoop.makeFailedFuture(ConnectionLost(message: "the connection to the store was closed (the server restarted or cut it)"))
            }
            return connection.query(query, logger: logger)
        }
        let deadline = eventLoop.makePromise(of: PostgresQueryResult.self)
        answer.cascade(to: deadline)
        let timer = eventLoop.scheduleTask(in: Self.statementTimeout) {
            deadline.fail(ConnectionLost(message: "the store did not answer within \(Self.statementTimeout.nanoseconds / 1_000_000_000) s"))
        }
        defer { timer.cancel() }
        do {
            let result = try deadline.futureResult.wait()
            return SQLResult(rows: result.rows.map { SQLRow(row: $0.makeRandomAccess()) }, affected: result.metadata.rows ?? 0)
        } catch {
            if PostgresFailure.isConnectionLost(error) {
                isBroken = true
                close()
            }
            throw error
        }
    }

    /// Whether the connection is known to be gone (the pool does not hand it out again).
    var isClosed: Bool { isBroken || connection.isClosed }

    func execute(_ sql: String, _ values: [any SQLBindable] = []) throws {
        _ = try run(sql, values)
    }

    func fetchOne(_ sql: String, _ values: [any SQLBindable] = []) throws -> SQLRow? {
        try run(sql, values).first
    }

    func fetchAll(_ sql: String, _ values: [any SQLBindable] = []) throws -> [SQLRow] {
        try run(sql, values).rows
    }

    /// The first column of the first row, or nil when there is no row (or the value is NULL).
    func fetchValue<T: PostgresDecodable>(_ sql: String, _ values: [any SQLBindable] = [], as type: T.Type = T.self) throws -> T? {
        guard let row = try run(sql, values).first else { return nil }
        guard row.row[0].bytes != nil else { return nil }
        return try row.first(T.self)
    }

    /// The first column of every row.
    func fetchValues<T: PostgresDecodable>(_ sql: String, _ values: [any SQLBindable] = [], as type: T.Type = T.self) throws -> [T] {
        var found: [T] = []
        for row in try run(sql, values).rows { found.append(try row.first(T.self)) }
        return found
    }

    /// Closes the connection; it lives until it is closed (postgres-nio requires that).
    func close() {
        let connection = connection
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// `?` placeholders as `$1, $2, …`, outside quoted text and identifiers. The store's own SQL
    /// only: comments, dollar-quoted text and jsonb's `?` operators are not told apart (none of
    /// the store's statements has them).
    static func numbered(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A connection that is gone, found before or while a statement ran.
struct ConnectionLost: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension SQLRow {
    /// The first column, whatever its name.
    func first<T: PostgresDecodable>(_ type: T.Type) throws(StoreError) -> T {
        do {
            return try row[0].decode(T.self)
        } catch {
            throw StoreError(code: .database, message: "the first column is not a \(T.self): \(String(reflecting: error))")
        }
    }
}
#endif
