public import Foundation
public import IntakeModel

/// Looks into a desk's store for tests: one read (or one transaction) per call, with the
/// defaults a test wants, so that a test says what it checks rather than how the store is
/// entered. Any `DeskStore` has them, so the same test reads the SQLite and the memory store.
extension DeskStore {
    public func outbox(states: [OutboxState]? = nil) async throws -> [OutboxRecord] {
        try await read { try $0.outbox(states: states) }
    }

    public func outbox(order number: OrderNumber) async throws -> [OutboxRecord] {
        try await read { try $0.outbox(order: number) }
    }

    public func outboxMessage(id: Int64) async throws -> (OutboxRecord, [UInt8])? {
        try await read { try $0.outboxMessage(id: id) }
    }

    public func recipients(outboxID: Int64) async throws -> [OutboxRecipient] {
        try await read { try $0.recipients(outboxID: outboxID) }
    }

    public func dueMessages(now: Date = Date(), afterID: Int64 = 0, limit: Int = 100) async throws -> [(OutboxRecord, [UInt8])] {
        try await read { try $0.dueMessages(now: now, afterID: afterID, limit: limit) }
    }

    public func interruptedSends() async throws -> [(OutboxRecord, [UInt8])] {
        try await read { try $0.interruptedSends() }
    }

    public func claim(id: Int64, now: Date = Date()) async throws -> OutboxRecord? {
        try await transaction { try $0.claim(id: id, now: now) }
    }

    public func queue(_ message: OutgoingMessage, confirming number: OrderNumber?, actor: String) async throws -> OutboxRecord {
        try await transaction { try $0.queue(message, confirming: number, actor: actor) }
    }

    public func itemCount() async throws -> Int {
        try await read { try $0.itemCount() }
    }

    public func item(id: Int64) async throws -> ItemRecord? {
        try await read { try $0.item(id: id) }
    }

    public func items(status: [ItemStatus]) async throws -> [ItemRecord] {
        try await read { try $0.items(status: status) }
    }

    public func itemsPendingSourceAction(source: String) async throws -> [ItemRecord] {
        try await read { try $0.itemsPendingSourceAction(source: source) }
    }

    public func itemDocument(id: Int64) async throws -> (document: String?, origins: String?) {
        try await read { try $0.itemDocument(id: id) }
    }

    public func original(hash: String) async throws -> [UInt8]? {
        try await read { try $0.original(hash: hash) }
    }

    public func events(subject: String) async throws -> [EventRecord] {
        try await read { try $0.events(subject: subject) }
    }

    public func cases(states: [CaseState]? = nil) async throws -> [CaseRecord] {
        try await read { try $0.cases(states: states) }
    }

    public func surveys() async throws -> [SurveyRecord] {
        try await read { try $0.surveys() }
    }

    public func survey(token: String?, order: OrderNumber?) async throws -> SurveyRecord? {
        try await read { try $0.survey(token: token, order: order) }
    }

    public func isOptedOut(_ email: String) async throws -> Bool {
        try await read { try $0.isOptedOut(email) }
    }
}
