import Foundation
public import IntakeCurl

/// Where a secret comes from: an environment variable or a file holding only the secret.
///
/// Never the configuration file itself, and never printed: `description` names the source, not
/// the value.
public enum SecretReference: Sendable, Equatable, CustomStringConvertible {
    case environment(String)
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }

    /// Reads the secret at the moment it is needed, so a rotated file is picked up on the next poll.
    public func resolve() throws(IntakeError) -> CurlSecret {
        CurlSecret(try resolveText())
    }

    /// The secret's text, for a library other than libcurl (the PostgreSQL store's password).
    func resolveText() throws(IntakeError) -> String {
        switch self {
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw IntakeError(code: .missingSecret, message: "the environment variable \(name) is not set; export it before running intake")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw IntakeError(code: .missingSecret, message: "the secret file \(path) cannot be read")
            }
            let value = text.trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw IntakeError(code: .missingSecret, message: "the secret file \(path) is empty") }
            return value
        }
    }
}
