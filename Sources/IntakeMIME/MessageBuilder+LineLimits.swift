/// RFC 5322 §2.1.1 allows at most 998 octets on a line; a longer one makes servers refuse the
/// message and readers cut it. These helpers fold, encode or leave out a value so the builder
/// never writes such a line, even for hostile values taken from incoming mail.
extension MessageBuilder {
    /// The longest line the builder writes, CRLF not counted (RFC 5322 §2.1.1).
    public static let maxLineOctets = 998
    /// Header names and content types longer than this are refused: with the value's first
    /// encoded word (at most 75 octets) they must still fit on one line.
    static let maxHeaderNameOctets = 900

    /// `<id>` when the id can be written on a line after a header name of `nameLength` octets
    /// (colon and space included), else nil: the caller leaves the reference out.
    static func writableReference(_ id: String, nameLength: Int) -> String? {
        guard !id.isEmpty, id.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }),
              nameLength + id.utf8.count + 2 <= maxLineOctets else { return nil }
        return "<\(id)>"
    }

    /// An unstructured value (Subject, a display name, an extra header): RFC 2047-encoded when
    /// not ASCII and folded at spaces; when some word would still leave a line too long, the whole
    /// value is written as encoded words, which are at most 75 octets each.
    static func unstructured(_ value: String, nameLength: Int) -> String {
        let plain = folded(EncodedWords.encode(value), nameLength: nameLength)
        if fits(plain, firstLineOffset: nameLength) { return plain }
        return EncodedWords.encode(value, always: true)
    }

    /// Whether every line of a folded value fits, the first after `firstLineOffset` octets.
    static func fits(_ value: String, firstLineOffset: Int) -> Bool {
        for (index, line) in value.components(separatedBy: "\r\n").enumerated()
        where line.utf8.count + (index == 0 ? firstLineOffset : 0) > maxLineOctets {
            return false
        }
        return true
    }

    /// An RFC 2231 parameter in pieces (`name*0*=UTF-8''…;` then `name*1*=…`), one short
    /// continuation line each; `percent` is already %-encoded and is never cut inside an escape.
    static func continued(_ parameter: String, _ percent: String) -> String {
        var pieces: [String] = []
        var current = ""
        var index = percent.startIndex
        while index < percent.endIndex {
            let step = percent[index] == "%" ? min(3, percent.distance(from: index, to: percent.endIndex)) : 1
            let next = percent.index(index, offsetBy: step)
            if current.utf8.count + step > 60 {
                pieces.append(current)
                current = ""
            }
            current += percent[index..<next]
            index = next
        }
        pieces.append(current)
        return pieces.enumerated().map { number, piece in
            " \(parameter)*\(number)*=" + (number == 0 ? "UTF-8''" : "") + piece
        }.joined(separator: ";\r\n")
    }

    /// `"Display Name" <addr>`, the name RFC 2047-encoded when not ASCII; refuses line breaks and
    /// addresses that are not a single mailbox. A name too long for the line is written as
    /// encoded words and the address goes on a line of its own; an address that cannot fit on a
    /// line at all is refused, since a message cannot leave out its sender or recipient.
    /// `nameLength` is what precedes the value on its first line (`To: ` is 4).
    public static func formatAddress(_ address: MailAddress, nameLength: Int = 4) throws(MIMEError) -> String {
        let addr = try checked(address.address, "address")
        guard addr.utf8.allSatisfy({ $0 > 32 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: ",") }),
              addr.contains("@") else {
            throw MIMEError(code: .invalidAddress, message: "\"\(addr.prefix(80))\" is not a single email address")
        }
        // `<addr>,` on a continuation line of its own must fit.
        guard addr.utf8.count + 4 <= maxLineOctets, nameLength + addr.utf8.count + 1 <= maxLineOctets else {
            throw MIMEError(code: .invalidAddress, message: "the address \"\(addr.prefix(80))…\" is \(addr.utf8.count) octets, too long for a header line")
        }
        guard let name = address.name, !name.isEmpty else { return addr }
        let cleanName = try checked(name, "display name")
        let encoded = EncodedWords.encode(cleanName)
        var phrase: String
        if encoded != cleanName {
            phrase = encoded
        } else {
            let needsQuotes = cleanName.contains { "()<>[]:;@\\,.\"".contains($0) }
            phrase = needsQuotes ? "\"" + cleanName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : cleanName
        }
        if !fits(phrase, firstLineOffset: nameLength) { phrase = EncodedWords.encode(cleanName, always: true) }
        let together = "\(phrase) <\(addr)>"
        // The trailing comma of a list counts too.
        return fits(together + ",", firstLineOffset: nameLength) ? together : "\(phrase)\r\n <\(addr)>"
    }

    /// The last guard: a line over the limit anywhere is an error, never written.
    static func checkLineLengths(_ bytes: [UInt8]) throws(MIMEError) {
        var start = 0
        var lineNumber = 1
        for index in bytes.indices where bytes[index] == 10 {
            let end = index > start && bytes[index - 1] == 13 ? index - 1 : index
            if end - start > maxLineOctets {
                throw MIMEError(code: .invalidHeaderValue, message: "line \(lineNumber) of the message would be \(end - start) octets; at most \(maxLineOctets) are allowed")
            }
            start = index + 1
            lineNumber += 1
        }
        if bytes.count - start > maxLineOctets {
            throw MIMEError(code: .invalidHeaderValue, message: "the last line of the message would be \(bytes.count - start) octets; at most \(maxLineOctets) are allowed")
        }
    }
}
