import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a file in the data folder. The kernel releases it when the process
/// exits or dies, so a crash never leaves a stale lock; whoever gets the lock next knows that
/// anything its previous holder left half-done was interrupted, not in progress.
public final class FileLock: Sendable {
    private let descriptor: Int32
    public let path: String

    public enum Mode: Sendable {
        /// Wait until the lock is free.
        case wait
        /// Fail at once when another process holds it.
        case failIfHeld
    }

    /// Takes the lock; `nil` in `.failIfHeld` mode when another process holds it.
    public init?(path: String, mode: Mode) throws(StoreError) {
        self.path = path
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError(code: .openFailed, message: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        var result: Int32
        repeat {
            result = flock(fd, mode == .wait ? LOCK_EX : LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            let reason = errno
            close(fd)
            if reason == EWOULDBLOCK { return nil }
            throw StoreError(code: .openFailed, message: "cannot lock \(path): \(String(cString: strerror(reason)))")
        }
        descriptor = fd
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
