import Dispatch
public import IntakeModel
import Synchronization

/// The desk's store held in memory: a second implementation of `DeskStore` beside SQLite, for
/// tests that need a desk without a database file, and to keep the protocol honest (the shared
/// protocol tests run against both, so the domain cannot lean on what only SQLite does).
///
/// It answers as `SQLiteStore` does, operation by operation: the same ids, orders, outcomes,
/// error codes and messages, dates kept to the millisecond as SQLite's text keeps them. Where
/// SQLite relies on the schema (unique indexes, foreign keys) or on SQL (ORDER BY, NULL in a
/// comparison), the Swift that mirrors it says which rule it stands for.
///
/// Nothing is durable; `flushToDisk` does nothing.
public final class MemoryStore: DeskStore {
    /// The committed state. Held only to copy it out or swap a new one in: a transaction works
    /// on its own copy, so a read never waits for a transaction's body.
    private let committed = Mutex(MemoryState())
    /// Transactions run one at a time, in the order they were asked for, as SQLite's write lock
    /// makes them; on a thread of their own, never on Swift's cooperative pool (`DeskStore`).
    private let writer = DispatchQueue(label: "MemoryStore.writer")
    private let readers = DispatchQueue(label: "MemoryStore.readers", attributes: .concurrent)

    public init() {}

    /// Runs `body` on a copy of the state and swaps the copy in when it returns: a thrown error
    /// leaves the store as it was. As in `SQLiteStore`, a write that failed inside the body
    /// spoils the whole transaction even when the body caught its error.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writer.async {
                continuation.resume(with: Result { try self.commit(body) })
            }
        }
    }

    /// Runs `body` on a snapshot of the committed state.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReading) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readers.async {
                let snapshot = self.committed.withLock { $0 }
                continuation.resume(with: Result { try body(MemoryTransaction(state: snapshot, writable: false)) })
            }
        }
    }

    /// Nothing to make durable.
    public func flushToDisk() async throws(StoreError) {}

    /// One transaction, on the writer queue.
    private func commit<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        let transaction = MemoryTransaction(state: committed.withLock { $0 }, writable: true)
        let result = try body(transaction)
        if transaction.failed {
            throw StoreError(code: .database, message: "a write failed inside a transaction; nothing of the transaction was kept")
        }
        let state = transaction.state
        committed.withLock { $0 = state }
        return result
    }
}
