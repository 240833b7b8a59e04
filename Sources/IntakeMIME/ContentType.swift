import Foundation

/// A parsed `Content-Type` or `Content-Disposition` value: the main value and its parameters.
///
/// Parameters follow RFC 2045 quoting and RFC 2231 continuations and charsets (`filename*0*=`),
/// so that file names in any language survive.
public struct HeaderParameters: Sendable, Equatable {
    /// Lower-cased main value, e.g. `text/plain` or `attachment`.
    public var value: String
    /// Lower-cased parameter names; values decoded.
    public var parameters: [String: String]

    public init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    public subscript(_ name: String) -> String? { parameters[name.lowercased()] }

    /// The media type (`text`), for Content-Type values.
    public var type: String { String(pieces.type) }
    /// The media subtype (`plain`), for Content-Type values.
    public var subtype: String { String(pieces.subtype) }

    /// `value.split(separator: "/", maxSplits: 1)`'s two pieces ("" for a missing one), found in
    /// the bytes of an ASCII value (where bytes are characters) without making an array: a
    /// message's parts ask for them a few times each.
    var pieces: (type: Substring, subtype: Substring) {
        let utf8 = value.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            let parts = value.split(separator: "/", maxSplits: 1)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        // Leading slashes make empty pieces, which the split drops without counting them.
        guard let start = utf8.firstIndex(where: { $0 != UInt8(ascii: "/") }) else { return ("", "") }
        guard let slash = utf8[start...].firstIndex(of: UInt8(ascii: "/")) else { return (value[start...], "") }
        return (value[start..<slash], value[utf8.index(after: slash)...])
    }

    public static func parse(_ raw: String, defects: inout [MIMEDefect]) -> HeaderParameters {
        var segments = raw.splitOutsideQuotes(UInt8(ascii: ";"))
        let value = segments.isEmpty ? "" : segments.removeFirst().trimmedSpaces().lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, encoded: Bool, text: String)]] = [:]
        for segment in segments {
            let scalars = segment.unicodeScalars
            guard let equals = scalars.firstIndex(of: "=") else { continue }
            var name = String(scalars[..<equals]).trimmedSpaces().lowercased()
            var text = String(scalars[scalars.index(after: equals)...]).trimmedSpaces()
            if text.unicodeScalars.first == "\"" {
                text = unquote(text)
            }
            guard !name.isEmpty else { continue }
            if name.utf8.contains(UInt8(ascii: "*")), let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let indexText = rest.isEmpty ? "0" : rest.trimmingCharacters(in: CharacterSet(charactersIn: "*"))
                let index = Int(indexText) ?? 0
                extended[base, default: []].append((index, encoded && (rest.isEmpty || rest.hasSuffix("*")), text))
                continue
            }
            name = name.trimmedSpaces()
            if plain[name] == nil { plain[name] = text }
        }
        for (name, pieces) in extended {
            let sorted = pieces.sorted { $0.index < $1.index }
            var charset = "UTF-8"
            var bytes: [UInt8] = []
            for (position, piece) in sorted.enumerated() {
                var text = piece.text
                if piece.encoded {
                    if position == 0 {
                        let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if parts.count == 3 {
                            if !parts[0].isEmpty { charset = String(parts[0]) }
                            text = String(parts[2])
                        }
                    }
                    bytes.append(contentsOf: TransferEncoding.percentDecode(text))
                } else {
                    bytes.append(contentsOf: Array(text.utf8))
                }
            }
            if let decoded = Charset.decode(bytes, charset: charset) ?? Charset.strictUTF8(bytes) {
                plain[name] = decoded
            } else {
                defects.append(MIMEDefect(.undecodableText, "parameter \(name) in \(charset) could not be decoded"))
            }
        }
        // Some mailers put RFC 2047 words inside quoted file names; undo them too.
        for (name, text) in plain where text.utf8.contains(UInt8(ascii: "?")) && text.contains("=?") {
            plain[name] = EncodedWords.decode(Array(text.utf8), defects: &defects)
        }
        return HeaderParameters(value: value, parameters: plain)
    }

    static func unquote(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var escaped = false
        var inside = false
        for scalar in text.unicodeScalars {
            if escaped { result.append(scalar); escaped = false; continue }
            if scalar == "\\" && inside { escaped = true; continue }
            if scalar == "\"" {
                if inside { break }
                inside = true
                continue
            }
            result.append(scalar)
        }
        return String(result)
    }
}

extension TransferEncoding {
    /// `%XX` decoding for RFC 2231 values; a malformed escape is kept literally.
    static func percentDecode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}
