import Glibc

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
        var haystack = String(self)
        var needle = String(other)
        return haystack.withUTF8 { hay in needle.withUTF8 { pin in byteSearch(hay, pin) != nil } }
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation: Foundation bridges every call
    /// through NSString on Linux, and extraction trims every cell and line it reads. Same set:
    /// tab and the space separators (Unicode category Zs). Not IntakeMIME's internal
    /// `trimmedSpaces(newlines:)`, which trims ASCII only (header syntax): customers' text has
    /// ideographic and no-break spaces that must go too.
    func trimmedSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isSpace($0) }) ?? first
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator
    }

    /// True when every byte is ASCII: such text is its own NFKC form, and its characters are
    /// single scalars.
    var isASCII: Bool {
        utf8.allSatisfy { $0 < 0x80 }
    }
}
