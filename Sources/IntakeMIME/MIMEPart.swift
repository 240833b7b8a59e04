import Foundation

/// One node of a parsed message: a leaf with a body, a multipart with children, or a forwarded
/// message (`message/rfc822`) whose single child is the embedded message's root.
public struct MIMEPart: Sendable {
    public var headers: MIMEHeaders
    /// The parsed `Content-Type`; `text/plain; charset=us-ascii` when absent, as RFC 2045 says.
    public var contentType: HeaderParameters
    /// The parsed `Content-Disposition`, when present.
    public var disposition: HeaderParameters?
    /// Lower-cased `Content-Transfer-Encoding`, `7bit` when absent.
    public var transferEncoding: String
    /// The body as it stands in the message, still transfer-encoded. Empty for multiparts.
    public var rawBody: ArraySlice<UInt8>
    public var children: [MIMEPart]
    /// What the parser had to work around in this part (not in its children).
    public var defects: [MIMEDefect]
    /// 0 for the message itself.
    public var depth: Int

    public var isMultipart: Bool { contentType.type == "multipart" }
    public var isEmbeddedMessage: Bool { contentType.value == "message/rfc822" || contentType.value == "message/global" }

    /// The file name, from `Content-Disposition` or `Content-Type` `name`, as the sender wrote it.
    /// Callers that write it to disk must sanitise it (it may be `../../etc/passwd`).
    public var filename: String? {
        disposition?["filename"] ?? contentType["name"]
    }

    /// True when the part is meant as a file rather than the message text.
    public var isAttachment: Bool {
        if disposition?.value == "attachment" { return true }
        let (type, subtype) = contentType.pieces  // split once, not per question
        // Calendars, vCards, CSV without a name: text, but not the message's text.
        if type == "text" && subtype != "plain" && subtype != "html" { return true }
        let named = filename != nil
        if named && type != "text" { return true }
        if named && disposition?.value != "inline" { return true }
        return type != "multipart" && !isEmbeddedMessage && type != "text"
    }

    /// The body with its transfer encoding undone; bad base64 or quoted-printable is decoded as far
    /// as possible and reported in `defects`.
    public func decodedBody() -> (bytes: [UInt8], defects: [MIMEDefect]) {
        switch transferEncoding {
        case "base64":
            let result = TransferEncoding.decodeBase64(rawBody)
            return (result.bytes, result.defect ? [MIMEDefect(.invalidBase64, "base64 body had characters outside the alphabet or bad padding")] : [])
        case "quoted-printable":
            let result = TransferEncoding.decodeQuotedPrintable(rawBody)
            return (result.bytes, result.defect ? [MIMEDefect(.invalidQuotedPrintable, "quoted-printable body had malformed escapes")] : [])
        default:
            return (Array(rawBody), [])
        }
    }

    /// The body decoded to text: the declared charset first, then UTF-8 and `fallbackCharsets`.
    /// `lossy` is true when no charset fitted and invalid bytes were replaced.
    public func decodedText(fallbackCharsets: [String] = ["BIG5", "GB18030"]) -> DecodedText {
        var (bytes, defects) = decodedBody()
        let declared = contentType["charset"] ?? "us-ascii"
        // Line endings are normalised on the bytes, before the one pass that makes the String.
        let wide = Charset.canonicalName(declared).hasPrefix("UTF-16") || Charset.canonicalName(declared).hasPrefix("UTF-32")
        if !wide { TransferEncoding.normalizeLineEndings(&bytes) }
        if let text = Charset.decode(bytes, charset: declared) {
            return DecodedText(text: wide ? text.replacingLineEndings() : text, charset: Charset.canonicalName(declared), defects: defects, lossy: false)
        }
        if !Charset.isKnown(declared) {
            defects.append(MIMEDefect(.unknownCharset, "charset \"\(declared)\" is not known"))
        }
        // UTF-8 is self-validating: if it fits, it is right. Otherwise the best-reading fallback.
        let declaredName = Charset.canonicalName(declared)
        let utf8 = declaredName == "UTF-8" ? nil : Charset.decode(bytes, charset: "UTF-8")
        if let found = utf8.map({ (charset: "UTF-8", text: $0) })
            ?? CharsetDetector.best(bytes, candidates: fallbackCharsets.filter { Charset.canonicalName($0) != declaredName }) {
            let what = contentType["charset"] == nil ? "no charset declared" : "declared charset \"\(declared)\" did not fit the bytes"
            defects.append(MIMEDefect(.charsetMismatch, "\(what); decoded as \(found.charset)"))
            return DecodedText(text: wide ? found.text.replacingLineEndings() : found.text, charset: found.charset, defects: defects, lossy: false)
        }
        defects.append(MIMEDefect(.undecodableText, "text in charset \"\(declared)\" has bytes that no known charset decodes"))
        bytes = bytes.filter { $0 != 0 }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self).replacingLineEndings(), charset: nil, defects: defects, lossy: true)
    }

    /// Every part below and including this one, depth first, in message order.
    public var allParts: [MIMEPart] {
        [self] + children.flatMap(\.allParts)
    }
}

/// Text decoded from a part, with how it was decoded.
public struct DecodedText: Sendable, Equatable {
    /// The text with line endings normalised to LF.
    public var text: String
    /// The charset that fitted, or nil when none did.
    public var charset: String?
    public var defects: [MIMEDefect]
    /// True when no charset fitted and the text contains replacement characters.
    public var lossy: Bool
}
