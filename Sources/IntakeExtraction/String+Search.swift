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
