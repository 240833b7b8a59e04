public import Foundation

/// A worker of the desk (`intake run`) as it last reported itself: `intake status` shows which
/// are alive by their heartbeats.
public struct WorkerRecord: Sendable, Equatable {
    /// The worker's name (`store.worker`, else the host name with its data folder).
    public var name: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var heartbeatAt: Date

    public init(name: String, host: String, pid: Int, startedAt: Date, heartbeatAt: Date) {
        self.name = name
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}

/// Which worker polls a source until when. A source is polled by one worker at a time: the
/// holder renews the lease while it runs; one that dies loses it when it expires, and another
/// takes the source over.
public struct SourceLease: Sendable, Equatable {
    public var source: String
    /// The worker's name.
    public var owner: String
    public var acquiredAt: Date
    public var expiresAt: Date

    public init(source: String, owner: String, acquiredAt: Date, expiresAt: Date) {
        self.source = source
        self.owner = owner
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }
}
