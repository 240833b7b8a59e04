/// RFC 2047 encoded words in headers (`=?Big5?B?...?=`).
///
/// Adjacent encoded words in the same charset are joined *before* decoding, because mailers split
/// multi-byte characters across words; white space between encoded words is dropped as the RFC
/// says. Raw 8-bit bytes outside encoded words are tried as UTF-8, then as `fallbackCharset`.
public enum EncodedWords {
    public static func decode(_ raw: [UInt8], fallbackCharset: String? = nil, defects: inout [MIMEDefect]) -> String {
        var tokens: [(charset: String, bytes: [UInt8])] = []  // charset "" means literal text
        var index = 0
        var literal: [UInt8] = []
        var pendingWhitespace: [UInt8] = []
        var lastWasEncoded = false

        func flushLiteral() {
            if !literal.isEmpty { tokens.append(("", literal)); literal = [] }
        }

        while index < raw.count {
            if raw[index] == UInt8(ascii: "="), index + 1 < raw.count, raw[index + 1] == UInt8(ascii: "?"),
               let (charset, decoded, end) = parseWord(raw, at: index, defects: &defects) {
                if !lastWasEncoded { literal.append(contentsOf: pendingWhitespace) }
                pendingWhitespace = []
                flushLiteral()
                if let last = tokens.last, last.charset.lowercased() == charset.lowercased(), lastWasEncoded {
                    tokens[tokens.count - 1].bytes.append(contentsOf: decoded)
                } else {
                    tokens.append((charset, decoded))
                }
                lastWasEncoded = true
                index = end
                continue
            }
            let byte = raw[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                if byte == 0x20 || byte == 0x09 { pendingWhitespace.append(byte) }
                index += 1
                continue
            }
            literal.append(contentsOf: pendingWhitespace)
            pendingWhitespace = []
            literal.append(byte)
            lastWasEncoded = false
            index += 1
        }
        if !lastWasEncoded { literal.append(contentsOf: pendingWhitespace) }
        flushLiteral()

        var result = ""
        for token in tokens {
            if token.charset.isEmpty {
                result += decodeRaw(token.bytes, fallbackCharset: fallbackCharset, defects: &defects)
            } else if let text = Charset.decode(token.bytes, charset: token.charset) {
                result += text
            } else if let text = Charset.strictUTF8(token.bytes) {
                defects.append(MIMEDefect(.charsetMismatch, "encoded word declared \(token.charset) but is UTF-8"))
                result += text
            } else if let text = Charset.decode(token.bytes, charset: "GB18030") {
                defects.append(MIMEDefect(.charsetMismatch, "encoded word declared \(token.charset); decoded as GB18030"))
                result += text
            } else {
                defects.append(MIMEDefect(.undecodableText, "encoded word in \(token.charset) could not be decoded"))
                result += String(decoding: token.bytes, as: UTF8.self)
            }
        }
        return result
    }

    /// Raw header bytes: ASCII as is; 8-bit tried as UTF-8, then the fallback charset.
    static func decodeRaw(_ bytes: [UInt8], fallbackCharset: String?, defects: inout [MIMEDefect]) -> String {
        if let text = Charset.strictUTF8(bytes) { return text }
        defects.append(MIMEDefect(.eightBitHeader, "raw 8-bit bytes in a header"))
        var candidates: [String] = []
        for charset in [fallbackCharset, "GB18030", "BIG5"].compactMap({ $0 }) where !candidates.contains(Charset.canonicalName(charset)) {
            candidates.append(Charset.canonicalName(charset))
        }
        if let best = CharsetDetector.best(bytes, candidates: candidates) { return best.text }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `=?charset[*lang]?B|Q?text?=` at `start`; nil when it is not a well-formed word.
    private static func parseWord(_ raw: [UInt8], at start: Int, defects: inout [MIMEDefect]) -> (String, [UInt8], Int)? {
        var index = start + 2
        let charsetStart = index
        while index < raw.count, raw[index] != UInt8(ascii: "?") {
            if raw[index] <= 0x20 { return nil }
            index += 1
        }
        guard index + 2 < raw.count, index > charsetStart else { return nil }
        var charset = String(decoding: raw[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = raw[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"), raw[index + 2] == UInt8(ascii: "?") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < raw.count, !(raw[end] == UInt8(ascii: "?") && raw[end + 1] == UInt8(ascii: "=")) {
            if raw[end] == 0x20 || raw[end] == 0x0A || raw[end] == 0x0D { return nil }
            end += 1
        }
        guard end + 1 < raw.count else { return nil }
        let text = raw[textStart..<end]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            let result = TransferEncoding.decodeBase64(text)
            if result.defect { defects.append(MIMEDefect(.invalidEncodedWord, "bad base64 in an encoded word")) }
            decoded = result.bytes
        } else {
            let result = TransferEncoding.decodeQuotedPrintable(text, header: true)
            if result.defect { defects.append(MIMEDefect(.invalidEncodedWord, "bad escape in an encoded word")) }
            decoded = result.bytes
        }
        return (charset, decoded, end + 2)
    }

    /// Encodes a header value as UTF-8 `B` words when it is not plain printable ASCII, keeping
    /// each word within 75 characters and never splitting a character.
    ///
    /// `always` encodes plain ASCII too: the way to write a value with a word too long for one
    /// header line (RFC 5322's 998 octets), since encoded words are short by construction.
    public static func encode(_ text: String, prefixLength: Int = 0, always: Bool = false) -> String {
        let needsEncoding = always || text.unicodeScalars.contains { $0.value > 126 || ($0.value < 32 && $0 != "\t") }
            || text.contains("=?")
        guard needsEncoding else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        let maxBytes = 45  // 45 bytes → 60 base64 characters + 12 of wrapper ≤ 75
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk, lineLength: 0) + "?=")
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + TransferEncoding.encodeBase64(chunk, lineLength: 0) + "?=") }
        return words.joined(separator: "\r\n ")
    }
}
