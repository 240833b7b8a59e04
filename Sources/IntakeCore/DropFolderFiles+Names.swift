extension DropFolderFiles {
    /// A file name's bytes as people and the store see it: UTF-8 as it is, and every byte that is
    /// not part of valid UTF-8, or of a character that is invisible or moves text around (controls,
    /// line separators, bidirectional overrides, zero-width characters), as `\xHH`; a backslash is
    /// doubled so that the escaped form names one file only. A name that is plain UTF-8 without
    /// those reads as it always did.
    static func displayName(_ name: [UInt8]) -> String {
        if let text = String(validating: name, as: UTF8.self), !text.unicodeScalars.contains(where: { isShownEscaped($0) || $0 == "\\" }) {
            return text
        }
        var shown = ""
        var index = 0
        while index < name.count {
            let byte = name[index]
            let length = sequenceLength(name, at: index)
            if length > 1, let scalar = String(validating: name[index..<(index + length)], as: UTF8.self),
               !scalar.unicodeScalars.contains(where: isShownEscaped) {
                shown += scalar
                index += length
                continue
            }
            switch byte {
            case 0x5C: shown += "\\\\"
            case 0x20..<0x7F: shown.unicodeScalars.append(Unicode.Scalar(byte))
            default: shown += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            index += 1
        }
        return shown
    }

    /// Characters a name may hold that a terminal would not show as themselves: C0 and C1
    /// controls, DEL, zero-width characters, line and paragraph separators, bidirectional
    /// embeddings, overrides and isolates (which make `gpj.exe` look like `exe.jpg`), the BOM.
    static func isShownEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// The length of the UTF-8 sequence a lead byte announces when its continuation bytes are
    /// there, else 1 (the byte is shown escaped).
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length = switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
        guard length > 1, index + length <= bytes.count else { return 1 }
        return bytes[(index + 1)..<(index + length)].allSatisfy { $0 & 0xC0 == 0x80 } ? length : 1
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
