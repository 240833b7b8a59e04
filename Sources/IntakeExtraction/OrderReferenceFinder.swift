import Foundation
import IntakeModel

/// Finds our own order number (SO-2026-00123) that a message answers, in its subject, text or thread; apart
/// from the field readers because it is looked for once per message, in the text as a whole.
enum OrderReferenceFinder {
    /// Our order number in the subject, the text (also full-width or without the dash) or the thread.
    static func find(into builder: inout DocumentBuilder) {
        // "ISO 20345" is a standard, not SO-2034-5: the S starts a word.
        // ("SO#2026-00489": a number sign after SO too; "SO2026/00776": a slash between.)
        let pattern = #"(?i)(?<![A-Za-z])S\s*O\s*[-–—_ #/]?\s*(20\d{2})\s*[-–—_ /]?\s*(\d{1,5})(?!\d)"#
        for (text, location) in [(builder.subjectText, "subject"), (builder.bodyText, "body"), (builder.quotedText, "quoted text")] {
            // The pattern needs an S and an O before a year "20yy": text without is spared ICU
            // (the whole body was converted for it on every message).
            guard Self.mayNameOrderNumber(text) else { continue }
            if let range = RegexCache.firstRange(pattern, in: text), let number = Self.orderNumber(String(text[range])) {
                builder.document.orderReference = number.description
                builder.note("orderReference", location, "order number", String(text[range]))
                return
            }
        }
        for id in builder.threadIDs {
            if let range = RegexCache.firstRange(#"SO-\d{4}-\d{5}"#, in: id), let number = OrderNumber(String(id[range])) {
                builder.document.orderReference = number.description
                builder.note("orderReference", "thread headers", "our Message-ID names the order", id)
                return
            }
        }
    }

    /// Whether `text` can match the order-number pattern `S\s*O\s*[-–—_ ]?\s*20\d{2}`: "20" and
    /// a digit pair, an O before them across spaces, dashes and underscores, and an S before
    /// that across spaces. Any non-ASCII byte counts as a space, a dash or a digit (ICU's \s and
    /// \d are Unicode's), and as a possible S when it stands before the O (ICU folds ſ to s).
    static func mayNameOrderNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func isDigit(_ byte: UInt8) -> Bool { (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80 }
            func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x80 }
            guard bytes.count >= 6 else { return false }
            for year in 2..<(bytes.count - 3) where bytes[year] == UInt8(ascii: "2") && bytes[year + 1] == UInt8(ascii: "0")
                && isDigit(bytes[year + 2]) && isDigit(bytes[year + 3]) {
                var index = year - 1
                while index >= 0, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "_") || bytes[index] == UInt8(ascii: "#") { index -= 1 }
                guard index >= 1, bytes[index] | 0x20 == UInt8(ascii: "o") else { continue }
                index -= 1
                var nonASCII = false
                while index >= 0, isSpace(bytes[index]) {
                    if bytes[index] >= 0x80 { nonASCII = true }
                    index -= 1
                }
                if nonASCII || (index >= 0 && bytes[index] | 0x20 == UInt8(ascii: "s")) { return true }
            }
            return false
        }
    }


    static func orderNumber(_ written: String) -> OrderNumber? {
        let digits = written.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard digits.count >= 1 else { return nil }
        if digits.count >= 2, let year = Int(digits[0]), let sequence = Int(digits[1]), sequence > 0 {
            return OrderNumber(year: year, sequence: sequence)
        }
        let joined = digits[0]
        guard joined.count >= 5, let year = Int(joined.prefix(4)), let sequence = Int(joined.dropFirst(4)), sequence > 0 else { return nil }
        return OrderNumber(year: year, sequence: sequence)
    }
}
