import Crypto
import Synchronization
public import Foundation

/// Keeps every item's original bytes, content-addressed (SHA-256) under the data folder, so that
/// nothing a customer sent is ever lost and the same bytes are stored once.
public struct OriginalStore: Sendable {
    public let directory: String
    /// Folders that got a new file name since the last `syncFolders()`: a rename is durable only
    /// once its folder is flushed, which is done once per batch instead of once per file.
    let renamedIn = FolderSet()

    public init(directory: String) {
        self.directory = directory
    }

    /// Flushes the folders new originals were renamed into since the last call.
    func syncFolders() throws(StoreError) {
        let folders = renamedIn.folders.withLock { folders in
            defer { folders = [] }
            return folders
        }
        for folder in folders {
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0, fsync(descriptor) == 0 else {
                let reason = String(cString: strerror(errno))
                if descriptor >= 0 { close(descriptor) }
                renamedIn.folders.withLock { _ = $0.insert(folder) }
                throw StoreError(code: .originalNotSaved, message: "cannot flush \(folder) to disk: \(reason)")
            }
            close(descriptor)
        }
    }

    /// Lower-case hex SHA-256 of the bytes; also the dedupe hash of file items.
    public static func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The path an original with this hash is kept at: `originals/ab/abcdef…`.
    public func path(forHash hash: String) -> String {
        "\(directory)/\(hash.prefix(2))/\(hash)"
    }

    /// Writes the bytes (if not already there) durably: to a temporary file, flushed, then renamed,
    /// so a crash never leaves a half-written original under the final name.
    @discardableResult
    public func save(_ bytes: [UInt8], hash: String) throws(StoreError) -> String {
        let target = path(forHash: hash)
        let manager = FileManager.default
        if manager.fileExists(atPath: target) { return target }
        let folder = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !(manager.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            do { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw StoreError(code: .originalNotSaved, message: "cannot create \(folder): \(error.localizedDescription)")
            }
        }
        // Plain POSIX calls: FileManager.createFile already writes through a temporary file of
        // its own, which doubled the files created and renamed per item.
        let temporary = folder + "/.tmp-\(hash)-\(getpid())"
        func failure(_ what: String) -> StoreError {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return StoreError(code: .originalNotSaved, message: "cannot \(what) \(temporary): \(reason)")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("create") }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return true
        }
        guard ok, fsync(descriptor) == 0 else {
            let error = failure("write")
            close(descriptor)
            throw error
        }
        close(descriptor)
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw StoreError(code: .originalNotSaved, message: "cannot move the original into \(target): \(reason)")
        }
        renamedIn.folders.withLock { _ = $0.insert(folder) }
        return target
    }

    public func read(hash: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(forHash: hash)).map { Array($0) }
    }
}

extension OriginalStore {
    /// SHA-256 of a file read in chunks, for items too large to load (they are not kept, but their
    /// hash still makes them unique).
    public static func hash(fileAt path: String) throws(StoreError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(code: .originalNotSaved, message: "cannot read \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw StoreError(code: .originalNotSaved, message: "cannot read \(path): \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// The folder names `OriginalStore` shares between its copies (it is a value type).
final class FolderSet: Sendable {
    let folders = Mutex<Set<String>>([])
}
