import Foundation

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
                if trimmed(value).isEmpty, lineEnd + 1 < header.endIndex {
                    let next = header[(lineEnd + 1)...].prefix { $0 != 0x0A }
                    value = String(decoding: next, as: UTF8.self)
                }
                let trimmed = trimmed(value)
                if let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
                    return String(trimmed[trimmed.index(after: open)..<close])
                }
                return trimmed.isEmpty ? nil : trimmed
            }
            lineStart = lineEnd < header.endIndex ? lineEnd + 1 : lineEnd
        }
        return nil
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)` scalar by scalar: the same set as
    /// Foundation's (CoreFoundation's fixed list, zero-width space included) without its round
    /// trip through NSString, which was most of the cost of sniffing each message.
    static func trimmed(_ text: String) -> String {
        func isEdge(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isEdge($0) }), let last = scalars.lastIndex(where: { !isEdge($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
