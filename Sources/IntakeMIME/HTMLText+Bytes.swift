/// HTML read byte by byte where that reads exactly what the character-by-character reading
/// does: text whose every scalar is a character of its own that no neighbour can join (ASCII,
/// CJK ideographs and the CJK and full-width punctuation Chinese mail uses). There the tests
/// the reader makes (`<`, `>`, `&`, `;`, spaces, tag-name letters) are tests of single
/// scalars, and "\r\n", the one pair that forms a character, is whitespace either way. Breaking
/// the HTML into characters cost some two thousand instructions per character.
extension HTMLText {
    /// The text as `characterText(fromHTML:)` reads it, or nil for HTML this reading cannot
    /// vouch for (other scalars, or an entity that decodes to one).
    static func byteText(fromHTML html: String) -> String? {
        var html = html
        return html.withUTF8 { bytes -> String? in
            guard isPlain(bytes) else { return nil }
            var reader = ByteReader(bytes: bytes)
            guard reader.read() else { return nil }
            return finish(String(decoding: reader.output, as: UTF8.self))
        }
    }

    /// Whether every scalar is ASCII or a `isPlainScalar` one.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            // Only three-byte scalars (U+0800…U+FFFF) are plain.
            guard byte & 0xF0 == 0xE0, index + 2 < bytes.count else { return false }
            let value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            guard isPlainScalar(value) else { return false }
            index += 3
        }
        return true
    }

    /// CJK ideographs, the ideographic space and CJK brackets and stops, dashes, curly quotes,
    /// the bullet, full-width ASCII: none combines with what stands before it.
    static func isPlainScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3000...0x3002, 0x300A...0x3011, 0x2010, 0x2013...0x2014, 0x2018...0x201D, 0x2022, 0xFF01...0xFF5E: true
        default: false
        }
    }

    /// Letters and digits among the plain scalars, which continue a tag's name.
    private static func isNameScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: true
        default: false
        }
    }

    /// What an entity may decode to here: printable ASCII, plain scalars, and the table's own
    /// symbols (none a space, none joining its neighbours).
    private static func isSafeDecoded(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            (0x20...0x7E).contains(scalar.value) || isPlainScalar(scalar.value) || entitySymbols.contains(scalar.value)
        }
    }

    /// The scalars the named entities decode to (taken from the table, so that a new entry
    /// cannot be forgotten here).
    private static let entitySymbols = Set(entities.values.flatMap(\.unicodeScalars).map(\.value))

    private struct ByteReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var output: [UInt8] = []
        var index = 0
        var skipUntil: [UInt8]?
        var cellInRow = 0
        var inCell = false
        /// False once a search for "-->" failed: none follows a later comment either.
        var commentsClose = true

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            output.reserveCapacity(bytes.count)
        }

        /// False when an entity decodes to something `isSafeDecoded` refuses.
        mutating func read() -> Bool {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<") {
                    guard let close = find(UInt8(ascii: ">"), from: index) else { break }
                    readTag(from: index + 1, to: close)
                    continue
                }
                if skipUntil != nil {
                    index += scalarLength(at: index)
                    continue
                }
                if byte == UInt8(ascii: "&"), let semicolon = semicolonWithinTwelveCharacters(from: index) {
                    let entity = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon]), as: UTF8.self)
                    if let decoded = HTMLText.decodeEntity(entity) {
                        guard HTMLText.isSafeDecoded(decoded) else { return false }
                        output.append(contentsOf: decoded.utf8)
                        index = semicolon + 1
                        continue
                    }
                }
                let length = scalarLength(at: index)
                if isWhitespace(at: index) {
                    if let last = lastScalarIsWhitespace(), !last { output.append(UInt8(ascii: " ")) }
                } else if byte >= 0x01 && byte <= 0x03 {
                    // The cell marks' bytes: dropped from the text, as `characterText` does.
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                }
                index += length
            }
            return true
        }

        /// The tag between `<` and `>` (exclusive bounds `start`, `close`); `index` moves past it.
        private mutating func readTag(from start: Int, to close: Int) {
            index = close + 1
            let tag = UnsafeBufferPointer(rebasing: bytes[start..<close])
            if tag.starts(with: "!--".utf8) {
                if !(tag.count >= 2 && tag[tag.count - 2] == UInt8(ascii: "-") && tag[tag.count - 1] == UInt8(ascii: "-")), commentsClose {
                    if let end = find(sequence: Array("-->".utf8), from: index) { index = end + 3 } else { commentsClose = false }
                }
                return
            }
            let isClosing = tag.first == UInt8(ascii: "/")
            var nameStart = 0
            while nameStart < tag.count, tag[nameStart] == UInt8(ascii: "/") { nameStart += 1 }
            // The name's letters and digits; a plain letter (an ideograph) continues the name,
            // which then equals no tag we know.
            var name: [UInt8] = []
            var known = true
            var position = nameStart
            while position < tag.count {
                let byte = tag[position]
                if byte < 0x80 {
                    let lower = byte | 0x20
                    let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
                    let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                    guard isLetter || isDigit else { break }
                    name.append(isLetter ? lower : byte)
                    position += 1
                } else {
                    let value = UInt32(byte & 0x0F) << 12 | UInt32(tag[position + 1] & 0x3F) << 6 | UInt32(tag[position + 2] & 0x3F)
                    guard HTMLText.isNameScalar(value) else { break }
                    known = false
                    position += 3
                }
            }
            let tagName = known ? String(decoding: name, as: UTF8.self) : "\u{FFFF}"
            if let skip = skipUntil {
                if isClosing && known && name == skip { skipUntil = nil }
                return
            }
            if !isClosing && (tagName == "script" || tagName == "style" || tagName == "head" || tagName == "title") {
                skipUntil = name
                return
            }
            // As `HTMLText.layOut`, with the same marks for `finish`.
            switch tagName {
            case "tr", "table":
                if inCell { output.append(0x03); inCell = false }
                if tagName == "tr" && !isClosing { cellInRow = 0 }
                newline()
            case "td", "th":
                if inCell { output.append(0x03); inCell = false }
                if !isClosing {
                    if cellInRow > 0 { output.append(contentsOf: " | ".utf8) }
                    cellInRow += 1
                    output.append(0x02)
                    inCell = true
                }
            default:
                guard HTMLText.blockTags.contains(tagName) else { return }
                if inCell { output.append(0x01) } else { newline() }
            }
        }

        private mutating func newline() {
            while output.last == UInt8(ascii: " ") { output.removeLast() }
            if output.last != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
        }

        private func find(_ byte: UInt8, from start: Int) -> Int? {
            var position = start
            while position < bytes.count {
                if bytes[position] == byte { return position }
                position += 1
            }
            return nil
        }

        private func find(sequence: [UInt8], from start: Int) -> Int? {
            guard bytes.count >= sequence.count else { return nil }
            var position = start
            while position + sequence.count <= bytes.count {
                if bytes[position] == sequence[0], bytes[position..<(position + sequence.count)].elementsEqual(sequence) { return position }
                position += 1
            }
            return nil
        }

        private func scalarLength(at position: Int) -> Int {
            bytes[position] < 0x80 ? 1 : 3
        }

        /// `html[index...].prefix(12).firstIndex(of: ";")`: characters are scalars here, but
        /// "\r\n" is one.
        private func semicolonWithinTwelveCharacters(from start: Int) -> Int? {
            var position = start
            var characters = 0
            while position < bytes.count, characters < 12 {
                if bytes[position] == UInt8(ascii: ";") { return position }
                if bytes[position] == UInt8(ascii: "\r"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") {
                    position += 2
                } else {
                    position += scalarLength(at: position)
                }
                characters += 1
            }
            return nil
        }

        /// Character.isWhitespace of the character at `position`: ASCII space and controls
        /// \t…\r, or the ideographic space.
        private func isWhitespace(at position: Int) -> Bool {
            let byte = bytes[position]
            if byte < 0x80 { return byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) }
            return byte == 0xE3 && bytes[position + 1] == 0x80 && bytes[position + 2] == 0x80
        }

        /// Whether the output's last character is whitespace; nil when the output is empty.
        private func lastScalarIsWhitespace() -> Bool? {
            guard let last = output.last else { return nil }
            if last < 0x80 { return last == UInt8(ascii: " ") || (last >= 0x09 && last <= 0x0D) }
            let count = output.count
            return count >= 3 && output[count - 3] == 0xE3 && output[count - 2] == 0x80 && last == 0x80
        }
    }
}
