/// The desk's durable state as the domain needs it: items and their originals, orders and their
/// numbers, the event log, the outbox, mailbox places, cases, change requests and surveys.
/// SQLite implements it for one machine; a shared server can implement it for several.
///
/// Every invariant of DESIGN.md is kept inside one `transaction`: two processes (or machines)
/// on one store can neither lose nor double anything. Work is handed over as a synchronous
/// closure on purpose: a transaction holds the store's write lock, so nothing that waits on the
/// network belongs inside it, and an `await` cannot slip out of it (an earlier design kept an
/// ambient transaction per thread, and an `await` inside it silently left it). Implementations
/// run the closure on a thread of their own, never on Swift's cooperative pool, so a store that
/// waits for a lock does not hold up the desk's other tasks.
public protocol DeskStore: Sendable {
    /// Runs `body` in one write transaction: everything it writes commits together, or nothing
    /// when it throws (the error is rethrown as it is). Reads inside see the transaction's writes.
    @discardableResult
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T

    /// Runs `body` against one consistent view of the store, writing nothing.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReading) throws -> T) async throws -> T

    /// Makes every committed transaction durable against a power loss, for the moment before a
    /// source is told to move or delete what was stored. A no-op where commits are durable already.
    func flushToDisk() async throws(StoreError)
}
