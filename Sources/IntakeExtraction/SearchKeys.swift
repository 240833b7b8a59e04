/// Match keys of the catalog (SKUs, or names and aliases) kept with their UTF-8 bytes, for the
/// question extraction asks of every line: which keys occur in this text?
///
/// Why not `hasSubstring` per key: that copies and opens both strings for every key and line,
/// and product lookups were a twentieth of a mailbox sync; here the line is opened once and each
/// key is a `memchr` + `memcmp` over bytes that are already there. Keys and lines are match
/// keys (NFKC, lower-cased, without spaces), so byte equality is what the callers mean.
struct SearchKeys: Sendable {
    /// The keys, in the order searches report them.
    let texts: [String]
    private let bytes: [[UInt8]]
    /// Lengths in characters (callers skip keys too short to mean anything alone).
    private let lengths: [Int]

    init(_ texts: [String]) {
        self.texts = texts
        bytes = texts.map { Array($0.utf8) }
        lengths = texts.map(\.count)
    }

    /// Positions of the keys of at least `minLength` characters that occur in `text`, in key
    /// order; only the first one when `firstOnly`.
    func occurring(in text: String, minLength: Int, firstOnly: Bool = false) -> [Int] {
        var text = text
        return text.withUTF8 { haystack in
            var found: [Int] = []
            for position in bytes.indices where lengths[position] >= minLength && bytes[position].count <= haystack.count {
                let hit = bytes[position].withUnsafeBufferPointer { byteSearch(haystack, $0) != nil }
                guard hit else { continue }
                found.append(position)
                if firstOnly { break }
            }
            return found
        }
    }

    /// The first key of at least `minLength` characters that occurs in `text`.
    func first(in text: String, minLength: Int) -> Int? {
        occurring(in: text, minLength: minLength, firstOnly: true).first
    }

    /// Every key that contains `text`, in key order.
    func allContaining(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { needle in
            bytes.indices.filter { position in
                bytes[position].count >= needle.count && bytes[position].withUnsafeBufferPointer { byteSearch($0, needle) != nil }
            }
        }
    }

    /// The last key that contains `text`.
    func lastContaining(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { needle in
            bytes.indices.last { position in
                bytes[position].count >= needle.count && bytes[position].withUnsafeBufferPointer { byteSearch($0, needle) != nil }
            }
        }
    }

    /// The first key equal to `text`.
    func firstIndex(of text: String) -> Int? {
        texts.firstIndex(of: text)
    }
}
