public import Foundation

/// One thing a source offers: a file in a drop folder (later: a message in a mailbox).
public struct SourceItem: Sendable, Equatable {
    /// Path relative to the source, or mailbox and UID.
    public var location: String
    public var filename: String
    public var size: Int
    public var modified: Date
}

/// What a source does after the store has committed (or failed) an item.
public enum SourceOutcome: Sendable {
    case processed, failed
}
