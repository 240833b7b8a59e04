import Foundation
import IntakeModel

/// The lock on the data folder (`intake.lock`) held by the long-running `intake run`, so that a
/// second instance on the same desk refuses to start.
public struct RunLock: Sendable {
    let lock: FileLock

    public var path: String { lock.path }

    public init(dataDirectory: String) throws(IntakeError) {
        let path = (dataDirectory as NSString).appendingPathComponent("intake.lock")
        let taken: FileLock?
        do { taken = try FileLock(path: path, mode: .failIfHeld) } catch {
            throw IntakeError(code: .io, message: error.message)
        }
        guard let taken else {
            throw IntakeError(code: .alreadyRunning, message: "another intake run is already working on \(dataDirectory) (it holds \(path)); stop it first")
        }
        lock = taken
    }
}
