/// An operation of the desk that failed, with a code callers can branch on and a message that
/// says what happened and what to do.
public struct IntakeError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let notFound = Code(rawValue: "not_found")
        public static let invalidEdit = Code(rawValue: "invalid_edit")
        public static let illegalTransition = Code(rawValue: "illegal_transition")
        public static let missingSecret = Code(rawValue: "missing_secret")
        public static let sourceFailed = Code(rawValue: "source_failed")
        public static let alreadyRunning = Code(rawValue: "already_running")
        public static let deliveryFailed = Code(rawValue: "delivery_failed")
        /// An automatic answer to a machine (auto-reply, bounce, list) was refused.
        public static let automatedSender = Code(rawValue: "automated_sender")
        public static let renderFailed = Code(rawValue: "render_failed")
        public static let storeFailed = Code(rawValue: "store_failed")
        /// A drop file was replaced or changed between its listing and its reading: not the
        /// item's fault; the next poll takes what the name holds then.
        public static let itemChanged = Code(rawValue: "item_changed")
        /// The store is missing or empty where a desk has been; nothing was started.
        public static let storeMissing = Code(rawValue: "store_missing")
        public static let io = Code(rawValue: "io")
        /// The configuration or the master data beside it cannot be used (a bad catalog row);
        /// the message names the file and the line. Nothing was started.
        public static let configuration = Code(rawValue: "configuration")
        /// Another process (or person) did the same work first; nothing is wrong.
        public static let alreadyDone = Code(rawValue: "already_done")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
