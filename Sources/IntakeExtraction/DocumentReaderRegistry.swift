/// The readers the extractor knows, and the one choice of which reads an item: a drop-folder
/// file or stored message by its name's extension, an attachment by its name or else its media
/// type, and, where a name's extension says little (`.txt`), by what the bytes are.
struct DocumentReaderRegistry: Sendable {
    /// In the order messages list them, and the order content is recognised in.
    let readers: [DocumentReader]

    static let standard = DocumentReaderRegistry(readers: [.mail, .csv, .xlsx, .json, .text])

    /// The reader for an item named `filename`; nil for a type that is not read.
    ///
    /// A name without an extension is a message (a mailbox's or a drop folder's own name for
    /// one). A name whose extension says little (`.txt`) is checked against the content first:
    /// a saved email is read as mail, anything else as the name says.
    func reader(forFileNamed filename: String, bytes: [UInt8]) -> DocumentReader? {
        guard let ext = Self.fileExtension(filename) else { return .mail }
        guard let named = readers.first(where: { $0.extensions.contains(ext) }) else { return nil }
        guard named.nameSaysLittle else { return named }
        return readers.first { $0.recognizes?(bytes) == true } ?? named
    }

    /// The reader for an attachment named `filename` (nil when it has no name) with the media
    /// type `mediaType`; nil for a type not read as an attachment.
    ///
    /// The name's extension decides when there is one, known or not: mailers label most files
    /// `application/octet-stream`, and the sender's program chose the extension. The media type
    /// decides only for a name without one.
    func reader(forAttachmentNamed filename: String?, mediaType: String) -> DocumentReader? {
        let found = if let ext = filename.flatMap(Self.fileExtension) {
            readers.first { $0.extensions.contains(ext) }
        } else {
            readers.first { $0.mediaTypes.contains(mediaType.lowercased()) }
        }
        return found?.readAttachment == nil ? nil : found
    }

    /// "supported: .eml, .csv, …", for the issue of a file that is not read.
    var supportedList: String {
        "supported: " + readers.compactMap { $0.extensions.first.map { "." + $0 } }.joined(separator: ", ")
    }

    /// The lower-cased extension of the name's last path component, without the dot; nil when
    /// it has none.
    static func fileExtension(_ filename: String) -> String? {
        let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? filename
        guard let dot = last.lastIndex(of: ".") else { return nil }
        return last[last.index(after: dot)...].lowercased()
    }
}
