import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder the `directory` delivery method writes messages into. A file there is never half
/// written and never written over: each message goes to a temporary name, is flushed to disk,
/// then given its final name with `link(2)`, which fails rather than replace a file that has the
/// name already (a message of another desk, or of this desk before its store was reset).
struct OutgoingFolder {
    let path: String

    /// What writing one message did.
    enum Outcome: Equatable {
        case written
        /// A file with the final name was there already; it was left as it was.
        case nameTaken
    }

    /// The temporary name of outbox message `id` in this process: hidden, so a reader polling the
    /// folder skips it, and naming the process, so that a desk sharing the folder never takes
    /// another's temporary for its own (both would otherwise use `.<id>.tmp`, and one could
    /// link the other's message under its own name).
    func temporaryPath(id: Int64) -> String {
        (path as NSString).appendingPathComponent(".\(id).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// Whether a name is a temporary a killed delivery left: one of ours whose process is gone
    /// (`.<id>.<pid>.<n>.tmp`), the process-less `.<id>.tmp` of earlier versions, or one of
    /// Foundation's atomic writes (`.dat.nosync…`), which older versions of the desk used.
    static func isLeftTemporary(_ name: String) -> Bool {
        if name.hasPrefix(".dat.nosync") { return true }
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return false }
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
        switch parts.count {
        case 1: return true
        case 3:
            guard let pid = Int32(parts[1]) else { return false }
            // A live process may be another desk writing into a shared folder: its file is its own.
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        default: return false
        }
    }

    /// Removes the temporaries killed deliveries left. Only called while holding this desk's
    /// `delivery.lock`, so none of this desk's can belong to a delivery still running; another
    /// desk's are left while its process lives. Returns the names removed.
    func removeTemporaries() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where Self.isLeftTemporary(name) {
            if unlink((path as NSString).appendingPathComponent(name)) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Writes `bytes` under `finalPath` unless that name is taken: temporary file (`O_EXCL`),
    /// `fsync`, `link` to the final name, `unlink` of the temporary, `fsync` of the folder.
    /// Throws the reason when the disk refuses; the temporary is removed in every case.
    func write(_ bytes: [UInt8], to finalPath: String, id: Int64) throws(IntakeError) -> Outcome {
        let temporary = temporaryPath(id: id)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create \(temporary)") }
        defer { _ = unlink(temporary) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let error = Self.failure("cannot write \(temporary)")
                close(fd)
                throw error
            }
            written += result
        }
        guard fsync(fd) == 0 else {
            let error = Self.failure("cannot flush \(temporary) to disk")
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw Self.failure("cannot close \(temporary)") }
        guard link(temporary, finalPath) == 0 else {
            if errno == EEXIST { return .nameTaken }
            throw Self.failure("cannot write \(finalPath)")
        }
        _ = unlink(temporary)
        syncFolder()
        return .written
    }

    /// Makes the new name durable: a file flushed but not its folder entry can vanish in a power cut.
    private func syncFolder() {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String) -> IntakeError {
        IntakeError(code: .deliveryFailed, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
