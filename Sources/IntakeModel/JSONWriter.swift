public import Foundation

/// A value that writes its own JSON through `JSONWriter`, in the exact bytes `SortedJSONEncoder`
/// (and so Foundation's encoder with sorted keys) would write for its `Encodable` form.
///
/// Why: the documents, origins and orders a mailbox sync stores were a tenth of its CPU in the
/// generic encoder, nearly all of it Codable's machinery (a container, a key and a tree node per
/// field, then sorting the keys back into order); written by hand in sorted order they cost a
/// fraction. `SortedJSONEncoder` takes this path for a conforming value. The tests compare it
/// with Foundation on every fixture document, origin list and order, and on orders with every
/// field set; keys given out of order fail an assertion in debug builds.
public protocol JSONWritable {
    func writeJSON(to writer: inout JSONWriter) throws
}

extension Array: JSONWritable where Element: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginArray()
        for element in self { try element.writeJSON(to: &writer) }
        writer.endArray()
    }
}

/// Writes JSON straight into bytes: objects key by key in the order given (which must be the
/// keys' UTF-8 order), strings escaped as Foundation escapes them.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// A value (or a key's colon) was written last at this level: the next key or element needs a comma.
    private var needsComma = false
    #if DEBUG
    /// The last key of each open object, to hold callers to sorted order.
    private var lastKeys: [[UInt8]] = []
    #endif

    public init() {
        bytes.reserveCapacity(1024)
    }

    // MARK: - Structure

    public mutating func beginObject() {
        separate()
        bytes.append(0x7B)
        needsComma = false
        #if DEBUG
        lastKeys.append([])
        #endif
    }

    public mutating func endObject() {
        bytes.append(0x7D)
        needsComma = true
        #if DEBUG
        lastKeys.removeLast()
        #endif
    }

    public mutating func beginArray() {
        separate()
        bytes.append(0x5B)
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(0x5D)
        needsComma = true
    }

    /// The next member's key; its value follows with one of the value calls.
    public mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(0x2C) }
        bytes.append(0x22)
        name.withUTF8Buffer { key in
            #if DEBUG
            assert(lastKeys.last.map { $0.lexicographicallyPrecedes(key) } ?? true, "JSON keys out of order at \(name)")
            lastKeys[lastKeys.count - 1] = Array(key)
            #endif
            bytes.append(contentsOf: key)
        }
        bytes.append(contentsOf: [0x22, 0x3A])
        needsComma = false
    }

    // MARK: - Values

    public mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        value ? bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) : bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        needsComma = true
    }

    public mutating func string(_ value: String) {
        separate()
        JSONByteWriter.appendString(value, to: &bytes)
        needsComma = true
    }

    /// The string, or `null` for nil (what `encode(_:forKey:)` of an optional writes).
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func integer(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    public mutating func integer(_ value: Int?) {
        if let value { integer(Int64(value)) } else { null() }
    }

    /// Swift's description without a trailing `.0`; NaN and infinity are refused, as Foundation refuses them.
    public mutating func number(_ value: Double) throws {
        separate()
        bytes.append(contentsOf: try JSONTreeEncoder.numberText(value, path: []).utf8)
        needsComma = true
    }

    /// ISO 8601 in UTC, whole seconds: Foundation's `.iso8601` strategy.
    public mutating func date(_ value: Date) {
        string(UTCDateText.iso8601(value))
    }

    public mutating func value(_ value: some JSONWritable) throws {
        try value.writeJSON(to: &self)
    }

    // MARK: - Members

    /// `"key":"value"`, or `"key":null` for nil (what `encode(_:forKey:)` writes).
    public mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    /// `"key":"value"`, nothing for nil (what `encodeIfPresent(_:forKey:)` writes).
    public mutating func optionalMember(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// An ISO 8601 date member, nothing for nil.
    public mutating func optionalMember(_ name: StaticString, date value: Date?) {
        guard let value else { return }
        key(name)
        date(value)
    }

    public mutating func member(_ name: StaticString, _ value: some JSONWritable) throws {
        key(name)
        try value.writeJSON(to: &self)
    }

    private mutating func separate() {
        if needsComma { bytes.append(0x2C) }
    }
}
