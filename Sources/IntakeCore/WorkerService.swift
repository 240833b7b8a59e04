import Foundation
public import IntakeModel
import Logging
import Synchronization

/// This process as one worker of the desk, beside any others on the same store: its heartbeat,
/// and the leases that give each source to one worker at a time. `intake run` takes a source's
/// lease before it polls the source and renews it while it runs; a worker that dies stops
/// renewing, and another takes the source over once the lease has run out (`lease_seconds`).
///
/// A lease is for sharing the work, not for safety: a source polled twice at once (a worker
/// that stalled past its lease while another took over) still stores each item once and makes
/// one order of it (dedupe keys, and the store's transactions).
public final class WorkerService: DeskPart {
    let context: DeskContext
    public let identity: WorkerRecord
    /// The sources this worker holds, as its last take or renewal found.
    private let held = Mutex<Set<String>>([])
    /// Sources no one has held yet (or given up), and when this worker, already holding one,
    /// first found each so: it leaves them a turn to a worker that holds none (`lease`).
    private let seenUnheld = Mutex<[String: Date]>([:])
    /// Sources this worker is taking now: its source loops ask at the same moment, and each
    /// counts the takes begun before its own as held (`leavesATurn`).
    private let taking = Mutex<[String]>([])

    init(context: DeskContext) {
        self.context = context
        let host = ProcessInfo.processInfo.hostName
        let started = context.clock()
        identity = WorkerRecord(name: context.configuration.store.worker ?? "\(host):\(context.configuration.dataDirectory)",
                                host: host, pid: Int(ProcessInfo.processInfo.processIdentifier), startedAt: started, heartbeatAt: started,
                                sources: context.configuration.sources.map(\.name))
    }

    var leaseSeconds: Int { configuration.store.leaseSeconds }

    /// How often the heartbeat and the held leases are renewed: a third of a lease, so that two
    /// renewals can fail (a slow commit, a restarting server) before a lease runs out.
    public var renewalSeconds: Int { max(1, leaseSeconds / 3) }

    /// Records this worker as alive. A name another live worker uses is refused (`conflict`): on
    /// another host by the store (a recent heartbeat), on this one by asking whether the process
    /// that last used the name is still running (a dead one is a predecessor, and its name and
    /// leases are taken over at once).
    public func heartbeat() async throws(IntakeError) {
        let me = identity
        let sameHostLive = try await reading { reading in
            try reading.workers().first { $0.name == me.name && $0.host == me.host && $0.pid != me.pid && kill(pid_t($0.pid), 0) == 0 }
        }
        if let other = sameHostLive, clock().timeIntervalSince(other.heartbeatAt) < Double(leaseSeconds) {
            throw IntakeError(code: .storeFailed, message: WorkerNames.inUse(me.name, host: other.host, pid: other.pid,
                                                                             seconds: clock().timeIntervalSince(other.heartbeatAt)).message)
        }
        var record = identity
        record.heartbeatAt = clock()
        let beat = record
        let staleAfter = leaseSeconds
        try await writing { try $0.heartbeat(beat, staleAfter: staleAfter) }
    }

    /// Takes or renews the lease on `source`; true while this worker holds it. A store that cannot
    /// be reached holds no lease (the source waits for the next turn).
    public func lease(_ source: String, turn: Double = 0) async -> Bool {
        let owner = identity.name
        let seconds = leaseSeconds
        let now = clock()
        let ahead = holds(source) ? 0 : taking.withLock { taking in
            defer { taking.append(source) }
            return taking.filter { !$0.hasPrefix("@") }.count
        }
        defer { taking.withLock { taking in taking.firstIndex(of: source).map { _ = taking.remove(at: $0) } } }
        if turn > 0, !source.hasPrefix("@"), await leavesATurn(source, turn: turn, now: now, ahead: ahead) { return false }
        do {
            let lease = try await writing { try $0.takeLease(source: source, owner: owner, seconds: seconds, now: now) }
            let holds = lease != nil
            let had = held.withLock { set in holds ? !set.insert(source).inserted : set.remove(source) != nil }
            // The desk's own leases (`@delivery`) come and go every round: only sources are news.
            let level: Logger.Level = source.hasPrefix("@") ? .debug : .info
            if holds && !had { logger.log(level: level, "took the lease on \(source)", metadata: ["source.name": "\(source)", "worker": "\(owner)"]) }
            if !holds && had { logger.log(level: level == .info ? .warning : .debug, "lost the lease on \(source) to another worker", metadata: ["source.name": "\(source)"]) }
            return holds
        } catch {
            // Kept as held: a lease that could not be renewed now (a restarting server) is still
            // this worker's until it runs out, and the next renewal tries again. Only an answer
            // that another worker holds it takes it off the list.
            logger.error("cannot take the lease on \(source): \(error.message)", metadata: ["source.name": "\(source)"])
            return false
        }
    }

