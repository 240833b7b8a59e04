import Foundation

/// The `Encoder` that `SortedJSONEncoder` hands to `encode(to:)`: one per value, keeping what
/// that value wrote. The coding path is worked out from the parent chain only when asked for (an
/// error message), so the common case allocates one small object per value.
final class JSONTreeEncoder: Encoder {
    var node: JSONNode?
    let parent: JSONTreeEncoder?
    let key: (any CodingKey)?

    init(parent: JSONTreeEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var current: JSONTreeEncoder? = self
        while let encoder = current {
            if let key = encoder.key { path.append(key) }
            current = encoder.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self, box: objectBox()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedContainer(encoder: self, box: arrayBox())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(encoder: self)
    }

    /// Asking twice for a keyed container returns the same object, as Foundation does.
    private func objectBox() -> JSONObjectBox {
        if case .object(let box) = node { return box }
        let box = JSONObjectBox()
        node = .object(box)
        return box
    }

    private func arrayBox() -> JSONArrayBox {
        if case .array(let box) = node { return box }
        let box = JSONArrayBox()
        node = .array(box)
        return box
    }

    /// The node of one value; nil when it encoded nothing. The types Foundation's encoder treats
    /// specially (`Date`, `Data`, `URL`, `Decimal`) are written as it writes them; the type test
    /// is a metadata comparison, so other values pay no dynamic cast.
    static func node<T: Encodable>(for value: T, parent: JSONTreeEncoder?, key: (any CodingKey)?) throws -> JSONNode? {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        // Most fields are optional text or numbers: written here without an encoder per value.
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map(JSONNode.string) ?? .null }
        if T.self == Int?.self { return unsafeBitCast(value, to: Int?.self).map { .number(String($0)) } ?? .null }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool?.self { return unsafeBitCast(value, to: Bool?.self).map(JSONNode.bool) ?? .null }
        if T.self == Date.self { return .string(UTCDateText.iso8601(unsafeBitCast(value, to: Date.self))) }
        if T.self == Decimal.self { return .number(unsafeBitCast(value, to: Decimal.self).description) }
        if T.self == URL.self { return .string(unsafeBitCast(value, to: URL.self).absoluteString) }
        if T.self == Data.self { return .string(unsafeBitCast(value, to: Data.self).base64EncodedString()) }
        let encoder = JSONTreeEncoder(parent: parent, key: key)
        try value.encode(to: encoder)
        return encoder.node
    }

    /// A value that encoded nothing inside a container is an empty object, as in Foundation.
    static func nestedNode<T: Encodable>(for value: T, parent: JSONTreeEncoder, key: (any CodingKey)?) throws -> JSONNode {
        try node(for: value, parent: parent, key: key) ?? .object(JSONObjectBox())
    }

    /// Foundation's number text for floating point: Swift's description without a trailing
    /// `.0`; NaN and infinity are refused (its default `.throw` strategy).
    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F, path: @autoclosure () -> [any CodingKey]) throws -> JSONNode {
        .number(try numberText(value, path: path()))
    }

    static func numberText<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F, path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: path(), debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

}

/// A key for positions and `super`, where Codable needs one for a coding path.
struct JSONPathKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
