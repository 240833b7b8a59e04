/// Something wrong with a message that the parser worked around instead of failing.
///
/// Defects are recorded on the part they concern, so that extraction and the review queue can
/// say what was wrong ("the declared charset gb2312 did not fit; decoded as GB18030").
public struct MIMEDefect: Sendable, Equatable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let headerWithoutColon = Code(rawValue: "header_without_colon")
        public static let missingHeaderBlock = Code(rawValue: "missing_header_block")
        public static let missingBoundary = Code(rawValue: "missing_boundary")
        public static let missingFinalBoundary = Code(rawValue: "missing_final_boundary")
        public static let invalidBase64 = Code(rawValue: "invalid_base64")
        public static let invalidQuotedPrintable = Code(rawValue: "invalid_quoted_printable")
        public static let unknownCharset = Code(rawValue: "unknown_charset")
        public static let charsetMismatch = Code(rawValue: "charset_mismatch")
        public static let undecodableText = Code(rawValue: "undecodable_text")
        public static let depthLimit = Code(rawValue: "depth_limit")
        public static let partLimit = Code(rawValue: "part_limit")
        public static let invalidEncodedWord = Code(rawValue: "invalid_encoded_word")
        public static let eightBitHeader = Code(rawValue: "eight_bit_header")
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
