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
    public var type: String { String(value.split(separator: "/", maxSplits: 1).first ?? "") }
    /// The media subtype (`plain`), for Content-Type values.
    public var subtype: String {
        let parts = value.split(separator: "/", maxSplits: 1)
        return parts.count > 1 ? String(parts[1]) : ""
    }

    public static func parse(_ raw: String, defects: inout [MIMEDefect]) -> HeaderParameters {
        var segments = splitOutsideQuotes(raw, separator: ";")
        let value = segments.isEmpty ? "" : segments.removeFirst().trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var extended: [String: [(index: Int, encoded: Bool, text: String)]] = [:]
        for segment in segments {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            var name = segment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var text = segment[segment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\"") {
                text = unquote(text)
            }
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let indexText = rest.isEmpty ? "0" : rest.trimmingCharacters(in: CharacterSet(charactersIn: "*"))
                let index = Int(indexText) ?? 0
                extended[base, default: []].append((index, encoded && (rest.isEmpty || rest.hasSuffix("*")), text))
                continue
            }
            name = name.trimmingCharacters(in: .whitespaces)
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
        for (name, text) in plain where text.contains("=?") {
            plain[name] = EncodedWords.decode(Array(text.utf8), defects: &defects)
        }
        return HeaderParameters(value: value, parameters: plain)
    }

    static func unquote(_ text: String) -> String {
        var result = ""
        var escaped = false
        var inside = false
        for character in text {
            if escaped { result.append(character); escaped = false; continue }
            if character == "\\" && inside { escaped = true; continue }
            if character == "\"" {
                if inside { break }
                inside = true
                continue
            }
            result.append(character)
        }
        return result
    }

    static func splitOutsideQuotes(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && inQuotes { escaped = true; current.append(character); continue }
            if character == "\"" { inQuotes.toggle() }
            if character == separator && !inQuotes {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
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
