public import Foundation
public import IntakeModel

/// Content addresses (SHA-256) of originals, and the originals/ folder where versions before
/// schema v6 kept them (they are still read from there; new ones live in the database).
public struct OriginalStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Lower-case hex SHA-256 of the bytes; also the dedupe hash of file items.
    public static func hash<Bytes: DataProtocol>(_ bytes: Bytes) -> String { ContentHash.of(bytes) }

    /// The path an original with this hash is kept at: `originals/ab/abcdef…`.
    public func path(forHash hash: String) -> String {
        "\(directory)/\(hash.prefix(2))/\(hash)"
    }

    public func read(hash: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(forHash: hash)).map { Array($0) }
    }
}

extension OriginalStore {
    /// The hash of a file read in chunks (`ContentHash.of(fileAt:)`).
    public static func hash(fileAt path: String) throws(StoreError) -> String { try ContentHash.of(fileAt: path) }
}
