#if Postgres
import Foundation
import Logging
public import IntakeModel

/// Work on the server outside any desk's database: creating a database for a new desk (and for
/// each test of the shared suite, which gets a database of its own).
public enum PostgresAdmin {
    /// Creates `name` on the server `settings` points at (connecting to its database); nothing
    /// when it exists. `name` is a plain identifier: letters, digits and `_`.
    public static func createDatabase(_ name: String, using settings: PostgresSettings) async throws(StoreError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StoreError(code: .openFailed, message: "\(name) is not a plain database name (letters, digits and _ only)")
        }
        do {
            // Blocking work off Swift's cooperative pool, as the store's own.
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                DispatchQueue(label: "intake.store.postgres.admin").async {
                    continuation.resume(with: Result {
                        let session = try PostgresSession.connect(settings, id: 0, logger: Logger(label: "intake.store.postgres.admin"))
                        defer { session.close() }
                        let exists = try session.fetchValue("SELECT 1 FROM pg_database WHERE datname = ?", [name], as: Int32.self) != nil
                        if !exists { try session.execute("CREATE DATABASE \(name)") }
                    })
                }
            }
        } catch {
            throw PostgresStore.storeError(error, "creating the database \(name)")
        }
    }
}
#endif
