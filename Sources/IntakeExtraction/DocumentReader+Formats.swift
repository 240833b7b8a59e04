import Foundation
import IntakeMIME
import IntakeModel

/// The formats the extractor reads; `DocumentReaderRegistry.standard` lists them.
extension DocumentReader {
    /// An RFC 5322 message (`.eml`, or a file with no extension as a mailbox or drop folder
    /// names them). A message attached to a message is read as part of it, not as an attachment.
    static let mail = DocumentReader(
        name: "email", extensions: ["eml"], mediaTypes: ["message/rfc822"], recognizes: isMailMessage,
        readFile: { builder, bytes, _ in EmailReader.read(bytes, into: &builder) }, readAttachment: nil)

    static let csv = DocumentReader(
        name: "CSV", extensions: ["csv"], mediaTypes: ["text/csv", "text/comma-separated-values", "application/csv"], recognizes: nil,
        readFile: { builder, bytes, name in TableOrderReader.readCSVFile(bytes, name: name, into: &builder) },
        readAttachment: { builder, part, shown in
            if let text = attachmentText(part, shown: shown, into: &builder) { TableOrderReader.readCSVLines(text, location: "attachment \(shown)", into: &builder) }
            return []
        })

    static let xlsx = DocumentReader(
        name: "Excel", extensions: ["xlsx"], mediaTypes: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], recognizes: nil,
        readFile: { builder, bytes, name in TableOrderReader.readSpreadsheetFile(bytes, name: name, into: &builder) },
        readAttachment: { builder, part, shown in
            TableOrderReader.readSpreadsheet(part.decodedBody().bytes, location: "attachment \(shown)", into: &builder)
            return []
        })

    static let json = DocumentReader(
        name: "JSON", extensions: ["json"], mediaTypes: ["application/json", "text/json"], recognizes: nil,
        readFile: { builder, bytes, name in JSONOrderReader.readJSONFile(bytes, name: name, into: &builder) },
        readAttachment: { builder, part, shown in
            guard let text = attachmentText(part, shown: shown, into: &builder) else { return [] }
            if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
                JSONOrderReader.readJSON(object, location: "attachment \(shown)", into: &builder)
            } else {
                builder.document.issues.append(Issue(code: .decodeError, field: nil, message: "attachment \(shown) is not a JSON object"))
            }
            return []
        })

    /// Plain text: an order typed or exported as text. A text file that is a saved email is
    /// read as mail (the registry asks `mail` first).
    static let text = DocumentReader(
        name: "text", extensions: ["txt"], mediaTypes: ["text/plain"], recognizes: nil, nameSaysLittle: true,
        readFile: { builder, bytes, name in TextOrderReader.readTextFile(bytes, name: name, into: &builder) },
        readAttachment: { builder, part, shown in
            guard let text = attachmentText(part, shown: shown, into: &builder) else { return [] }
            return TextLine.numbered(TextNormalizer.normalize(TextLine.unixLineEnds(text)), location: "attachment \(shown)")
        })

    /// An attachment's text in its declared charset, or the first fallback that fits; nil, with
    /// a `decode_error` issue, when none does.
    private static func attachmentText(_ part: MIMEPart, shown: String, into builder: inout DocumentBuilder) -> String? {
        let text = Charset.decodeFirstFitting(part.decodedBody().bytes, preferred: part.contentType["charset"], fallbacks: builder.context.fallbackCharsets)
        if text == nil {
            builder.document.issues.append(Issue(code: .decodeError, field: nil, message: "attachment \(shown) could not be decoded as text"))
        }
        return text
    }
}
