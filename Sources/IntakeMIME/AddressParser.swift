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
    static func splitEntries(_ text: String) -> [String] {
        var entries: [String] = []
        var current = ""
        var inQuotes = false
        var angle = 0
        var comment = 0
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where inQuotes || comment > 0: escaped = true; current.append(character)
            case "\"" where comment == 0: inQuotes.toggle(); current.append(character)
            case "(" where !inQuotes: comment += 1; current.append(character)
            case ")" where !inQuotes && comment > 0: comment -= 1; current.append(character)
            case "<" where !inQuotes && comment == 0: angle += 1; current.append(character)
            case ">" where !inQuotes && comment == 0: angle = max(0, angle - 1); current.append(character)
            case "," where !inQuotes && angle == 0 && comment == 0, ";" where !inQuotes && angle == 0 && comment == 0:
                entries.append(current); current = ""
            case ":" where !inQuotes && angle == 0 && comment == 0 && !current.contains("@"):
                current = ""  // group name: "Buyers: a@b, c@d;"
            default: current.append(character)
            }
        }
        entries.append(current)
        return entries.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func parseMailbox(_ entry: String, fallbackCharset: String?) -> MailAddress? {
        var defects: [MIMEDefect] = []
        if let open = entry.lastIndex(of: "<"), let close = entry[open...].firstIndex(of: ">") {
            let address = String(entry[entry.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
            guard address.contains("@") else { return nil }
            var name = String(entry[..<open]).trimmingCharacters(in: .whitespaces)
            name = stripComments(name)
            if name.hasPrefix("\"") { name = HeaderParameters.unquote(name) }
            name = EncodedWords.decode(Array(name.utf8), fallbackCharset: fallbackCharset, defects: &defects)
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        // Bare address, maybe with a comment holding the name: a@b (Name).
        var comment: String?
        if let open = entry.firstIndex(of: "("), let close = entry.lastIndex(of: ")"), open < close {
            comment = String(entry[entry.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        let bare = stripComments(entry).trimmingCharacters(in: .whitespaces)
        guard bare.contains("@"), !bare.contains(" ") else { return nil }
        let name = comment.map { EncodedWords.decode(Array($0.utf8), fallbackCharset: fallbackCharset, defects: &defects) }
        return MailAddress(name: name, address: bare)
    }

    static func stripComments(_ text: String) -> String {
        var result = ""
        var depth = 0
        var inQuotes = false
        for character in text {
            if character == "\"" && depth == 0 { inQuotes.toggle() }
            if !inQuotes && character == "(" { depth += 1; continue }
            if !inQuotes && character == ")" && depth > 0 { depth -= 1; continue }
            if depth == 0 { result.append(character) }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
