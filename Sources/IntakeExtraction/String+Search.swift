import Glibc

/// Whether every byte is below 0x80, a word at a time.
func asciiBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var index = 0
    while index + 8 <= bytes.count {
        if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        index += 8
    }
    while index < bytes.count {
        if base[index] >= 0x80 { return false }
        index += 1
    }
    return true
}

/// Finds `needle` in `haystack` from `start`: memchr for the first byte, memcmp for the rest.
func byteSearch(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
    guard let hay = haystack.baseAddress, let pin = needle.baseAddress, !needle.isEmpty else { return needle.isEmpty ? start : nil }
    var offset = start
    let first = Int32(needle[0])
    while offset + needle.count <= haystack.count {
        guard let found = memchr(hay + offset, first, haystack.count - offset - needle.count + 1) else { return nil }
        let position = hay.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if memcmp(hay + position, pin, needle.count) == 0 { return position }
        offset = position + 1
    }
    return nil
}

extension StringProtocol {
    /// Substring search over UTF-8 bytes. Foundation's `contains`/`range(of:)` go through
    /// CFStringFind with Unicode folding on Linux, and the generic `firstRange(of:)` spent most
    /// of its time in metadata lookups; the callers compare normalised text, so byte equality is
    /// what they mean.
    func hasSubstring(_ other: some StringProtocol) -> Bool {
        // In place when both are native (every line and literal here): a line passed as a
        // Substring was copied into a String of its own for each word looked for.
        let inPlace = utf8.withContiguousStorageIfAvailable { hay in
            other.utf8.withContiguousStorageIfAvailable { pin in byteSearch(hay, pin) != nil }
        }
        if let found = inPlace ?? nil { return found }
        var haystack = String(self)
        var needle = String(other)
        return haystack.withUTF8 { hay in needle.withUTF8 { pin in byteSearch(hay, pin) != nil } }
    }
}

extension String {
    /// `split(separator: "\n", omittingEmptySubsequences:)` read off the UTF-8 bytes: the same
    /// pieces (a line feed right after a carriage return is part of one "\r\n" character, so it
    /// separates nothing), without breaking the text into characters first. Four readers split
    /// each message's text this way, and character breaking was a twelfth of extraction.
    func lineSlices(omittingEmpty: Bool = true) -> [Substring] {
        var pieces: [Substring] = []
        let utf8 = self.utf8
        var start = utf8.startIndex
        var index = start
        var previous: UInt8 = 0
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A && previous != 0x0D {
                if !(omittingEmpty && start == index) { pieces.append(self[start..<index]) }
                start = utf8.index(after: index)
            }
            previous = byte
            index = utf8.index(after: index)
        }
        if !(omittingEmpty && start == utf8.endIndex) { pieces.append(self[start..<utf8.endIndex]) }
        return pieces
    }
}

extension String {
    /// `range(of: other, options: .caseInsensitive)`. When both are ASCII (most item lines and
    /// catalog names) a byte search with ASCII case folding finds the same first range, without
    /// Foundation's round trip through NSString and Unicode folding (a sixteenth of extraction,
    /// called for every name of every product a line mentions); other text goes to Foundation.
    func caseInsensitiveRange(of other: String) -> Range<String.Index>? {
        guard !other.isEmpty, isASCII else { return range(of: other, options: .caseInsensitive) }
        guard other.isASCII else {
            // A Chinese name in an English line: an ideograph has no case and folds to nothing
            // but itself, so it cannot match ASCII text. (Other scripts may: "ﬁ" folds to "fi".)
            if other.unicodeScalars.contains(where: { (0x3400...0x9FFF).contains($0.value) }) { return nil }
            return range(of: other, options: .caseInsensitive)
        }
        var haystack = self
        let found: Int? = haystack.withUTF8 { bytes in
            let needle = other.utf8.map(Self.asciiLower)
            guard needle.count <= bytes.count else { return nil }
            for offset in 0...(bytes.count - needle.count) where Self.asciiLower(bytes[offset]) == needle[0] {
                var matched = 1
                while matched < needle.count, Self.asciiLower(bytes[offset + matched]) == needle[matched] { matched += 1 }
                if matched == needle.count { return offset }
            }
            return nil
        }
        guard let found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found)
        return lower..<utf8.index(lower, offsetBy: other.utf8.count)
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation: Foundation bridges every call
    /// through NSString on Linux, and extraction trims every cell and line it reads. Same set:
    /// tab and the space separators (Unicode category Zs). Not IntakeMIME's internal
    /// `trimmedSpaces(newlines:)`, which trims ASCII only (header syntax): customers' text has
    /// ideographic and no-break spaces that must go too.
    func trimmedSpaces() -> String {
        // Most cells and lines have no space at either end: no scan.
        if let head = unicodeScalars.first, let tail = unicodeScalars.last, !Self.isSpace(head), !Self.isSpace(tail) {
            return String(self)
        }
        return trimming { Self.isSpace($0) }
    }

