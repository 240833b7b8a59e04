/// A configuration that cannot be used, naming the file and the key to fix.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// Dotted path of the key, e.g. `sources[1].url`; nil for the file as a whole.
    public let key: String?
    public let message: String
    /// For a file of rows (the catalog, the customers): each bad row, a sentence naming the file
    /// and the line, so that all of them are fixed in one go; `intake doctor` prints one a line.
    public let problems: [String]

    public init(file: String, key: String?, message: String, problems: [String] = []) {
        self.file = file
        self.key = key
        self.message = message
        self.problems = problems
    }

    public var description: String {
        let head = key.map { "\(file): \($0): \(message)" } ?? "\(file): \(message)"
        return ([head] + problems.map { "  " + $0 }).joined(separator: "\n")
    }
}
