import Foundation
import IntakeMIME
import Testing

/// The MIME corpus (`scripts/make-mime-corpus.py`): every case's expected values were written
/// from what the case means; the parser must decode exactly those.
@Suite struct CorpusTests {
    struct Expected: Decodable, Sendable, CustomTestStringConvertible {
        struct Attachment: Decodable, Sendable { var filename: String?; var size: Int }
        var file: String
        var subject: String?
        var from: [String]
        var to: [String]
        var text: String?
        var attachments: [Attachment]
        var defects: [String]
        var date: String?
        var messageId: String?
        var note: String
        var testDescription: String { file }
    }

    static let folder = Bundle.module.url(forResource: "Corpus", withExtension: nil)
    static let cases: [Expected] = {
        guard let folder, let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")) else { return [] }
        return (try? JSONDecoder().decode([Expected].self, from: data)) ?? []
    }()

    @Test func corpusIsPresent() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func decodesAsExpected(_ expected: Expected) throws {
        let url = try #require(Self.folder).appendingPathComponent(expected.file)
        let message = try MIMEParser(limits: MIMELimits(maxDepth: 20)).parse(Array(try Data(contentsOf: url)))
        #expect(message.subject == expected.subject, "subject")
        #expect(message.from.map(\.normalized) == expected.from, "from")
        #expect(message.to.map(\.normalized) == expected.to, "to")
        var defects = Set(message.allDefects.map(\.code.rawValue))
        var texts: [String] = []
        for part in message.bodyParts() {
            let decoded = part.decodedText()
            defects.formUnion(decoded.defects.map(\.code.rawValue))
            let text = part.contentType.subtype == "html" ? HTMLText.text(fromHTML: decoded.text) : decoded.text
            texts.append(text.trimmedForComparison)
        }
        #expect((texts.isEmpty ? nil : texts.joined(separator: "\n")) == expected.text, "text")
        let attachments = message.attachments.map { part -> (String?, Int) in
            let decoded = part.decodedBody()
            defects.formUnion(decoded.defects.map(\.code.rawValue))
            return (part.filename, decoded.bytes.count)
        }
        #expect(attachments.map(\.0) == expected.attachments.map(\.filename), "attachment names")
        #expect(attachments.map(\.1) == expected.attachments.map(\.size), "attachment sizes")
        for code in expected.defects {
            #expect(defects.contains(code), "defect \(code) not recorded; recorded: \(defects.sorted())")
        }
        if let date = expected.date {
            let formatter = ISO8601DateFormatter()
            #expect(message.date.map { formatter.string(from: $0.date) } == date, "date")
        }
        if let id = expected.messageId {
            #expect(message.messageID == id, "message id")
        }
    }
}

extension String {
    var trimmedForComparison: String {
        var text = self
        while let last = text.last, last == "\n" || last == " " || last == "\r" { text.removeLast() }
        return text
    }
}
