import Foundation
import IntakeModel

extension MemoryTransaction {
    func workers() throws(StoreError) -> [WorkerRecord] {
        state.workers.values.sorted { $0.name < $1.name }
    }

    func sourceLeases() throws(StoreError) -> [SourceLease] {
        state.leases.values.sorted { $0.source < $1.source }
    }

    func heartbeat(_ worker: WorkerRecord, staleAfter: Int) throws(StoreError) {
        try write("recording worker \(worker.name)") {
            if let known = state.workers[worker.name], known.host != worker.host,
               worker.heartbeatAt.timeIntervalSince(known.heartbeatAt) < Double(staleAfter) {
                throw WorkerNames.inUse(worker.name, host: known.host, pid: known.pid, seconds: worker.heartbeatAt.timeIntervalSince(known.heartbeatAt))
            }
            state.workers[worker.name] = worker
        }
    }

    func takeLease(source: String, owner: String, seconds: Int, now: Date) throws(StoreError) -> SourceLease? {
        try write("taking the lease on \(source)") {
            let expires = now.addingTimeInterval(Double(seconds))
            if let held = state.leases[source], held.owner != owner, held.expiresAt > now { return nil }
            let acquired = state.leases[source].flatMap { $0.owner == owner ? $0.acquiredAt : nil } ?? now
            let lease = SourceLease(source: source, owner: owner, acquiredAt: acquired, expiresAt: expires)
            state.leases[source] = lease
            return lease
        }
    }

    func handOverLease(source: String, owner: String, seconds: Int, now: Date, liveSince: Date) throws(StoreError) -> String? {
        guard let target = LeaseBalance.handOverTarget(source: source, owner: owner, workers: try workers(), leases: try sourceLeases(),
                                                       now: now, liveSince: liveSince) else { return nil }
        try write("handing the lease on \(source) over to \(target)") {
            state.leases[source] = SourceLease(source: source, owner: target, acquiredAt: now, expiresAt: now.addingTimeInterval(Double(seconds)))
        }
        return target
    }

    @discardableResult
    func retireWorker(_ name: String) throws(StoreError) -> Int {
        try write("retiring worker \(name)") {
            let owned = state.leases.values.filter { $0.owner == name }.map(\.source)
            for source in owned { state.leases[source] = nil }
            state.workers[name] = nil
            return owned.count
        }
    }

    func releaseLease(source: String, owner: String) throws(StoreError) {
        try write("releasing the lease on \(source)") {
            if state.leases[source]?.owner == owner { state.leases[source] = nil }
        }
    }
}