    /// After a poll of `source`: hands it over to a live worker that polls it and holds at
    /// least two sources fewer than this one (`LeaseBalance`), so that the sources end up shared
    /// out however the workers started. Called between two polls, so that the new holder never
    /// polls while this worker does. True when it was handed over.
    @discardableResult
    public func shareOut(_ source: String) async -> Bool {
        guard holds(source) else { return false }
        let owner = identity.name
        let seconds = leaseSeconds
        let now = clock()
        // Live: a heartbeat within two renewals. A worker killed since then may still be chosen;
        // its lease then runs out as if it had died holding the source.
        let liveSince = now.addingTimeInterval(-2 * Double(renewalSeconds))
        do {
            guard let target = try await writing({ try $0.handOverLease(source: source, owner: owner, seconds: seconds, now: now, liveSince: liveSince) }) else {
                return false
            }
            held.withLock { _ = $0.remove(source) }
            logger.info("handed the lease on \(source) over to \(target), which holds fewer sources", metadata: ["source.name": "\(source)", "worker": "\(owner)"])
            return true
        } catch {
            logger.warning("cannot hand the lease on \(source) over: \(error.message); this worker keeps it", metadata: ["source.name": "\(source)"])
            return false
        }
    }

    /// Whether to leave a source no one holds to another worker for one turn: when workers start
    /// together, the first to ask would take every source, and a mailbox's first sync is one
    /// long poll that no hand-over can split. A worker that already holds a source lets one
    /// `turn` (a poll interval) pass before it takes a source that has no lease row; a worker
    /// holding none takes it at once. A source whose holder died still has its row, expired, and
    /// is taken at once by anyone: the wait after a death stays a lease and a poll.
    private func leavesATurn(_ source: String, turn: TimeInterval, now: Date, ahead: Int) async -> Bool {
        let mine = held.withLock { $0.filter { !$0.hasPrefix("@") }.count } + ahead
        guard !holds(source), mine > 0 else { return false }
        let me = identity.name
        let liveSince = now.addingTimeInterval(-2 * Double(renewalSeconds))
        let rows: (workers: [WorkerRecord], leases: [SourceLease])
        do {
            rows = try await reading { (try $0.workers(), try $0.sourceLeases()) }
        } catch {
            return false
        }
        // Only for a live worker that polls the source and holds fewer sources than this one: a
        // desk of one worker takes its sources at once.
        let load = LeaseBalance.load(rows.leases, now: now)
        let someoneLighter = rows.workers.contains { worker in
            worker.name != me && worker.heartbeatAt >= liveSince && worker.sources.contains(source) && (load[worker.name] ?? 0) < max(load[me] ?? 0, mine)
        }
        guard someoneLighter, !rows.leases.contains(where: { $0.source == source }) else {
            seenUnheld.withLock { _ = $0.removeValue(forKey: source) }
            return false
        }
        let first = seenUnheld.withLock { seen in
            if let first = seen[source] { return first }
            seen[source] = now
            return now
        }
        return now.timeIntervalSince(first) < turn
    }

    /// The lease of the desk's one deliverer on a shared store (not a source: sources' names do
    /// not start with `@`).
    public static let deliveryLease = "@delivery"

    /// Runs `body` while holding the lease `name`, renewed every `renewalSeconds` meanwhile, and
    /// gives the lease up afterwards; nil without running `body` when another worker holds it.
    func holding<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws(IntakeError) -> T) async throws(IntakeError) -> T? {
        guard await lease(name) else { return nil }
        let work = Task { () async throws -> T in try await body() }
        // Renewed while the work runs; when another worker has taken the lease (this one stalled
        // past it), the work is cancelled: it stops between two messages.
        let renewal = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(renewalSeconds) * 1_000_000_000)
                if Task.isCancelled { break }
                let renewed = await lease(name)
                if !renewed && !holds(name) {
                    work.cancel()
                    break
                }
            }
        }
        let outcome = await work.result
        renewal.cancel()
        // A renewal in flight must not commit after the release and take the lease again.
        _ = await renewal.value
        await release(name)
        switch outcome {
        case .success(let value): return value
        case .failure(let error as IntakeError): throw error
        case .failure(let error): throw IntakeError(code: .storeFailed, message: "\(error)")
        }
    }

    /// Gives one lease up.
    func release(_ name: String) async {
        let owner = identity.name
        held.withLock { _ = $0.remove(name) }
        do {
            try await writing { try $0.releaseLease(source: name, owner: owner) }
        } catch {
            logger.warning("cannot give up the lease on \(name): \(error.message); it runs out by itself")
        }
    }

    /// Whether this worker held `source` at its last take or renewal.
    public func holds(_ source: String) -> Bool {
        held.withLock { $0.contains(source) }
    }

    /// A graceful stop: gives up every lease this worker owns in the store (also one handed to it
    /// that it has not polled yet), so that another worker takes its sources at once instead of
    /// after `lease_seconds`, and removes its record, so that no worker hands it one afterwards.
    public func releaseAll() async {
        let name = identity.name
        held.withLock { $0.removeAll() }
        do {
            let released = try await writing { try $0.retireWorker(name) }
            logger.info("gave up \(released) lease(s) and left the desk's workers", metadata: ["worker": "\(name)"])
        } catch {
            logger.warning("cannot give up this worker's leases: \(error.message); they run out by themselves")
        }
    }

    /// The desk's workers and source leases, for `intake status`.
    public func status() async throws(IntakeError) -> (workers: [WorkerRecord], leases: [SourceLease]) {
        try await reading { reading in (try reading.workers(), try reading.sourceLeases()) }
    }
}
