public import Foundation
import Crypto

/// The SHA-256 of an item's bytes in lowercase hex: what the store files originals under and
/// what sources put in dedupe keys. Every store implementation addresses originals by it, so
/// an item keeps its key whichever store holds it.
public enum ContentHash {
    public static func of<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The hash of a file read in chunks, for items too large to load (they are not kept, but
    /// their hash still makes them unique).
    public static func of(fileAt path: String) throws(StoreError) -> String {
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
        return hex(hasher.finalize())
    }

    private static func hex<Digest: Sequence<UInt8>>(_ digest: Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
