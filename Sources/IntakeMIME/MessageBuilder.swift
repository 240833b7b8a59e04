public import Foundation

/// Composes outgoing messages: RFC 2047 headers, `multipart/alternative` text and HTML,
/// quoted-printable or base64 bodies, CRLF line ends.
///
/// Header values are checked for CR and LF when set, so a customer name or a subject taken from
/// incoming mail cannot start a new header (header injection).
public struct MessageBuilder: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    public var utcOffsetSeconds: Int
    /// Without angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    /// Oldest first, without angle brackets.
    public var references: [String] = []
    /// Further headers, e.g. `Auto-Submitted`; names and values are checked like the others.
    public var extraHeaders: [(name: String, value: String)] = []
    public var textBody: String
    public var htmlBody: String?

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date, utcOffsetSeconds: Int,
                messageID: String, textBody: String, htmlBody: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds
        self.messageID = messageID
        self.textBody = textBody
        self.htmlBody = htmlBody
    }

    /// The message bytes, or an error naming the header whose value would break the message.
    public func build() throws(MIMEError) -> [UInt8] {
        var lines: [String] = []
        try lines.append(header("From", Self.formatAddress(from)))
        guard !to.isEmpty else { throw MIMEError(code: .invalidAddress, message: "a message needs at least one recipient") }
        try lines.append(header("To", to.map(Self.formatAddress).joined(separator: ",\r\n ")))
        try lines.append(header("Subject", EncodedWords.encode(Self.checked(subject, "Subject"))))
        try lines.append(header("Date", MailDate.format(date, utcOffsetSeconds: utcOffsetSeconds)))
        try lines.append(header("Message-ID", "<\(Self.checkedID(messageID))>"))
        if let inReplyTo { try lines.append(header("In-Reply-To", "<\(Self.checkedID(inReplyTo))>")) }
        if !references.isEmpty {
            var ids: [String] = []
            for reference in references { ids.append("<\(try Self.checkedID(reference))>") }
            try lines.append(header("References", ids.joined(separator: "\r\n ")))
        }
        lines.append("MIME-Version: 1.0")
        for extra in extraHeaders {
            guard extra.name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }), !extra.name.isEmpty else {
                throw MIMEError(code: .invalidHeaderValue, message: "header name \"\(extra.name)\" is not valid")
            }
            try lines.append(header(extra.name, EncodedWords.encode(Self.checked(extra.value, extra.name))))
        }
        var body: String
        if let htmlBody {
            let boundary = "=_alt_" + String(messageID.utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) }, radix: 36)
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body = "This is a multi-part message in MIME format.\r\n"
            body += "--\(boundary)\r\n" + Self.leaf(textBody, subtype: "plain") + "\r\n"
            body += "--\(boundary)\r\n" + Self.leaf(htmlBody, subtype: "html") + "\r\n"
            body += "--\(boundary)--\r\n"
        } else {
            let leaf = Self.leaf(textBody, subtype: "plain")
            let split = leaf.components(separatedBy: "\r\n\r\n")
            lines.append(contentsOf: split[0].components(separatedBy: "\r\n"))
            body = split.dropFirst().joined(separator: "\r\n\r\n")
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    /// Headers and body of one text leaf, with the lighter encoding for its content.
    static func leaf(_ text: String, subtype: String) -> String {
        let normalized = text.replacingLineEndings()
        let nonASCII = normalized.utf8.filter { $0 > 126 }.count
        let longLine = normalized.split(separator: "\n").contains { $0.utf8.count > 76 }
        let useBase64 = nonASCII * 3 > normalized.utf8.count
        var result = "Content-Type: text/\(subtype); charset=UTF-8\r\n"
        if useBase64 {
            result += "Content-Transfer-Encoding: base64\r\n\r\n" + TransferEncoding.encodeBase64(Array(normalized.utf8))
        } else if nonASCII > 0 || longLine || normalized.contains("=") {
            result += "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + TransferEncoding.encodeQuotedPrintable(normalized)
        } else {
            result += "Content-Transfer-Encoding: 7bit\r\n\r\n" + normalized.replacingOccurrences(of: "\n", with: "\r\n")
        }
        return result
    }

    private func header(_ name: String, _ value: String) throws(MIMEError) -> String {
        "\(name): \(value)"
    }

    static func checked(_ value: String, _ name: String) throws(MIMEError) -> String {
        if value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\u{0}" }) {
            throw MIMEError(code: .invalidHeaderValue, message: "the \(name) value contains a line break, which could inject headers; refused")
        }
        return value
    }

    static func checkedID(_ id: String) throws(MIMEError) -> String {
        guard !id.isEmpty, id.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }) else {
            throw MIMEError(code: .invalidHeaderValue, message: "message id \"\(id)\" is not valid")
        }
        return id
    }

    /// `"Display Name" <addr>`, the name RFC 2047-encoded when not ASCII; refuses line breaks and
    /// addresses that are not a single mailbox.
    public static func formatAddress(_ address: MailAddress) throws(MIMEError) -> String {
        let addr = try checked(address.address, "address")
        guard addr.utf8.allSatisfy({ $0 > 32 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: ",") }),
              addr.contains("@") else {
            throw MIMEError(code: .invalidAddress, message: "\"\(addr)\" is not a single email address")
        }
        guard let name = address.name, !name.isEmpty else { return addr }
        let cleanName = try checked(name, "display name")
        let encoded = EncodedWords.encode(cleanName)
        if encoded != cleanName { return "\(encoded) <\(addr)>" }
        let needsQuotes = cleanName.contains { "()<>[]:;@\\,.\"".contains($0) }
        let quoted = needsQuotes ? "\"" + cleanName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : cleanName
        return "\(quoted) <\(addr)>"
    }
}
