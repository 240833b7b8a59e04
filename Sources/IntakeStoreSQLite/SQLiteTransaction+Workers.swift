public import Foundation
import GRDB
public import IntakeModel

extension SQLiteTransaction {
    public func workers() throws(StoreError) -> [WorkerRecord] {
        try read("reading workers") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workers ORDER BY name").map { row in
                WorkerRecord(name: row["name"], host: row["host"], pid: row["pid"], startedAt: row["started_at"], heartbeatAt: row["heartbeat_at"],
                             sources: WorkerRecord.sources(fromText: row["sources"]))
            }
        }
    }

    public func sourceLeases() throws(StoreError) -> [SourceLease] {
        try read("reading source leases") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM source_leases ORDER BY source").map { row in
                SourceLease(source: row["source"], owner: row["owner"], acquiredAt: row["acquired_at"], expiresAt: row["expires_at"])
            }
        }
    }

    public func heartbeat(_ worker: WorkerRecord, staleAfter: Int) throws(StoreError) {
        try write("recording worker \(worker.name)") { db in
            if let row = try Row.fetchOne(db, sql: "SELECT host, pid, heartbeat_at FROM workers WHERE name = ?", arguments: [worker.name]) {
                let host: String = row["host"]
                let pid: Int = row["pid"]
                let last: Date = row["heartbeat_at"]
                if host != worker.host && worker.heartbeatAt.timeIntervalSince(last) < Double(staleAfter) {
                    throw WorkerNames.inUse(worker.name, host: host, pid: pid, seconds: worker.heartbeatAt.timeIntervalSince(last))
                }
            }
            try db.execute(sql: """
                INSERT INTO workers (name, host, pid, started_at, heartbeat_at, sources) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at, sources = excluded.sources
                """, arguments: [worker.name, worker.host, worker.pid, worker.startedAt.sqliteText, worker.heartbeatAt.sqliteText,
                                 worker.sourcesText])
        }
    }

    public func takeLease(source: String, owner: String, seconds: Int, now: Date) throws(StoreError) -> SourceLease? {
        try write("taking the lease on \(source)") { db in
            let expires = now.addingTimeInterval(Double(seconds))
            if let row = try Row.fetchOne(db, sql: "SELECT owner, acquired_at, expires_at FROM source_leases WHERE source = ?", arguments: [source]) {
                let holder: String = row["owner"]
                let until: Date = row["expires_at"]
                if holder != owner && until > now { return nil }
                let acquired: Date = holder == owner ? row["acquired_at"] : now
                try db.execute(sql: "UPDATE source_leases SET owner = ?, acquired_at = ?, expires_at = ? WHERE source = ?",
                               arguments: [owner, acquired.sqliteText, expires.sqliteText, source])
                return SourceLease(source: source, owner: owner, acquiredAt: acquired, expiresAt: expires)
            }
            try db.execute(sql: "INSERT INTO source_leases (source, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [source, owner, now.sqliteText, expires.sqliteText])
            return SourceLease(source: source, owner: owner, acquiredAt: now, expiresAt: expires)
        }
    }

    public func handOverLease(source: String, owner: String, seconds: Int, now: Date, liveSince: Date) throws(StoreError) -> String? {
        let workers = try workers()
        let leases = try sourceLeases()
        guard let target = LeaseBalance.handOverTarget(source: source, owner: owner, workers: workers, leases: leases, now: now, liveSince: liveSince) else {
            return nil
        }
        return try write("handing the lease on \(source) over to \(target)") { db in
            try db.execute(sql: "UPDATE source_leases SET owner = ?, acquired_at = ?, expires_at = ? WHERE source = ? AND owner = ?",
                           arguments: [target, now.sqliteText, now.addingTimeInterval(Double(seconds)).sqliteText, source, owner])
            return db.changesCount == 1 ? target : nil
        }
    }

    @discardableResult
    public func retireWorker(_ name: String) throws(StoreError) -> Int {
        try write("retiring worker \(name)") { db in
            try db.execute(sql: "DELETE FROM source_leases WHERE owner = ?", arguments: [name])
            let released = db.changesCount
            try db.execute(sql: "DELETE FROM workers WHERE name = ?", arguments: [name])
            return released
        }
    }

    public func releaseLease(source: String, owner: String) throws(StoreError) {
        try write("releasing the lease on \(source)") { db in
            try db.execute(sql: "DELETE FROM source_leases WHERE source = ? AND owner = ?", arguments: [source, owner])
        }
    }
}
