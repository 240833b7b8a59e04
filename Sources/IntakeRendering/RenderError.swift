/// A template that is missing, does not parse, or fails to render.
public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    public let template: String
    public let message: String

    public init(template: String, message: String) {
        self.template = template
        self.message = message
    }

    public var description: String { "template \(template): \(message)" }
}
