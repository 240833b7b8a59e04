#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    static func insertOutbox(_ db: PostgresSession, _ message: OutgoingMessage, actor: String) throws -> OutboxRecord {
        throw PostgresTransaction.notYet(#function)
    }

    public func queue(_ message: OutgoingMessage, confirming number: OrderNumber?, actor: String) throws(StoreError) -> OutboxRecord {
        throw PostgresTransaction.notYet(#function)
    }

    public func outbox(order number: OrderNumber) throws(StoreError) -> [OutboxRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func outbox(states: [OutboxState]? = nil) throws(StoreError) -> [OutboxRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func dueMessages(now: Date = Date(), afterID: Int64 = 0, limit: Int = 100) throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        throw PostgresTransaction.notYet(#function)
    }

    public func claim(id: Int64, now: Date = Date()) throws(StoreError) -> OutboxRecord? {
        throw PostgresTransaction.notYet(#function)
    }

    public func finishDelivery(id: Int64, state: OutboxState, reply: String?, deliveredTo: String?, nextAttemptAt: Date? = nil, actor: String,
                               at now: Date = Date(), recipients: [RecipientOutcome] = []) throws(StoreError) {
        throw PostgresTransaction.notYet(#function)
    }

    public func recipients(outboxID: Int64) throws(StoreError) -> [OutboxRecipient] {
        throw PostgresTransaction.notYet(#function)
    }

    public func recipients(outboxIDs: [Int64]) throws(StoreError) -> [Int64: [OutboxRecipient]] {
        throw PostgresTransaction.notYet(#function)
    }

    public func sentCounts(to addresses: Set<String>, since: Date) throws(StoreError) -> [String: (count: Int, earliest: Date?)] {
        throw PostgresTransaction.notYet(#function)
    }

    public func markPossibleRepeat(id: Int64, reason: String, actor: String) throws(StoreError) {
        throw PostgresTransaction.notYet(#function)
    }

    public func outboxMessage(id: Int64) throws(StoreError) -> (OutboxRecord, [UInt8])? {
        throw PostgresTransaction.notYet(#function)
    }

    public func retryNow(id: Int64, actor: String) throws(StoreError) {
        throw PostgresTransaction.notYet(#function)
    }

    public func cancel(id: Int64, actor: String) throws(StoreError) {
        throw PostgresTransaction.notYet(#function)
    }

    public func interruptedSends() throws(StoreError) -> [(OutboxRecord, [UInt8])] {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
