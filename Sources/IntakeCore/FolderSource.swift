import Foundation
import IntakeCurl
public import Logging

/// A local drop folder. Files are taken only when complete — their size and modification time
/// unchanged across two looks `settleSeconds` apart — and moved or deleted only after the store
/// has committed them. Sub-folders (`processed/`, `failed/`), hidden files and files still being
/// written by convention (`.tmp`, `.part`, `.partial`, `~`) are left alone.
public struct FolderSource: DropSource {
    public let configuration: DeskConfiguration.Source
    let session: CurlSession

    public init(configuration: DeskConfiguration.Source) {
        self.configuration = configuration
        self.session = CurlSession(label: configuration.name)
    }

    var folder: String { configuration.location }

    public func look() async throws(IntakeError) -> [SourceItem] {
        let manager = FileManager.default
        let names: [String]
        do { names = try manager.contentsOfDirectory(atPath: folder) } catch {
            throw IntakeError(code: .sourceFailed, message: "source \(configuration.name): cannot list \(folder): \(error.localizedDescription)")
        }
        var items: [SourceItem] = []
        for name in names {
            if Self.isInProgressName(name) { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            guard let attributes = try? manager.attributesOfItem(atPath: path) else {
                // Unreadable metadata (a dangling link): offer it, reading will fail with a reason.
                items.append(SourceItem(location: name, filename: name, size: 0, modified: .distantPast))
                continue
            }
            let type = attributes[.type] as? FileAttributeType
            if type == .typeDirectory { continue }
            items.append(SourceItem(location: name, filename: name, size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                                    modified: attributes[.modificationDate] as? Date ?? .distantPast))
        }
        return items
    }

    public func path(of item: SourceItem) -> String {
        (folder as NSString).appendingPathComponent(item.location)
    }

    /// Reads a file through libcurl (`file://`), refusing more than `maxBytes`.
    public func read(_ item: SourceItem, maxBytes: Int) async throws(IntakeError) -> [UInt8] {
        var request = CurlRequest(url: CurlURL.file(path: path(of: item)), protocols: ["file"])
        request.maxBytes = maxBytes
        request.tls = .none
        do {
            return try await session.perform(request).body
        } catch {
            throw IntakeError(code: .sourceFailed, message: "\(item.location): \(error.message)")
        }
    }

    public func isGone(_ item: SourceItem) async -> Bool {
        let path = path(of: item)
        return !FileManager.default.fileExists(atPath: path) && (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil
    }

    public func hashOfOversized(_ item: SourceItem) async -> String? {
        try? OriginalStoreHash.file(path(of: item))
    }

    /// Applies `after:` or `on_failure:` to a file the store has committed.
    public func finish(_ item: SourceItem, outcome: SourceOutcome, logger: Logger) throws(IntakeError) {
        let action = outcome == .processed ? configuration.after : configuration.onFailure
        let source = path(of: item)
        let manager = FileManager.default
        switch action {
        case .none, .seen, .flag:
            return
        case .delete:
            do { try manager.removeItem(atPath: source) } catch {
                if manager.fileExists(atPath: source) {
                    throw IntakeError(code: .io, message: "\(item.location): stored, but cannot be deleted: \(error.localizedDescription)")
                }
            }
        case .move(let target):
            let folder = (self.folder as NSString).appendingPathComponent(target)
            var destination = (folder as NSString).appendingPathComponent(item.filename)
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                if manager.fileExists(atPath: destination) {
                    let stamp = Int(Date().timeIntervalSince1970)
                    destination = (folder as NSString).appendingPathComponent("\(stamp)-\(item.filename)")
                }
                guard manager.fileExists(atPath: source) || (try? manager.attributesOfItem(atPath: source)) != nil else { return }  // another process moved it
                try manager.moveItem(atPath: source, toPath: destination)
            } catch {
                if !manager.fileExists(atPath: source) { return }
                throw IntakeError(code: .io, message: "\(item.location): stored, but cannot be moved to \(target): \(error.localizedDescription)")
            }
        }
        if let suffix = configuration.doneSuffix {
            // The announcement has served its purpose; a missing one (another process) is fine.
            unlink(source + suffix)
        }
        logger.debug("source item finished", metadata: ["source.name": "\(configuration.name)", "item.location": "\(item.location)", "action": "\(action)"])
    }
}
