import Foundation

/// One mailbox: an address with an optional display name.
public struct MailAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var name: String?
    /// As written; compare with `normalized`.
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Lower-cased address, the form the desk matches customers by.
    public var normalized: String { address.lowercased() }

    public var description: String {
        if let name, !name.isEmpty { return "\(name) <\(address)>" }
        return address
    }
}

/// Parses address lists (`From`, `To`, `Cc`): display names quoted, encoded or bare, groups,
/// comments. A bad entry is skipped; it never aborts the list.
public enum AddressParser {
    public static func parseList(_ raw: [UInt8], fallbackCharset: String? = nil) -> [MailAddress] {
        var defects: [MIMEDefect] = []
        let text = EncodedWords.decodeRaw(raw, fallbackCharset: fallbackCharset, defects: &defects)
        var result: [MailAddress] = []
        for entry in splitEntries(text) {
            if let address = parseMailbox(entry, fallbackCharset: fallbackCharset) { result.append(address) }
        }
        return result
    }

    /// Splits at commas and group punctuation outside quotes, angle brackets and comments.
    /// Works on Unicode scalars: grapheme-by-grapheme iteration was most of the address cost.
    static func splitEntries(_ text: String) -> [String] {
        // Every character but a separator or a group's colon belongs to the current entry, so
        // an entry is a slice between two of them; the special characters are all ASCII, so
        // the bytes are walked (appending scalar by scalar was half of parsing a From header).
        var entries: [String] = []
        let scalars = text.unicodeScalars
        let utf8 = text.utf8
        var start = utf8.startIndex
        var currentHasAt = false
        var inQuotes = false
        var angle = 0
        var comment = 0
        var escaped = false
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let after = utf8.index(after: index)
            defer { index = after }
            // An escaped scalar is nothing special (the rest of a multi-byte one never is).
            if escaped {
                escaped = false
                continue
            }
            switch byte {
            case UInt8(ascii: "\\") where inQuotes || comment > 0: escaped = true
            case UInt8(ascii: "\"") where comment == 0: inQuotes.toggle()
            case UInt8(ascii: "(") where !inQuotes: comment += 1
            case UInt8(ascii: ")") where !inQuotes && comment > 0: comment -= 1
            case UInt8(ascii: "<") where !inQuotes && comment == 0: angle += 1
            case UInt8(ascii: ">") where !inQuotes && comment == 0: angle = max(0, angle - 1)
            case UInt8(ascii: ",") where !inQuotes && angle == 0 && comment == 0, UInt8(ascii: ";") where !inQuotes && angle == 0 && comment == 0:
                entries.append(String(scalars[start..<index]))
                start = after
                currentHasAt = false
            case UInt8(ascii: ":") where !inQuotes && angle == 0 && comment == 0 && !currentHasAt:
                start = after  // group name: "Buyers: a@b, c@d;"
            case UInt8(ascii: "@"): currentHasAt = true
            default: break
            }
        }
        entries.append(String(scalars[start..<utf8.endIndex]))
        return entries.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
    }

    static func parseMailbox(_ entry: String, fallbackCharset: String?) -> MailAddress? {
        var defects: [MIMEDefect] = []
        let scalars = entry.unicodeScalars
        if let open = scalars.lastIndex(of: "<"), let close = scalars[open...].firstIndex(of: ">") {
            let address = String(scalars[scalars.index(after: open)..<close]).trimmedSpaces()
            guard address.unicodeScalars.contains("@") else { return nil }
            var name = stripComments(String(scalars[..<open]))
            if name.unicodeScalars.first == "\"" { name = HeaderParameters.unquote(name) }
            if name.utf8.contains(UInt8(ascii: "=")) {
                name = EncodedWords.decode(Array(name.utf8), fallbackCharset: fallbackCharset, defects: &defects)
            }
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        // Bare address, maybe with a comment holding the name: a@b (Name).
        var comment: String?
        if let open = scalars.firstIndex(of: "("), let close = scalars.lastIndex(of: ")"), open < close {
            comment = String(scalars[scalars.index(after: open)..<close]).trimmedSpaces()
        }
        let bare = stripComments(entry)
        guard bare.unicodeScalars.contains("@"), !bare.unicodeScalars.contains(" ") else { return nil }
        let name = comment.map { EncodedWords.decode(Array($0.utf8), fallbackCharset: fallbackCharset, defects: &defects) }
        return MailAddress(name: name, address: bare)
    }

    static func stripComments(_ text: String) -> String {
        guard text.unicodeScalars.contains("(") else { return text.trimmedSpaces() }
        var result = String.UnicodeScalarView()
        var depth = 0
        var inQuotes = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" && depth == 0 { inQuotes.toggle() }
            if !inQuotes && scalar == "(" { depth += 1; continue }
            if !inQuotes && scalar == ")" && depth > 0 { depth -= 1; continue }
            if depth == 0 { result.append(scalar) }
        }
        return String(result).trimmedSpaces()
    }
}
