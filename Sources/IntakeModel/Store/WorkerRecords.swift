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
    /// The sources this worker's configuration names (workers on several machines may poll
    /// different ones: a local drop folder exists on one machine only). A source is handed over
    /// only to a worker that polls it.
    public var sources: [String]

    public init(name: String, host: String, pid: Int, startedAt: Date, heartbeatAt: Date, sources: [String] = []) {
        self.name = name
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.sources = sources
    }

    /// `sources` as the stores keep them: a JSON array of names, in one text column.
    public var sourcesText: String {
        (try? String(decoding: JSONEncoder().encode(sources), as: UTF8.self)) ?? "[]"
    }

    /// The names in a stored `sourcesText`; none for a row written before workers named them.
    public static func sources(fromText text: String?) -> [String] {
        guard let text, let names = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return names
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

    /// A lease of the desk's own (`@delivery`), not of a source: names of sources never start
    /// with `@`.
    public var isDeskLease: Bool { source.hasPrefix("@") }
}
