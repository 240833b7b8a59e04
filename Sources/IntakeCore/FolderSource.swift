import Foundation
public import Logging

/// A local drop folder. Files are taken only when complete — their size and modification time
/// unchanged across two looks `settleSeconds` apart — and moved or deleted only after the store
/// has committed them. Sub-folders (`processed/`, `failed/`), hidden files and files still being
/// written by convention (`.tmp`, `.part`, `.partial`, `~`) are left alone.
///
/// The folder is untrusted (`DropFolderFiles`): names are bytes, only regular files are read,
/// links are not followed unless `follow_symlinks: true` and never out of the folder; anything
/// else there becomes a failed item with its reason and goes to the failure folder.
public struct FolderSource: DropSource {
    public let configuration: DeskConfiguration.Source
    let files: DropFolderFiles

    public init(configuration: DeskConfiguration.Source) {
        self.configuration = configuration
        self.files = DropFolderFiles(folder: configuration.location, followLinks: configuration.followSymlinks)
    }

    var folder: String { configuration.location }

    public func look() async throws(IntakeError) -> [SourceItem] {
        let entries: [DropFolderFiles.Entry]
        do { entries = try files.list() } catch {
            throw IntakeError(code: .sourceFailed, message: "source \(configuration.name): \(error.message)")
        }
        return entries.compactMap { entry in
            let shown = DropFolderFiles.displayName(entry.name)
            if Self.isInProgressName(shown) { return nil }
            return SourceItem(location: shown, filename: shown, size: entry.size, modified: entry.modified, name: entry.name,
                              refusal: entry.refusal, identity: entry.identity)
        }
    }

    public func path(of item: SourceItem) -> String {
        (folder as NSString).appendingPathComponent(item.location)
    }

    /// Reads a regular file, refusing more than `maxBytes` (`DropFolderFiles.read`).
    public func read(_ item: SourceItem, maxBytes: Int) async throws(IntakeError) -> [UInt8] {
        if let refusal = item.refusal {
            throw IntakeError(code: .sourceFailed, message: "\(item.location) \(refusal)")
        }
        do { return try files.read(item.name, maxBytes: maxBytes, expected: item.identity) } catch {
            throw IntakeError(code: error.changed ? .itemChanged : .sourceFailed, message: "\(item.location) \(error.message)")
        }
    }

    public func isGone(_ item: SourceItem) async -> Bool {
        files.isGone(item.name)
    }

    /// The file's identity, not its contents: hashing a file too large to keep read all of it,
    /// and a sparse file of 200 GB (no disk used) held the poll, and shutdown, for minutes.
    public func oversizedKey(_ item: SourceItem) async -> String? {
        guard let identity = item.identity else { return nil }
        return "oversized-\(identity.device)-\(identity.inode)-\(identity.size)-\(identity.modifiedNanoseconds)"
    }

    /// Applies `after:` or `on_failure:` to a file the store has committed. A name already taken
    /// in the target folder is never replaced: the file goes in under a name with the time first.
    /// Only the file listed is moved or deleted: a name that leads to another file (or version)
    /// by now is left for the next poll, which takes what it holds.
    public func finish(_ item: SourceItem, outcome: SourceOutcome, logger: Logger) throws(IntakeError) {
        let action = outcome == .processed ? configuration.after : configuration.onFailure
        if case .none = action { return }
        if let identity = item.identity, !files.stillIs(item.name, identity) {
            logger.warning("\(item.location) was replaced or changed after it was read; left for the next poll",
                           metadata: ["source.name": "\(configuration.name)", "item.location": "\(item.location)"])
            return
        }
        switch action {
        case .none, .seen, .flag:
            return
        case .delete:
            do { try files.remove(files.path(item.name)) } catch {
                if !files.isGone(item.name) {
                    throw IntakeError(code: .io, message: "\(item.location): stored, but cannot be deleted: \(error.message)")
                }
            }
        case .move(let target):
            if files.isGone(item.name) { return }  // another process moved it
            let stamp = Array(String(Int(Date().timeIntervalSince1970)).utf8)
            // A name with the time in front must still be a name (at most 255 bytes): its start gives way.
            let prefixed = { (prefix: [UInt8]) -> [UInt8] in
                var kept = item.name.suffix(max(1, 255 - prefix.count))
                // Not from the middle of a UTF-8 character.
                while kept.count > 1, let first = kept.first, first & 0xC0 == 0x80 { kept = kept.dropFirst() }
                return prefix + kept
            }
            let candidates = [item.name, prefixed(stamp + [0x2D])] + (1...20).map { prefixed(stamp + Array("-\($0)-".utf8)) }
            do throws(DropFolderFiles.Failure) {
                let folder = try files.openTargetFolder(target)
                defer { close(folder) }
                var moved = false
                for candidate in candidates where !moved {
                    moved = try files.move(item.name, into: folder, as: candidate, expected: item.identity)
                }
                if !moved {
                    throw DropFolderFiles.Failure(message: "every name tried in \(target) is taken")
                }
            } catch {
                if files.isGone(item.name) { return }
                if error.changed {
                    logger.warning("\(item.location) was replaced or changed after it was read; left for the next poll",
                                   metadata: ["source.name": "\(configuration.name)", "item.location": "\(item.location)"])
                    return
                }
                throw IntakeError(code: .io, message: "\(item.location): stored, but cannot be moved to \(target): \(error.message)")
            }
        }
        if let suffix = configuration.doneSuffix {
            // The announcement has served its purpose; a missing one (another process) is fine.
            try? files.remove(files.path(item.name + Array(suffix.utf8)))
        }
        logger.debug("source item finished", metadata: ["source.name": "\(configuration.name)", "item.location": "\(item.location)", "action": "\(action)"])
    }
}
