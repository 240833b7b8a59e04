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
    /// Every row that cannot be used, one sentence each naming the file and the line
    /// (`catalog.csv line 3: …`), so that a person fixes them all in one go rather than one per
    /// attempt; empty when the file as a whole is wrong (no header, no `sku` column).
    public let problems: [String]

    public init(code: Code, message: String, problems: [String] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    public var description: String { message }
}
