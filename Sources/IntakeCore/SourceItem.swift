public import Foundation

/// One thing a source offers: a file in a drop folder (later: a message in a mailbox).
public struct SourceItem: Sendable, Equatable {
    /// Path relative to the source, or mailbox and UID; for a local file, its name as
    /// `DropFolderFiles.displayName` shows it (bytes that are not UTF-8 escaped as `\xHH`).
    public var location: String
    /// The name as shown and as extraction reads it (its ending says the file's type).
    public var filename: String
    public var size: Int
    public var modified: Date
    /// The name's bytes in the source, which is what the file system knows it by: a name that is
    /// not UTF-8 is read, moved and deleted by these, never by its escaped `location`.
    public var name: [UInt8]
    /// Why the item cannot be read, known from the listing (a FIFO, a link out of the folder):
    /// it becomes a failed item with this reason, and nothing is opened.
    public var refusal: String?
    /// For a local file: which file the listing saw. What is read, and what is moved afterwards,
    /// must be that file: a name can be given to another file at any moment by whoever writes
    /// the folder, and a version the desk never read must not be moved away as if it had been.
    public var identity: FileIdentity?

    public init(location: String, filename: String, size: Int, modified: Date, name: [UInt8]? = nil, refusal: String? = nil,
                identity: FileIdentity? = nil) {
        self.location = location
        self.filename = filename
        self.size = size
        self.modified = modified
        self.name = name ?? Array(location.utf8)
        self.refusal = refusal
        self.identity = identity
    }
}

/// One version of one local file: device and inode say which file, size and modification time
/// (to the nanosecond) which version of it. `followed` records whether it was taken through a
/// symbolic link (the link's target) or of the name itself.
public struct FileIdentity: Sendable, Equatable {
    /// `st_dev`: the file system.
    public var device: UInt64
    /// `st_ino`: the file on it.
    public var inode: UInt64
    /// Size in bytes when seen.
    public var size: Int
    /// Modification time, in nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    /// Status change time (`st_ctim`), in nanoseconds since 1970. A writer can put a file's
    /// modification time back after rewriting it (`touch -r`, `rsync -t`, `cp -p` do), never
    /// this one: any write or rename sets it.
    public var changedNanoseconds: Int64
    /// Taken through a symbolic link (of its target), or of the name itself.
    public var followed: Bool

    /// The same file with the same contents, whatever happened to its links: linking a file into
    /// `processed/` changes its status time, and that must not make it another version.
    public func sameVersion(as other: FileIdentity) -> Bool {
        device == other.device && inode == other.inode && size == other.size && modifiedNanoseconds == other.modifiedNanoseconds
            && followed == other.followed
    }
}

/// What a source does after the store has committed (or failed) an item.
public enum SourceOutcome: Sendable {
    case processed, failed
}
