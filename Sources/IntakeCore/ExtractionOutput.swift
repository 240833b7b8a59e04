import Foundation
public import IntakeExtraction

/// The line `intake extract` prints for one file.
public enum ExtractionOutput {
    public static func json(_ extraction: Extraction, explain: Bool) throws -> String {
        let line = try DocumentEncoding.line(extraction.document)
        guard explain else { return line }
        let origins = try DocumentEncoding.origins(extraction.origins)
        return String(line.dropLast()) + ",\"explain\":" + origins + "}"
    }
}
