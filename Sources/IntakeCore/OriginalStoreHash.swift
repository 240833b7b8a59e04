import Foundation

import IntakeStore

/// Content hashes of source items, the same function the store addresses originals by.
enum OriginalStoreHash {
    static func bytes(_ bytes: [UInt8]) -> String { OriginalStore.hash(bytes) }

    static func file(_ path: String) throws(StoreError) -> String { try OriginalStore.hash(fileAt: path) }
}

/// Finds the Message-ID of an email-looking item without a full parse, for the dedupe check.
enum MessageIDSniffer {
    static func messageID(in bytes: [UInt8]) -> String? {
        let header = bytes.prefix(65_536)
        var lineStart = header.startIndex
        while lineStart < header.endIndex {
            var lineEnd = lineStart
            while lineEnd < header.endIndex, header[lineEnd] != 0x0A { lineEnd += 1 }
            let line = header[lineStart..<lineEnd]
            if line.isEmpty || line == [0x0D] { return nil }  // end of the header block
            if line.count > 11, String(decoding: line.prefix(11), as: UTF8.self).lowercased() == "message-id:" {
                var value = String(decoding: line.dropFirst(11), as: UTF8.self)
                // Folded value on the next line.
                if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, lineEnd + 1 < header.endIndex {
                    let next = header[(lineEnd + 1)...].prefix { $0 != 0x0A }
                    value = String(decoding: next, as: UTF8.self)
                }
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
                    return String(trimmed[trimmed.index(after: open)..<close])
                }
                return trimmed.isEmpty ? nil : trimmed
            }
            lineStart = lineEnd < header.endIndex ? lineEnd + 1 : lineEnd
        }
        return nil
    }
}
