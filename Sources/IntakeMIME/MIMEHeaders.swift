import Foundation

/// A part's header fields in their original order, with their raw (unfolded) bytes.
///
/// Values are kept as bytes because raw 8-bit headers can only be decoded once the part's charset
/// is known; `text(_:)` decodes RFC 2047 words on demand.
public struct MIMEHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        /// The unfolded value: continuation line breaks removed, leading white space trimmed.
        public let rawValue: [UInt8]
    }

    public private(set) var fields: [Field] = []
    /// Tried first for raw 8-bit bytes in headers after UTF-8 fails: the charset the message's
    /// text declares, else the desk's fallback. GB18030 and Big5 are tried after it.
    public var fallbackCharset: String?

    public init(fields: [Field] = []) {
        self.fields = fields
    }

    mutating func append(name: String, rawValue: [UInt8]) {
        fields.append(Field(name: name, rawValue: rawValue))
    }

    /// The first field with that name (case-insensitive), raw.
    public func raw(_ name: String) -> [UInt8]? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.rawValue
    }

    /// The first field with that name as ASCII-ish text (no RFC 2047 decoding), trimmed.
    public func value(_ name: String) -> String? {
        guard let raw = raw(name) else { return nil }
        var defects: [MIMEDefect] = []
        return EncodedWords.decodeRaw(raw, fallbackCharset: fallbackCharset, defects: &defects).trimmedSpaces()
    }

    /// All values of a field, in order (e.g. `Received`, `References`).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map { String(decoding: $0.rawValue, as: UTF8.self) }
    }

    /// The first field with that name, RFC 2047 words decoded.
    public func text(_ name: String) -> String? {
        var defects: [MIMEDefect] = []
        return text(name, defects: &defects)
    }

    public func text(_ name: String, defects: inout [MIMEDefect]) -> String? {
        guard let raw = raw(name) else { return nil }
        return EncodedWords.decode(raw, fallbackCharset: fallbackCharset, defects: &defects).trimmedSpaces()
    }

    public func contains(_ name: String) -> Bool { raw(name) != nil }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
