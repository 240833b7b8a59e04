#if Postgres
import Foundation
import IntakeModel
@testable import IntakeStorePostgres
import IntakeTestSupport
import Testing

/// Connections the server cut while they sat idle in the store's pool (a restart, an
/// administrator): the store's next calls get an answer — an error, then a new connection — and
/// never wait for ever. postgres-nio loses a statement written to a connection that has already
/// closed; a worker whose store waited for it stopped working, and did not stop on SIGTERM.
@Suite(.enabled(if: PostgresTestServer.settings != nil || Testbed.isRequired, "needs PostgreSQL: run scripts/test.sh"))
struct PostgresConnectionLossTests {
    @Test func callsOnConnectionsTheServerCutAnswerAndANewConnectionFollows() async throws {
        let store = try await PostgresTestServer.newStore()
        defer { store.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try await store.read { try $0.workers() } } }
            try await group.waitForAll()
        }
        // Another connection to the same database ends the store's connections, as a fast
        // shutdown of the server does.
        let other = try await PostgresStore(settings: store.settings)
        defer { other.close() }
        let cut = try await other.onOwnThread { [other] () -> Int in
            let session = try other.pool.take()
            defer { other.pool.giveBack(session) }
            return try session.fetchValue("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()
                """, as: Int.self) ?? 0
        }
        #expect(cut >= 1, "the store's connections were cut")
        // The client has seen its connections close by now.
        try await Task.sleep(nanoseconds: 500_000_000)

        var failures: [String] = []
        var answered = false
        for _ in 0..<6 where !answered {
            guard let outcome = try await Self.answer(within: 15, { try await store.read { try $0.workers().count } }) else {
                Issue.record("a read on a connection the server cut got no answer in 15 s (after \(failures.count) failed reads)")
                return
            }
            switch outcome {
            case .success: answered = true
            case .failure(let error): failures.append("\(error)")
            }
        }
        #expect(answered, "a read succeeds on a new connection: \(failures)")
        #expect(failures.count <= 4, "each cut connection fails one call at most: \(failures)")
        let write = try await Self.answer(within: 15) {
            try await store.transaction { try $0.takeLease(source: "inbox", owner: "w", seconds: 60, now: Date()) != nil }
        }
        #expect(try write?.get() == true, "a transaction commits afterwards")
    }

    /// What `body` gave, or nil when it has not answered after `seconds` (it is left running).
    static func answer<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> Result<T, any Error>? {
        let box = AnswerBox<T>()
        Task.detached {
            do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let result = box.value { return result }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return box.value
    }
}

final class AnswerBox<T: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is read and written under `lock` only.
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    var value: Result<T, any Error>? { lock.withLock { result } }
}
#endif
