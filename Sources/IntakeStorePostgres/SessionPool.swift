#if Postgres
import Foundation
import Logging
import IntakeModel

/// The store's connections: at most `size` at once, reused while they work, replaced when lost.
/// Taken and given back on the store's own threads (a taker waits for a free slot there).
final class SessionPool: @unchecked Sendable {
    private let settings: PostgresSettings
    private let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresSession] = []
    private var nextID = 0
    private var closed = false
    private let slots: DispatchSemaphore

    init(settings: PostgresSettings, size: Int, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.slots = DispatchSemaphore(value: max(1, size))
    }

    /// A session for one transaction: an idle one, or a new connection.
    func take() throws(StoreError) -> PostgresSession {
        slots.wait()
        // Idle connections the server closed meanwhile (a restart) are dropped, not handed out.
        let (reused, id, isClosed, dead): (PostgresSession?, Int, Bool, [PostgresSession]) = lock.withLock {
            nextID += 1
            let dead = idle.filter(\.isClosed)
            idle.removeAll(where: \.isClosed)
            return (idle.popLast(), nextID, closed, dead)
        }
        for session in dead { session.close() }
        if isClosed {
            slots.signal()
            throw StoreError(code: .database, message: "the store at \(settings.displayName) was closed")
        }
        if let reused { return reused }
        do {
            return try PostgresSession.connect(settings, id: id, logger: logger)
        } catch {
            slots.signal()
            throw error
        }
    }

    /// Gives a session back: kept for the next transaction unless its connection was lost.
    func giveBack(_ session: PostgresSession) {
        let keep = !session.isBroken && lock.withLock { closed ? false : { idle.append(session); return true }() }
        if !keep { session.close() }
        slots.signal()
    }

    /// Closes every idle connection; sessions in use close when they are given back.
    func close() {
        let sessions = lock.withLock {
            closed = true
            defer { idle = [] }
            return idle
        }
        for session in sessions { session.close() }
    }
}
#endif
