public import Foundation

/// How the sources are shared out among the desk's workers. A free source goes to whichever
/// worker asks first, so that a source whose holder died is taken over as soon as its lease runs
/// out; but then the first worker to start, or the one that outlived the others, ends up holding
/// every source while the others idle. So a worker that holds at least two sources more than
/// another live worker that polls the same source hands one of them over, directly: the lease
/// row changes owner in one write, and the new holder finds it its own at its next poll.
///
/// A hand-over never makes a source wait longer than a death would: if the new holder turns out
/// to be dead (its heartbeat was recent, but it was killed since), the lease runs out after
/// `lease_seconds` and the source is free again, as it would be after its holder's death.
public enum LeaseBalance {
    /// The worker that should take `source` over from `owner`, or nil: `owner` must hold an
    /// unexpired lease on it; the new holder is the live worker (heartbeat at or after
    /// `liveSince`) that polls `source` and holds the fewest sources (then the first by name),
    /// and only when it holds at least two fewer than `owner` (so that one hand-over narrows the
    /// difference and never reverses it). Desk leases (`@delivery`) do not count as sources.
    public static func handOverTarget(source: String, owner: String, workers: [WorkerRecord], leases: [SourceLease],
                                      now: Date, liveSince: Date) -> String? {
        guard leases.contains(where: { $0.source == source && $0.owner == owner && $0.expiresAt > now }) else { return nil }
        let load = Self.load(leases, now: now)
        let candidates = workers.filter { $0.name != owner && $0.heartbeatAt >= liveSince && $0.sources.contains(source) }
        guard let target = candidates.min(by: { (load[$0.name] ?? 0, $0.name) < (load[$1.name] ?? 0, $1.name) }) else { return nil }
        return (load[target.name] ?? 0) + 2 <= (load[owner] ?? 0) ? target.name : nil
    }

    /// How many sources each worker holds (unexpired leases; desk leases left out).
    public static func load(_ leases: [SourceLease], now: Date) -> [String: Int] {
        var load: [String: Int] = [:]
        for lease in leases where lease.expiresAt > now && !lease.isDeskLease { load[lease.owner, default: 0] += 1 }
        return load
    }
}
