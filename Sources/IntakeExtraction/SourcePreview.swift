import Foundation
import IntakeMIME

/// A readable view of an item's original for the review queue: the main headers and the text
/// an assistant would read, whatever its charset or encoding.
public enum SourcePreview {
    public static func text(bytes: [UInt8], filename: String, fallbackCharsets: [String] = ["BIG5", "GB18030"], maxLines: Int = 60) -> String {
        var output: [String] = []
        if DocumentReaderRegistry.standard.reader(forFileNamed: filename, bytes: bytes)?.name == DocumentReader.mail.name, let message = try? MIMEParser().parse(bytes) {
            for name in ["From", "To", "Date", "Subject"] {
                if let value = message.headers.text(name) { output.append("\(name): \(value)") }
            }
            output.append("")
            for part in message.bodyParts() {
                let decoded = part.decodedText(fallbackCharsets: fallbackCharsets)
                output.append(part.contentType.subtype == "html" ? HTMLText.text(fromHTML: decoded.text) : decoded.text)
            }
            for attachment in message.attachments {
                output.append("[attachment: \(attachment.filename ?? "unnamed") (\(attachment.contentType.value), \(attachment.rawBody.count) bytes encoded)]")
            }
        } else if let text = Charset.decodeFirstFitting(bytes, fallbacks: fallbackCharsets) {
            output.append(text)
        } else {
            output.append("[\(bytes.count) bytes that are not text in UTF-8 or \(fallbackCharsets.joined(separator: "/"))]")
        }
        let lines = output.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.prefix(maxLines).map { String($0.unicodeScalars.filter { $0.value >= 32 || $0 == "\t" }.map(Character.init)) }
        return shown.joined(separator: "\n") + (lines.count > maxLines ? "\n[… \(lines.count - maxLines) more lines]" : "")
    }
}
