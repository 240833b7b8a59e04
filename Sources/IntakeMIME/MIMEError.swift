/// A message that cannot be parsed at all, or that exceeds a configured limit.
///
/// Most problems are defects recorded on a part; this error is kept for the few that leave
/// nothing to read (the limit names the configuration key to raise).
public struct MIMEError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let messageTooLarge = Code(rawValue: "message_too_large")
        public static let headerTooLarge = Code(rawValue: "header_too_large")
        public static let notAMessage = Code(rawValue: "not_a_message")
        public static let invalidHeaderValue = Code(rawValue: "invalid_header_value")
        public static let invalidAddress = Code(rawValue: "invalid_address")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Limits that keep a hostile or broken message from exhausting memory or time.
public struct MIMELimits: Sendable, Equatable {
    /// Largest whole message accepted, in bytes.
    public var maxMessageBytes: Int = 25 * 1024 * 1024
    /// Largest header block of one part, in bytes.
    public var maxHeaderBytes: Int = 256 * 1024
    /// Most parts in one message; parts beyond are kept unparsed with a defect.
    public var maxParts: Int = 500
    /// Deepest nesting of multiparts and forwarded messages.
    public var maxDepth: Int = 20

    public init(maxMessageBytes: Int = 25 * 1024 * 1024, maxHeaderBytes: Int = 256 * 1024, maxParts: Int = 500, maxDepth: Int = 20) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxParts = maxParts
        self.maxDepth = maxDepth
    }
}
