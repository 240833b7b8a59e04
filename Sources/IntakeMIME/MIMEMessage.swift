import Foundation

/// A parsed message with the header fields an order desk reads decoded for it.
public struct MIMEMessage: Sendable {
    public var root: MIMEPart

    public init(root: MIMEPart) {
        self.root = root
    }

    public var headers: MIMEHeaders { root.headers }

    /// The decoded subject (RFC 2047 undone, any charset).
    public var subject: String? { headers.text("Subject") }

    /// The `From` mailboxes.
    public var from: [MailAddress] { AddressParser.parseList(headers.raw("From") ?? [], fallbackCharset: headers.fallbackCharset) }
    public var to: [MailAddress] { AddressParser.parseList(headers.raw("To") ?? [], fallbackCharset: headers.fallbackCharset) }
    public var cc: [MailAddress] { AddressParser.parseList(headers.raw("Cc") ?? [], fallbackCharset: headers.fallbackCharset) }
    public var replyTo: [MailAddress] { AddressParser.parseList(headers.raw("Reply-To") ?? [], fallbackCharset: headers.fallbackCharset) }

    /// `Message-ID` without angle brackets.
    public var messageID: String? { headers.value("Message-ID").flatMap { MessageIDList.parse($0).first } }
    /// `In-Reply-To` ids, without angle brackets.
    public var inReplyTo: [String] { headers.value("In-Reply-To").map(MessageIDList.parse) ?? [] }
    /// `References` ids, without angle brackets, oldest first.
    public var references: [String] { headers.value("References").map(MessageIDList.parse) ?? [] }

    /// The `Date` header, keeping the sender's zone offset.
    public var date: MailDate? { headers.value("Date").flatMap(MailDate.parse) }

    /// Every defect in the message, with the part depth it was found at.
    public var allDefects: [MIMEDefect] { root.allParts.flatMap(\.defects) }

    /// The message text a reader would see: the first `text/plain` part that is not an
    /// attachment, else the first `text/html` part converted to text. Forwarded messages are
    /// included in order, so that a forwarded order's text is visible too.
    public func bodyParts() -> [MIMEPart] {
        var result: [MIMEPart] = []
        collectBody(root, into: &result)
        return result
    }

    private func collectBody(_ part: MIMEPart, into result: inout [MIMEPart]) {
        if part.isEmbeddedMessage {
            for child in part.children { collectBody(child, into: &result) }
            return
        }
        if part.isMultipart {
            if part.contentType.subtype == "alternative" {
                let candidates = part.children.filter { !$0.isAttachment }
                if let plain = candidates.first(where: { $0.contentType.value == "text/plain" }) {
                    result.append(plain)
                } else if let html = candidates.first(where: { $0.contentType.value == "text/html" }) {
                    result.append(html)
                } else if let nested = candidates.first(where: \.isMultipart) {
                    collectBody(nested, into: &result)
                }
                return
            }
            for child in part.children { collectBody(child, into: &result) }
            return
        }
        if !part.isAttachment && (part.contentType.value == "text/plain" || part.contentType.value == "text/html") {
            result.append(part)
        }
    }

    /// Leaf parts meant as files (attachments), in message order, including those of forwarded messages.
    public var attachments: [MIMEPart] {
        root.allParts.filter { !$0.isMultipart && !$0.isEmbeddedMessage && $0.isAttachment && $0.depth > 0 }
    }
}

/// Parses `<a@b> <c@d>` lists; tolerant of missing brackets and comments.
public enum MessageIDList {
    public static func parse(_ text: String) -> [String] {
        var ids = text.utf8.allSatisfy({ $0 < 0x80 }) ? bracketed(ascii: text) : bracketed(characters: text)
        if ids.isEmpty {
            ids = text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init).filter { $0.contains("@") }
        }
        return ids
    }

    /// The `<…>` ids of ASCII text, cut from its bytes (a character is a byte there but for
    /// "\r\n", which is no bracket either): appending character by character was most of
    /// reading a Message-ID.
    static func bracketed(ascii text: String) -> [String] {
        var ids: [String] = []
        let utf8 = text.utf8
        var start: String.Index?
        var index = utf8.startIndex
        while index < utf8.endIndex {
            switch utf8[index] {
            case UInt8(ascii: "<"): start = utf8.index(after: index)
            case UInt8(ascii: ">"):
                if let open = start, open < index { ids.append(String(text[open..<index])) }
                start = nil
            default: break
            }
            index = utf8.index(after: index)
        }
        return ids
    }

    /// The `<…>` ids, character by character.
    static func bracketed(characters text: String) -> [String] {
        var ids: [String] = []
        var current = ""
        var inside = false
        for character in text {
            switch character {
            case "<": inside = true; current = ""
            case ">":
                if inside, !current.isEmpty { ids.append(current) }
                inside = false
            default:
                if inside { current.append(character) }
            }
        }
        return ids
    }
}
