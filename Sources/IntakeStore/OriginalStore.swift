import Crypto
public import Foundation

/// Content addresses (SHA-256) of originals, and the originals/ folder where versions before
/// schema v6 kept them (they are still read from there; new ones live in the database).
public struct OriginalStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
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
