import Foundation
public import IntakeExtraction
import IntakeModel

/// `intake extract`: one file in, one contract document out, without touching the store.
public struct FileExtractor: Sendable {
    public let configuration: DeskConfiguration
    public let master: MasterData

    public init(configuration: DeskConfiguration) throws(ConfigurationError) {
        self.configuration = configuration
        self.master = try configuration.loadMasterData()
    }

    /// Reads and extracts `path`; a file that cannot be read gives a document of kind `unreadable`.
    public func extract(path: String) -> Extraction {
        let url = URL(fileURLWithPath: path)
        let receivedAt = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        let extractor = OrderExtractor(context: configuration.extractionContext(master: master, receivedAt: receivedAt))
        var isDirectory: ObjCBool = false
        let bytes: [UInt8]
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return Self.unreadable(path, "is a folder, not a file")
        }
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let limit = configuration.limits.maxMessageBytes
            let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
            if size > limit {
                return Self.unreadable(path, "is \(size) bytes, over the limit of \(limit) (limits.max_item_bytes)", code: .tooLarge)
            }
            try handle.seek(toOffset: 0)
            bytes = Array(try handle.readToEnd() ?? Data())
        } catch {
            return Self.unreadable(path, "cannot be read: \((error as NSError).localizedDescription)")
        }
        return extractor.extract(bytes: bytes, filename: url.lastPathComponent, fileLabel: path)
    }

    static func unreadable(_ path: String, _ reason: String, code: Issue.Code = .unreadable) -> Extraction {
        var document = OrderDocument(kind: .unreadable, source: .init(file: path))
        document.issues = [Issue(code: code, field: nil, message: "\(path) \(reason)")]
        return Extraction(document: document, origins: [], language: nil, isAutomated: false, threadIDs: [])
    }
}
