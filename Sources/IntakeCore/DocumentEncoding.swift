public import Foundation
public import IntakeModel
public import IntakeExtraction

/// JSON for the contract and for `--json` listings: stable key order, no escaped slashes,
/// UTF-8 text as is (so Chinese stays readable).
public enum DocumentEncoding {
    /// Foundation's encoder with the contract's options, pretty printed, for output a person
    /// reads; machine output goes through `SortedJSONEncoder`, which writes the same bytes faster.
    public static func prettyEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// One line of JSON Lines for a contract document.
    public static func line(_ document: OrderDocument) throws -> String {
        try SortedJSONEncoder().string(document)
    }

    /// Where each field of a document came from, as one JSON array.
    public static func origins(_ origins: [FieldOrigin]) throws -> String {
        try SortedJSONEncoder().string(origins)
    }
}
