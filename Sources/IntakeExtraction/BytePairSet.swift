/// The pairs of adjacent bytes a text holds, as 65,536 bits: a word with a pair the text lacks
/// cannot occur in it. The classifier looks for some two hundred words and phrases in every
/// message and finds few; each search ran memchr over the whole text (a thirtieth of a sync),
/// while ruling a word out here costs a few bit tests.
struct BytePairSet {
    private var bits: [UInt64]

    init(_ text: String) {
        var bits = [UInt64](repeating: 0, count: 1024)
        var text = text
        // Through pointers: the array's bounds and uniqueness were checked for every byte.
        text.withUTF8 { bytes in
            bits.withUnsafeMutableBufferPointer { words in
                guard var previous = bytes.first, let base = words.baseAddress else { return }
                for byte in bytes.dropFirst() {
                    let key = Int(previous) << 8 | Int(byte)
                    base[key >> 6] |= 1 << UInt64(key & 63)
                    previous = byte
                }
            }
        }
        self.bits = bits
    }

    /// False only when `word`'s bytes cannot all occur, adjacent, in the text.
    func mayContain(_ word: String) -> Bool {
        var previous: UInt8?
        for byte in word.utf8 {
            if let previous {
                let key = Int(previous) << 8 | Int(byte)
                if bits[key >> 6] & (1 << UInt64(key & 63)) == 0 { return false }
            }
            previous = byte
        }
        return true
    }
}
