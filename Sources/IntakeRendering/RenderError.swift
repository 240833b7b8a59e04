/// A template that is missing, does not parse, or fails to render.
public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `purpose/language/name` before a file is chosen).
    public let template: String
    /// The line of the file the problem stands on, when there is one.
    public let line: Int?
    public let message: String

    public init(template: String, line: Int? = nil, message: String) {
        self.template = template
        self.line = line
        self.message = message
    }

    public var description: String {
        "template \(template)" + (line.map { " line \($0)" } ?? "") + ": \(message)"
    }
}
