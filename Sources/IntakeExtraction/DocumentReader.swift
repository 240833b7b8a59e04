import IntakeMIME

/// One kind of document the extractor reads (an email, a CSV, Excel, JSON or text file): how it
/// is recognised and how it is read, as a file of its own and as an email's attachment.
///
/// `DocumentReaderRegistry` chooses among them by file name, media type and content, for a
/// drop-folder file and an attachment alike; a new format is one reader added there.
struct DocumentReader: Sendable {
    /// What the format is called, and how a reader is told apart from another (`email`, `CSV`).
    let name: String
    /// Lower-cased file name extensions, without the dot; the first is the one messages show.
    let extensions: [String]
    /// Lower-cased MIME media types, for an attachment whose name has no extension.
    let mediaTypes: Set<String>
    /// Whether the bytes are surely of this format, whatever a name that says little suggests;
    /// nil for a format that is only known by its name.
    let recognizes: (@Sendable ([UInt8]) -> Bool)?
    /// True when this format's extensions say little of what a file holds (`.txt` is anything
    /// saved as text, a saved email too): the formats that recognise content are asked first.
    var nameSaysLittle = false
    /// Reads a whole item (its bytes, its file name) into the builder's document.
    let readFile: @Sendable (inout DocumentBuilder, [UInt8], String) -> Extraction
    /// Reads an email's attachment (the part, its name as shown) into the email's document and
    /// gives the text lines to read with the body; nil for a format not read as an attachment.
    let readAttachment: (@Sendable (inout DocumentBuilder, MIMEPart, String) -> [TextLine])?
}
