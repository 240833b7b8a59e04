#if Postgres
import Foundation
import PostgresNIO
import IntakeModel

/// What a PostgreSQL error means to the store: a message a person can act on, and whether the
/// transaction may simply run again.
enum PostgresFailure {
    /// The server's message and SQLSTATE, or the kind of client failure. postgres-nio hides both
    /// from `description` (so that they do not reach end users by accident); the desk's log is
    /// for the people who run it.
    static func describe(_ error: any Error) -> String {
        if let store = error as? StoreError { return store.message }
        if let lost = error as? ConnectionLost { return lost.message }
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let info = psql.serverInfo {
            let message = info[.message] ?? "server error"
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            return message + detail + state
        }
        if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
        return "\(psql.code)"
    }

    /// Any error as a `StoreError`: store errors as they are, the model's rules as `.rule`, the
    /// rest as a failed `what` with the server's words.
    static func storeError(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? ModelError { return StoreError(code: .rule, message: error.message) }
        return StoreError(code: .database, message: "\(what) failed: \(describe(error))")
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// A serialization failure or a deadlock: another transaction won, and running this one
    /// again from the start is what PostgreSQL asks for.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let state = sqlState(error) else { return false }
        return state == "40001" || state == "40P01"
    }

    /// The connection is gone (the server restarted, the network dropped): the session is thrown
    /// away and the next transaction opens a new one.
    static func isConnectionLost(_ error: any Error) -> Bool {
        if error is ConnectionLost { return true }
        guard let psql = error as? PSQLError else { return false }
        switch psql.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        default:
            // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08xxx connection exceptions.
            guard let state = psql.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("57P") || state.hasPrefix("08")
        }
    }

    static func isUniqueViolation(_ error: any Error) -> Bool { sqlState(error) == "23505" }
}
#endif
