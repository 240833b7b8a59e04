public import Foundation
public import IntakeModel

/// JSON for the contract and for `--json` listings: stable key order, no escaped slashes,
/// UTF-8 text as is (so Chinese stays readable).
public enum DocumentEncoding {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// One line of JSON Lines for a contract document.
    public static func line(_ document: OrderDocument) throws -> String {
        String(decoding: try encoder().encode(document), as: UTF8.self)
    }
}
