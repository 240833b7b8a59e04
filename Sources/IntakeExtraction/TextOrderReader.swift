import Foundation
import IntakeMIME
import IntakeModel

/// Reads a plain text file (an order typed or exported as text) into the builder; apart from the email reader
/// because a file has no headers, no quoted history and no attachments.
enum TextOrderReader {
    static func readTextFile(_ bytes: [UInt8], name: String, into builder: inout DocumentBuilder) -> Extraction {
        guard let text = Charset.decodeFirstFitting(bytes, fallbacks: builder.context.fallbackCharsets) else {
            return builder.unreadable(Issue(code: .decodeError, field: nil, message: "\(builder.document.source.file): the text file is neither UTF-8 nor \(builder.context.fallbackCharsets.joined(separator: "/")); the original is kept"))
        }
        let normalized = TextNormalizer.normalize(TextLine.unixLineEnds(text))
        builder.bodyText = normalized
        let textLines = TextLine.numbered(normalized, location: "text")
        builder.lines = LineItemParser(master: builder.context.master).parse(textLines)
        builder.auditLines = textLines
        OrderFieldReader.read(textLines, into: &builder)
        OrderReferenceFinder.find(into: &builder)
        let verdict = MessageClassifier().classify(message: nil, sender: nil, subject: "", body: normalized, hasLines: !builder.lines.isEmpty,
                                                   orderReference: builder.document.orderReference, threadKind: nil)
        builder.document.kind = verdict.kind
        builder.note("kind", "file", verdict.reason)
        return OrderFinisher.finish(&builder)
    }
}
