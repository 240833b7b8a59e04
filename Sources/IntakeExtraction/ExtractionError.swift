/// Master data (catalog, customers) that cannot be used, with the file and row to fix.
public struct ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidCatalog = Code(rawValue: "invalid_catalog")
        public static let invalidCustomers = Code(rawValue: "invalid_customers")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
