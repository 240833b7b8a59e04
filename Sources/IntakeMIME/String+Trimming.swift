extension StringProtocol {
    /// Without leading and trailing spaces and tabs (and, with `newlines`, CR and LF).
    ///
    /// Works on UTF-8 bytes and slices once: Foundation's `trimmingCharacters(in:)` (NSString on
    /// Linux) and scalar-by-scalar rebuilding were both visible in header-parsing profiles.
    func trimmedSpaces(newlines: Bool = false) -> String {
        let bytes = utf8
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || (newlines && (byte == 0x0D || byte == 0x0A))
        }
        var start = bytes.startIndex
        while start < bytes.endIndex, isSpace(bytes[start]) { start = bytes.index(after: start) }
        var end = start
        var index = start
        while index < bytes.endIndex {
            let next = bytes.index(after: index)
            if !isSpace(bytes[index]) { end = next }
            index = next
        }
        return String(self[start..<end])
    }

    /// Splits at an ASCII separator outside double-quoted strings (a backslash escapes inside
    /// quotes). On UTF-8 bytes: an ASCII byte is never part of a multi-byte character.
    func splitOutsideQuotes(_ separator: UInt8) -> [String] {
        var parts: [String] = []
        let bytes = utf8
        var start = bytes.startIndex
        var index = start
        var inQuotes = false
        var escaped = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if escaped {
                escaped = false
            } else if byte == 0x5C && inQuotes {
                escaped = true
            } else if byte == 0x22 {
                inQuotes.toggle()
            } else if byte == separator && !inQuotes {
                parts.append(String(self[start..<index]))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        parts.append(String(self[start..<bytes.endIndex]))
        return parts
    }
}
