import Foundation
public import Logging

/// A place files are dropped: a local folder, an SFTP or FTP directory. The desk lists it, reads
/// each complete file, stores it, and only then lets the source move or delete it.
public protocol DropSource: Source {
    var configuration: DeskConfiguration.Source { get }
    /// One listing of the files there now (no sub-folders, no in-progress names).
    func look() async throws(IntakeError) -> [SourceItem]
    /// Where an item is, for the store and for people.
    func path(of item: SourceItem) -> String
    func read(_ item: SourceItem, maxBytes: Int) async throws(IntakeError) -> [UInt8]
    /// After a failed read: true when the file is simply gone (another process took it).
    func isGone(_ item: SourceItem) async -> Bool
    /// A key for a file too large to read, telling this version of it from others without
    /// reading it (a sparse file can claim any size at no cost to its writer), when the source
    /// can give one.
    func oversizedKey(_ item: SourceItem) async -> String?
    /// Applies `after:` or `on_failure:` once the store has committed the item.
    func finish(_ item: SourceItem, outcome: SourceOutcome, logger: Logger) async throws(IntakeError)
}

extension DropSource {
    /// Files ready to take, oldest first: those whose size and modification time are the same in
    /// two looks `settle_seconds` apart, so a file still being written (locally or by an upload)
    /// waits for the next poll.
    /// With `done_suffix`, a file is ready when its done file is there: one look is enough and
    /// the done files themselves are never items.
    public func list() async throws(IntakeError) -> [SourceItem] {
        let first = try await look()
        guard !first.isEmpty else { return [] }
        // Names are compared as bytes: Swift's `String` equality takes `café` written precomposed
        // and decomposed for one name, and one of two such files was never taken.
        if let suffix = configuration.doneSuffix {
            let ending = Array(suffix.utf8)
            let names = Set(first.map(\.name))
            return first.filter { !$0.name.ends(with: ending) && names.contains($0.name + ending) }
                .sorted { ($0.modified, $0.location) < ($1.modified, $1.location) }
        }
        if configuration.settleSeconds > 0 {
            try? await Task.sleep(nanoseconds: UInt64(configuration.settleSeconds * 1_000_000_000))
        }
        let second = Dictionary(try await look().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return first.filter { second[$0.name] == $0 }.sorted { ($0.modified, $0.location) < ($1.modified, $1.location) }
    }

    /// Names never taken: hidden files and the usual in-progress suffixes.
    static func isInProgressName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix(".partial") || name.hasSuffix("~")
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes end with `suffix`.
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
