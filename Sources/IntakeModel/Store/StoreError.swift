/// A store operation that failed: the database could not be opened or written, an original
/// could not be saved, or a row the caller named does not exist.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let openFailed = Code(rawValue: "open_failed")
        public static let database = Code(rawValue: "database")
        public static let originalNotSaved = Code(rawValue: "original_not_saved")
        public static let notFound = Code(rawValue: "not_found")
        public static let conflict = Code(rawValue: "conflict")
        public static let rule = Code(rawValue: "rule")
        /// The database is missing or empty where a desk has been (`IntakeStore.init(refusingNew:)`).
        public static let storeMissing = Code(rawValue: "store_missing")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
