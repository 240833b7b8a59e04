import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the data folder (`intake.lock`, `flock`), held by the long-running
/// `intake run` so that a second instance on the same desk refuses to start. The kernel drops
/// the lock when the process dies, so a crash never leaves a stale lock behind.
public final class RunLock: Sendable {
    private let descriptor: Int32
    public let path: String

    public init(dataDirectory: String) throws(IntakeError) {
        path = (dataDirectory as NSString).appendingPathComponent("intake.lock")
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw IntakeError(code: .io, message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw IntakeError(code: .alreadyRunning, message: "another intake run is already working on \(dataDirectory) (it holds \(path)); stop it first")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
