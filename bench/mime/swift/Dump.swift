import Foundation
import IntakeMIME

/// `intake-mime-bench --dump FILE…`: what IntakeMIME decodes from each file, as JSON Lines, for
/// the comparison with Python's email package (bench/mime/compare.py).
enum Dump {
    static func run(_ files: [String]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            var object: [String: AnyCodable] = ["file": .string((file as NSString).lastPathComponent)]
            guard let data = FileManager.default.contents(atPath: file), let message = try? MIMEParser().parse(Array(data)) else {
                object["error"] = .string("not parsed")
                print(String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self))
                continue
            }
            object["subject"] = message.subject.map(AnyCodable.string) ?? .null
            object["from"] = .strings(message.from.map(\.normalized))
            object["to"] = .strings(message.to.map(\.normalized))
            let texts = message.bodyParts().map { part -> String in
                let decoded = part.decodedText().text
                var text = part.contentType.subtype == "html" ? HTMLText.text(fromHTML: decoded) : decoded
                while let last = text.last, last == "\n" || last == " " { text.removeLast() }
                return text
            }
            object["text"] = texts.isEmpty ? .null : .string(texts.joined(separator: "\n"))
            object["attachments"] = .strings(message.attachments.map { "\($0.filename ?? "-"):\($0.decodedBody().bytes.count)" })
            print(String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self))
        }
    }

    enum AnyCodable: Encodable {
        case string(String), strings([String]), null
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .strings(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }
}