    /// The text without the scalars at either end for which `isEdge` holds; what Foundation's
    /// `trimmingCharacters(in:)` does, with no round trip through NSString (which copied every
    /// trimmed line twice on Linux).
    func trimming(where isEdge: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        // Most text has nothing to trim: both ends are looked at before any index is searched for.
        if let head = scalars.first, let tail = scalars.last, !isEdge(head), !isEdge(tail) { return String(self) }
        guard let first = scalars.firstIndex(where: { !isEdge($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isEdge($0) }) ?? first
        return String(self[first..<scalars.index(after: last)])
    }

    func trimming(_ edges: ScalarSet) -> String {
        trimming(where: edges.contains)
    }

    /// `components(separatedBy:)` for a set of single separators, without Foundation.
    func components(separatedBy separators: ScalarSet) -> [String] {
        var pieces: [String] = []
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            if separators.contains(scalars[index]) {
                pieces.append(String(self[start..<index]))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        pieces.append(String(self[start..<scalars.endIndex]))
        return pieces
    }

    /// `components(separatedBy:)` for a separator string, compared byte for byte (the text is
    /// normalised before it gets here), without Foundation's Unicode-folding search.
    func pieces(separatedBy separator: String) -> [String] {
        var text = String(self)
        var needle = separator
        return text.withUTF8 { hay in
            needle.withUTF8 { pin in
                var pieces: [String] = []
                var start = 0
                while let found = byteSearch(hay, pin, from: start) {
                    pieces.append(String(decoding: UnsafeBufferPointer(rebasing: hay[start..<found]), as: UTF8.self))
                    start = found + pin.count
                }
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: hay[start...]), as: UTF8.self))
                return pieces
            }
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        // CJK ideographs, most of a Chinese line, are no space: spared the property lookup.
        if scalar.value >= 0x3400 && scalar.value <= 0x9FFF { return false }
        return scalar.properties.generalCategory == .spaceSeparator
    }

    /// True when every byte is ASCII: such text is its own NFKC form, and its characters are
    /// single scalars.
    var isASCII: Bool {
        // Eight bytes at a time where the bytes are in place (a byte at a time was a fiftieth
        // of a sync: nearly every reader asks it of every line).
        if let answer = utf8.withContiguousStorageIfAvailable(asciiBytes) { return answer }
        return utf8.allSatisfy { $0 < 0x80 }
    }

    /// `utf8.firstIndex(of:)` by memchr where the bytes are in place (every line's colon is
    /// looked for by several readers).
    func firstByteIndex(of byte: UInt8) -> Index? {
        let found = utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            guard let base = bytes.baseAddress, let hit = memchr(base, Int32(byte), bytes.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let found else { return utf8.firstIndex(of: byte) }
        return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// `contains(where: \.isNumber)`. In ASCII text the digits are the only characters that
    /// are numbers, and a byte scan spares breaking the text into characters (item-table
    /// detection asks this of every line).
    var containsNumber: Bool {
        var ascii = true
        for byte in utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return true }
            if byte >= 0x80 { ascii = false }
        }
        return ascii ? false : contains(where: \.isNumber)
    }
}

/// Scalars to trim or split at, checked without Foundation's CharacterSet (which bridges
/// through CoreFoundation on Linux). `spaces` adds what `CharacterSet.whitespaces` holds: tab
/// and the space separators.
struct ScalarSet: Sendable {
    private let members: Set<Unicode.Scalar>
    private let spaces: Bool
    /// The ASCII members (and, with `spaces`, space and tab) as bits: most scalars looked up are
    /// ASCII, answered without hashing.
    private let asciiLow: UInt64
    private let asciiHigh: UInt64

    init(_ characters: String, spaces: Bool = false) {
        members = Set(characters.unicodeScalars)
        self.spaces = spaces
        var low: UInt64 = 0
        var high: UInt64 = 0
        for value in UInt32(0)..<128 {
            guard let scalar = Unicode.Scalar(value), members.contains(scalar) || spaces && String.isSpace(scalar) else { continue }
            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
        }
        asciiLow = low
        asciiHigh = high
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        return members.contains(scalar) || spaces && String.isSpace(scalar)
    }
}
