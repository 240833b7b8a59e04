import Foundation
public import IntakeExtraction

/// The line `intake extract` prints for one file.
public enum ExtractionOutput {
    public static func json(_ extraction: Extraction, explain: Bool) throws -> String {
        let line = try DocumentEncoding.line(extraction.document)
        guard explain else { return line }
        let origins = String(decoding: try DocumentEncoding.encoder().encode(extraction.origins), as: UTF8.self)
        return String(line.dropLast()) + ",\"explain\":" + origins + "}"
    }
}
