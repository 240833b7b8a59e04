/// A rule of the domain was broken: an illegal state change, an invalid value.
///
/// A struct with a code, so that new codes do not break callers that switch on the known ones.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let illegalTransition = Code(rawValue: "illegal_transition")
        public static let invalidValue = Code(rawValue: "invalid_value")
        public static let unknownField = Code(rawValue: "unknown_field")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
