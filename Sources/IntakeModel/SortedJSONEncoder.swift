import Foundation

/// JSON as the store and the contracts write it: object keys sorted by their UTF-8 bytes, `/`
/// not escaped, dates in ISO 8601 (UTC, whole seconds), numbers as Swift prints them — byte for
/// byte what Foundation's `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` and
/// `.iso8601`, which the tests check on every fixture document.
///
/// Why not Foundation's: it builds a generic value tree through dynamic casts and metadata
/// lookups, and encoding an item's document, its origins and its order was a tenth of a mailbox
/// sync's CPU. This one writes straight into bytes (see `bench/` for the ratio), and the model
/// values the store writes on every item (`JSONWritable`) write themselves without Codable's
/// machinery. Pretty printing stays with Foundation, where only a person reads the output.
public struct SortedJSONEncoder: Sendable {
    public init() {}

    /// The UTF-8 bytes of `value`'s JSON. Throws `EncodingError.invalidValue` for a NaN or
    /// infinite number, or for a top-level value that encodes nothing, as Foundation does.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let writable = value as? any JSONWritable { return try Self.written(writable) }
        let node = try JSONTreeEncoder.node(for: value, parent: nil, key: nil)
        guard let node else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = JSONByteWriter()
        writer.write(node)
        return writer.bytes
    }

    /// `value`'s JSON as a string.
    public func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// A value whose type writes itself, known at compile time: the same bytes as `encode`,
    /// without the dynamic cast (a conformance lookup that cost a tenth of the writing).
    public func encode<T: Encodable & JSONWritable>(_ value: T) throws -> [UInt8] {
        try Self.written(value)
    }

    private static func written(_ value: some JSONWritable) throws -> [UInt8] {
        var writer = JSONWriter()
        try value.writeJSON(to: &writer)
        return writer.bytes
    }

    public func string<T: Encodable & JSONWritable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// One JSON value while it is being built. Objects and arrays are boxes because Codable hands
/// out containers that are written to after they are returned.
enum JSONNode {
    case null
    case bool(Bool)
    /// Number text, already in its final form.
    case number(String)
    case string(String)
    case array(JSONArrayBox)
    case object(JSONObjectBox)
    /// A `superEncoder()`'s value, known only once its caller has finished with it.
    case deferred(JSONTreeEncoder)
}

final class JSONArrayBox {
    var values: [JSONNode] = []
}

final class JSONObjectBox {
    var keys: [String] = []
    var values: [JSONNode] = []

    init() {
        keys.reserveCapacity(16)
        values.reserveCapacity(16)
    }

    /// Keys are appended as they come; a key written twice keeps its last value, as in
    /// Foundation's dictionary (resolved when sorting, so writing stays O(1)).
    func set(_ key: String, _ value: JSONNode) {
        keys.append(key)
        values.append(value)
    }
}

/// Serialises a finished tree.
struct JSONByteWriter {
    var bytes: [UInt8] = []
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    init() {
        bytes.reserveCapacity(1024)
    }

    mutating func write(_ node: JSONNode) {
        switch node {
        case .null: bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let value): value ? bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) : bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): Self.appendString(text, to: &bytes)
        case .array(let box):
            bytes.append(0x5B)
            for (index, value) in box.values.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                write(value)
            }
            bytes.append(0x5D)
        case .object(let box): writeObject(box)
        case .deferred(let encoder): write(encoder.node ?? .object(JSONObjectBox()))
        }
    }

    private mutating func writeObject(_ box: JSONObjectBox) {
        bytes.append(0x7B)
        let order = Self.sortedPositions(box.keys)
        var first = true
        for (rank, position) in order.enumerated() {
            if rank + 1 < order.count, box.keys[order[rank + 1]] == box.keys[position] { continue }
            if !first { bytes.append(0x2C) }
            first = false
            Self.appendString(box.keys[position], to: &bytes)
            bytes.append(0x3A)
            write(box.values[position])
        }
        bytes.append(0x7D)
    }

    /// Positions of `keys` in the order of their UTF-8 bytes, equal keys in writing order (the
    /// last one wins). Insertion sort: objects have a handful of keys, often already in order.
    static func sortedPositions(_ keys: [String]) -> [Int] {
        var order = Array(keys.indices)
        guard order.count > 1 else { return order }
        for next in 1..<order.count {
            let position = order[next]
            var slot = next
            while slot > 0, precedes(keys[position], keys[order[slot - 1]]) {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = position
        }
        return order
    }

    /// Byte order of two strings' UTF-8 (strictly before; equal is not before).
    private static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left, right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }

    /// Foundation's escaping: quote, backslash and control characters below U+0020 (`\b \f \n
    /// \r \t` by name, the rest as `\u00xx` in lowercase hex); everything else as UTF-8.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                start = index + 1
                bytes.append(0x5C)
                switch byte {
                case 0x22, 0x5C: bytes.append(byte)
                case 0x08: bytes.append(0x62)
                case 0x0C: bytes.append(0x66)
                case 0x0A: bytes.append(0x6E)
                case 0x0D: bytes.append(0x72)
                case 0x09: bytes.append(0x74)
                default:
                    bytes.append(contentsOf: [0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
                }
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        bytes.append(0x22)
    }
}
