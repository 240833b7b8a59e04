import Foundation

/// Which quantity patterns can match `text` at all, from one pass over its bytes: each but
/// the unit and bare patterns needs a character most lines lack ("qty"/數量 a q or 量, "x 3"
/// an x, × or *, a colon, a parenthesis, "from"/从/從/由 an f or a non-ASCII byte). The cues
/// may say yes when the pattern does not match, never the reverse; the regular expressions
/// they spare were a tenth of a mailbox sync's extraction.
struct QuantityCues {
    var labelled = false
    var times = false
    var colon = false
    var paren = false
    var changed = false
    /// " of the ", " of our ": a count may stand before it.
    var ofThe = false
    /// "a … of", "an … of": an article may be the count.
    var article = false
    /// "dozen": a count of dozens may stand without a unit.
    var dozen = false

    init(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "q"), UInt8(ascii: "Q"): labelled = true
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "*"): times = true
            case UInt8(ascii: ":"): colon = true
            case UInt8(ascii: "("): paren = true
            case UInt8(ascii: "f"), UInt8(ascii: "F"): changed = true
            case 0x80...:
                // 量, ×, the full-width colon and parenthesis, 从 從 由: a look at the whole
                // text below is cheaper than decoding here.
                changed = true
            default: break
            }
        }
        ofThe = text.hasSubstring(" of ")
        article = ofThe && Self.mayHoldArticleCount(text)
        dozen = text.hasSubstring("dozen") || text.hasSubstring("Dozen")
        if changed, !text.isASCII {
            labelled = labelled || text.hasSubstring("量")
            times = times || text.hasSubstring("×")
            colon = colon || text.hasSubstring("：")
            paren = paren || text.hasSubstring("（")
        }
    }

    /// "a " or "an " at a word's start: the article `articleQuantity` reads as one.
    static func mayHoldArticleCount(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] | 0x20 == UInt8(ascii: "a") && (index == 0 || bytes[index - 1] == UInt8(ascii: " ")) {
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if next == UInt8(ascii: " ") || (next | 0x20 == UInt8(ascii: "n") && index + 2 < bytes.count && bytes[index + 2] == UInt8(ascii: " ")) { return true }
            }
            return false
        }
    }
}
