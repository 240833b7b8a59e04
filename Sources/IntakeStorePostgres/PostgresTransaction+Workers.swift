#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    public func workers() throws(StoreError) -> [WorkerRecord] {
        try read("reading workers") { db in
            try db.fetchAll("SELECT * FROM workers ORDER BY name").map { row throws(StoreError) in
                WorkerRecord(name: try row.get("name"), host: try row.get("host"), pid: try row.get("pid"),
                             startedAt: try row.get("started_at"), heartbeatAt: try row.get("heartbeat_at"),
                             sources: WorkerRecord.sources(fromText: try row.get("sources")))
            }
        }
    }

    public func sourceLeases() throws(StoreError) -> [SourceLease] {
        try read("reading source leases") { db in
            try db.fetchAll("SELECT * FROM source_leases ORDER BY source").map { row throws(StoreError) in
                SourceLease(source: try row.get("source"), owner: try row.get("owner"), acquiredAt: try row.get("acquired_at"),
                            expiresAt: try row.get("expires_at"))
            }
        }
    }

    public func heartbeat(_ worker: WorkerRecord, staleAfter: Int) throws(StoreError) {
        try write("recording worker \(worker.name)") { db in
            if let row = try db.fetchOne("SELECT host, pid, heartbeat_at FROM workers WHERE name = ? FOR UPDATE", [worker.name]) {
                let host: String = try row.get("host")
                let pid: Int = try row.get("pid")
                let last: Date = try row.get("heartbeat_at")
                if host != worker.host && worker.heartbeatAt.timeIntervalSince(last) < Double(staleAfter) {
                    throw WorkerNames.inUse(worker.name, host: host, pid: pid, seconds: worker.heartbeatAt.timeIntervalSince(last))
                }
            }
            try db.execute("""
                INSERT INTO workers (name, host, pid, started_at, heartbeat_at, sources) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at, sources = excluded.sources
                """, [worker.name, worker.host, worker.pid, worker.startedAt, worker.heartbeatAt, worker.sourcesText])
        }
    }

    /// One upsert: it writes only when no one holds the lease, `owner` does, or the holder's
    /// lease has run out, and answers no row otherwise. Expiry is read on the workers' clocks,
    /// which must agree (NTP) to well under `lease_seconds`.
    public func takeLease(source: String, owner: String, seconds: Int, now: Date) throws(StoreError) -> SourceLease? {
        try write("taking the lease on \(source)") { db in
            guard let row = try db.fetchOne("""
                INSERT INTO source_leases (source, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET owner = excluded.owner,
                    acquired_at = CASE WHEN source_leases.owner = excluded.owner THEN source_leases.acquired_at ELSE excluded.acquired_at END,
                    expires_at = excluded.expires_at
                WHERE source_leases.owner = excluded.owner OR source_leases.expires_at <= excluded.acquired_at
                RETURNING owner, acquired_at, expires_at
                """, [source, owner, now, now.addingTimeInterval(Double(seconds))]) else { return nil }
            return SourceLease(source: source, owner: try row.get("owner"), acquiredAt: try row.get("acquired_at"), expiresAt: try row.get("expires_at"))
        }
    }

    /// Reads the workers and leases and writes the new owner in one serializable transaction: two
    /// hand-overs decided on the same rows at once cannot both commit.
    public func handOverLease(source: String, owner: String, seconds: Int, now: Date, liveSince: Date) throws(StoreError) -> String? {
        let workers = try workers()
        let leases = try sourceLeases()
        guard let target = LeaseBalance.handOverTarget(source: source, owner: owner, workers: workers, leases: leases, now: now, liveSince: liveSince) else {
            return nil
        }
        return try write("handing the lease on \(source) over to \(target)") { db in
            try db.fetchOne("UPDATE source_leases SET owner = ?, acquired_at = ?, expires_at = ? WHERE source = ? AND owner = ? RETURNING owner",
                            [target, now, now.addingTimeInterval(Double(seconds)), source, owner]) == nil ? nil : target
        }
    }

    @discardableResult
    public func retireWorker(_ name: String) throws(StoreError) -> Int {
        try write("retiring worker \(name)") { db in
            let released = try db.fetchAll("DELETE FROM source_leases WHERE owner = ? RETURNING source", [name]).count
            try db.execute("DELETE FROM workers WHERE name = ?", [name])
            return released
        }
    }

    public func releaseLease(source: String, owner: String) throws(StoreError) {
        try write("releasing the lease on \(source)") { db in
            try db.execute("DELETE FROM source_leases WHERE source = ? AND owner = ?", [source, owner])
        }
    }
}
#endif
