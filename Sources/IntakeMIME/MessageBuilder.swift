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
    /// A file to attach (`multipart/mixed`).
    public struct Attachment: Sendable {
        public var filename: String
        /// e.g. `text/csv`, `application/pdf`.
        public var contentType: String
        public var bytes: [UInt8]

        public init(filename: String, contentType: String, bytes: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    /// Files sent with the message; their names are written RFC 2231-encoded when not ASCII.
    public var attachments: [Attachment] = []

    /// Every line of the result is at most 998 octets (RFC 5322 §2.1.1), whatever the values:
    /// long values are folded or written as encoded words, an `In-Reply-To` or `References` id
    /// that cannot fit on a line is left out (threading is a courtesy; a broken message is not),
    /// and a value that can neither be folded nor left out (an address, a header name) is an error.
    public func build() throws(MIMEError) -> [UInt8] {
        var lines: [String] = []
        try lines.append(header("From", Self.formatAddress(from, nameLength: 6)))
        guard !to.isEmpty else { throw MIMEError(code: .invalidAddress, message: "a message needs at least one recipient") }
        var recipients: [String] = []
        for address in to { recipients.append(try Self.formatAddress(address, nameLength: 4)) }
        lines.append(header("To", recipients.joined(separator: ",\r\n ")))
        try lines.append(header("Subject", Self.unstructured(Self.checked(subject, "Subject"), nameLength: 9)))
        lines.append(header("Date", MailDate.format(date, utcOffsetSeconds: utcOffsetSeconds)))
        let checkedID = try Self.checkedID(messageID)
        guard let ownID = Self.writableReference(checkedID, nameLength: 12) else {
            throw MIMEError(code: .invalidHeaderValue, message: "the Message-ID is \(messageID.utf8.count) octets, too long for one header line")
        }
        lines.append(header("Message-ID", ownID))
        if let inReplyTo, let parent = Self.writableReference(inReplyTo, nameLength: 13) { lines.append(header("In-Reply-To", parent)) }
        // One id per line, so each line is as long as its id; the first shares a line with the name.
        let ids = references.compactMap { Self.writableReference($0, nameLength: 12) }
        if !ids.isEmpty { lines.append(header("References", ids.joined(separator: "\r\n "))) }
        lines.append("MIME-Version: 1.0")
        for extra in extraHeaders {
            guard extra.name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }), !extra.name.isEmpty,
                  extra.name.utf8.count <= Self.maxHeaderNameOctets else {
                throw MIMEError(code: .invalidHeaderValue, message: "header name \"\(extra.name.prefix(80))\" is not valid")
            }
            try lines.append(header(extra.name, Self.unstructured(Self.checked(extra.value, extra.name), nameLength: extra.name.utf8.count + 2)))
        }
        let seed = messageID.utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) }
        var content: String
        if let htmlBody {
            let boundary = "=_alt_" + String(seed, radix: 36)
            content = "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            content += "--\(boundary)\r\n" + Self.leaf(textBody, subtype: "plain") + "\r\n"
            content += "--\(boundary)\r\n" + Self.leaf(htmlBody, subtype: "html") + "\r\n"
            content += "--\(boundary)--\r\n"
        } else {
            content = Self.leaf(textBody, subtype: "plain")
        }
        if !attachments.isEmpty {
            let boundary = "=_mix_" + String(seed &* 31, radix: 36)
            var mixed = "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
            mixed += "--\(boundary)\r\n" + content + "\r\n"
            for attachment in attachments {
                mixed += "--\(boundary)\r\n" + (try Self.attachmentPart(attachment)) + "\r\n"
            }
            mixed += "--\(boundary)--\r\n"
            content = mixed
        }
        // The top part's own headers join the message headers.
        let split = content.components(separatedBy: "\r\n\r\n")
        lines.append(contentsOf: split[0].components(separatedBy: "\r\n"))
        var body = split.dropFirst().joined(separator: "\r\n\r\n")
        if htmlBody != nil || !attachments.isEmpty { body = "This is a multi-part message in MIME format.\r\n" + body }
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
        try Self.checkLineLengths(bytes)
        return bytes
    }

    /// An attachment part: base64 body, the name as plain ASCII when it is, else RFC 2231
    /// (`filename*=UTF-8''%E8%A8%82…`) plus an RFC 2047 `name` for old clients.
    static func attachmentPart(_ attachment: Attachment) throws(MIMEError) -> String {
        let name = try checked(attachment.filename, "file name")
        let type = try checked(attachment.contentType, "content type")
        guard type.contains("/"), type.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "\"") }) else {
            throw MIMEError(code: .invalidHeaderValue, message: "content type \"\(type.prefix(80))\" is not valid")
        }
        guard type.utf8.count <= Self.maxHeaderNameOctets else {
            throw MIMEError(code: .invalidHeaderValue, message: "content type \"\(type.prefix(80))…\" is too long")
        }
        let plain = name.utf8.allSatisfy { $0 >= 32 && $0 < 127 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        var result: String
        let typeLine = "Content-Type: \(type); name=\""
        if plain, typeLine.utf8.count + name.utf8.count + 1 <= maxLineOctets, 44 + name.utf8.count <= maxLineOctets {
            result = "Content-Type: \(type); name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\n"
        } else {
            let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
            let percent = name.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
            let encodedName = EncodedWords.encode(name, always: true).replacingOccurrences(of: "\r\n ", with: " ")
            if !plain, typeLine.utf8.count + encodedName.utf8.count + 1 <= maxLineOctets, 18 + percent.utf8.count <= maxLineOctets {
                result = "Content-Type: \(type); name=\"\(encodedName)\"\r\n"
                result += "Content-Disposition: attachment;\r\n filename*=UTF-8''\(percent)\r\n"
            } else {
                // Too long for one line: RFC 2231 continuations, one short piece per line.
                result = "Content-Type: \(type);\r\n" + continued("name", percent) + "\r\n"
                result += "Content-Disposition: attachment;\r\n" + continued("filename", percent) + "\r\n"
            }
        }
        result += "Content-Transfer-Encoding: base64\r\n\r\n" + TransferEncoding.encodeBase64(attachment.bytes)
        return result
    }

    /// Folds an unstructured ASCII value at spaces so header lines stay within 78 characters
    /// where possible (encoded words are already split into short words).
    static func folded(_ value: String, nameLength: Int) -> String {
        guard nameLength + value.utf8.count > 78, !value.contains("\r\n") else { return value }
        var lines: [String] = []
        var current = ""
        var limit = 78 - nameLength
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.utf8.count + 1 + word.utf8.count > limit {
                lines.append(current)
                current = String(word)
                limit = 77
            } else {
                current += current.isEmpty && lines.isEmpty ? String(word) : (current.isEmpty ? String(word) : " " + word)
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
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

    private func header(_ name: String, _ value: String) -> String {
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
            throw MIMEError(code: .invalidHeaderValue, message: "message id \"\(id.prefix(80))\" is not valid")
        }
        return id
    }
}
