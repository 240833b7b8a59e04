import Foundation

/// The refusal of a worker name another live process uses, worded once for every store.
public enum WorkerNames {
    public static func inUse(_ name: String, host: String, pid: Int, seconds: Double) -> StoreError {
        StoreError(code: .conflict, message: "the worker name \(name) is in use by process \(pid) on \(host) (its last heartbeat \(Int(seconds)) s ago); "
            + "give each worker its own store.worker, or stop the other one")
    }
}
