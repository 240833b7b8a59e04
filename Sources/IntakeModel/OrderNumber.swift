/// Our order number, `SO-YYYY-NNNNN`.
///
/// Numbers are allocated per year without gaps or repeats by the store; this type only formats
/// and parses them, so that extraction (which finds them in customers' mail) and the store agree.
public struct OrderNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The calendar year the order was received in, in the desk's time zone.
    public let year: Int
    /// The position of the order in its year, starting at 1.
    public let sequence: Int

    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    /// Parses the canonical form `SO-2026-00042`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "SO", parts[1].count == 4, parts[2].count >= 5,
              let year = Int(parts[1]), let sequence = Int(parts[2]), sequence > 0,
              parts[1].allSatisfy(\.isASCIIDigit), parts[2].allSatisfy(\.isASCIIDigit)
        else { return nil }
        self.init(year: year, sequence: sequence)
    }

    public var description: String {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        return "SO-\(year)-\(padded)"
    }

    public static func < (lhs: OrderNumber, rhs: OrderNumber) -> Bool {
        (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = OrderNumber(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an order number: \(text)")
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    /// True for `0`…`9` only; `isNumber` would also accept full-width and other scripts' digits.
    public var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
