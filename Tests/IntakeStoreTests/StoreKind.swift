import Foundation
import IntakeModel
import IntakeStoreSQLite
import IntakeTestSupport
import Testing
#if Postgres
import IntakeStorePostgres
#endif

/// Every implementation of `DeskStore`: the shared suite runs each of its tests against each.
/// A new store (PostgreSQL …) joins by adding a case here and passing the suite.
/// PostgreSQL joins when the build has it (`--traits Postgres`) and the test script started a
/// server (`INTAKE_POSTGRES_URL`); with `INTAKE_REQUIRE_TESTBED=1` a missing server fails its tests.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case memory
    case postgres

    static var allCases: [StoreKind] {
        #if Postgres
        if PostgresTestServer.settings != nil || Testbed.isRequired { return [.sqlite, .memory, .postgres] }
        #endif
        return [.sqlite, .memory]
    }

    var testDescription: String { rawValue }

    /// A new, empty store of this kind; a file store lives in `folder`, a PostgreSQL store in a
    /// new database of its own.
    func make(in folder: TemporaryFolder) async throws -> any DeskStore {
        switch self {
        case .sqlite: return try SQLiteStore(databaseFile: folder.file("intake.sqlite"), originalsDirectory: folder.file("originals"))
        case .memory: return MemoryStore()
        case .postgres:
            #if Postgres
            return try await PostgresTestServer.newStore()
            #else
            throw StoreError(code: .openFailed, message: "this build has no PostgreSQL store (build with --traits Postgres)")
            #endif
        }
    }
}

#if Postgres
/// The server `scripts/postgres.sh` started for the tests.
enum PostgresTestServer {
    static let settings: PostgresSettings? = {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["INTAKE_POSTGRES_URL"] else { return nil }
        return try? PostgresSettings(url: url, password: environment["INTAKE_POSTGRES_PASSWORD"], tls: .disable, caFile: nil)
    }()

    /// A store on a new database of its own.
    static func newStore() async throws -> PostgresStore {
        guard var settings else {
            throw StoreError(code: .openFailed, message: "no PostgreSQL server for the tests: INTAKE_POSTGRES_URL is not set (scripts/test.sh starts one)")
        }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresAdmin.createDatabase(name, using: settings)
        settings.database = name
        return try await PostgresStore(settings: settings)
    }
}
#endif

/// Items and orders as the shared tests write them, through one transaction each.
enum StoreFixtures {
    static func newItem(_ name: String, bytes: [UInt8], messageID: String? = nil, messageHash: String? = nil,
                        source: String = "inbox") -> NewItem {
        let hash = ContentHash.of(bytes)
        return NewItem(source: source, dedupeKey: "file:\(source):\(name):\(bytes.count):\(hash)", location: name, filename: name,
                       messageID: messageID, contentHash: hash, messageHash: messageHash, size: bytes.count, receivedAt: Date())
    }

    static func template() -> Order {
        Order(number: OrderNumber(year: 0, sequence: 0), state: .needsReview, itemID: 0, receivedAt: Date(),
              customer: .init(email: "a@b.example"), lines: [OrderLine(sku: "X", quantity: 1)])
    }

    static func record(_ item: NewItem, bytes: [UInt8]?, pending: Bool = false, unread: Bool = false,
                       in store: any DeskStore) async throws -> RecordOutcome {
        try await store.transaction { try $0.recordItem(item, bytes: bytes, actor: "test", sourceActionPending: pending, sourceUnread: unread) }
    }

    /// Records a new item and returns it; a test of something else fails here if it was not new.
    static func recordNew(_ name: String, bytes: [UInt8], in store: any DeskStore) async throws -> ItemRecord {
        guard case .new(let item) = try await record(newItem(name, bytes: bytes), bytes: bytes, in: store) else {
            throw StoreError(code: .conflict, message: "\(name) was not recorded as new")
        }
        return item
    }

    static func complete(_ id: Int64, order: Order = template(), year: Int = 2026, approveWith reason: String? = nil,
                         actor: String = "test", in store: any DeskStore) async throws -> ItemCompletion {
        try await store.transaction { tx in
            try tx.completeItem(id: id, kind: .order, documentJSON: "{}", originsJSON: "[]", orderReference: nil, followUp: FollowUpRecords(),
                                order: order, year: year, approveWith: reason, actor: actor)
        }
    }

    /// A new order from a new item: its number.
    static func order(_ name: String, year: Int = 2026, in store: any DeskStore) async throws -> OrderNumber {
        let item = try await recordNew(name, bytes: Array("order \(name)".utf8), in: store)
        guard let number = try await complete(item.id, year: year, in: store).orderNumber else {
            throw StoreError(code: .conflict, message: "\(name) made no order")
        }
        return number
    }

    static func message(_ id: String, order: OrderNumber? = nil, purpose: MailPurpose = "test", to recipients: [String] = ["a@b.example"]) -> OutgoingMessage {
        OutgoingMessage(messageID: id, orderNumber: order, purpose: purpose, recipients: recipients, subject: "s", bytes: Array("x".utf8))
    }
}
