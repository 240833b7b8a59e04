import Foundation
import IntakeMIME
import IntakeTestSupport
import Testing

/// What the builder writes, the parser reads back to the same values: random Unicode (ASCII,
/// CJK, emoji, quotes, backslashes, encoded-word lookalikes), deterministic per seed.
@Suite struct RoundTripTests {
    static let alphabet: [String] = Array("abcXYZ019 ,.;:<>\"'\\()[]@=?_-~/".map(String.init))
        + ["訂", "單", "數", "量", "貨", "订", "单", "货", "箱", "，", "。", "：", "📦", "👍🏽", "é", "ß", "=?", "?=", "  "]

    static func text(_ random: inout SeededGenerator, length: ClosedRange<Int>) -> String {
        let count = Int.random(in: length, using: &random)
        return (0..<count).map { _ in alphabet.randomElement(using: &random) ?? "a" }.joined()
    }

    @Test(arguments: 0..<8)
    func builderOutputParsesBackToTheSameValues(_ batch: Int) throws {
        var random = SeededGenerator(seed: UInt64(batch) &* 7919 &+ 1)
        for _ in 0..<25 {
            let subject = Self.text(&random, length: 0...120).trimmingCharacters(in: .whitespaces)
            let name = Self.text(&random, length: 1...30).trimmingCharacters(in: .whitespaces)
            var lines: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) { lines.append(Self.text(&random, length: 0...200)) }
            let body = lines.joined(separator: "\n")
            let filename = Self.text(&random, length: 1...40).replacingOccurrences(of: "/", with: "_").trimmingCharacters(in: .whitespaces) + ".csv"
            let payload = (0..<Int.random(in: 0...3000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var builder = MessageBuilder(from: MailAddress(name: "Desk", address: "orders@desk.example"),
                                         to: [MailAddress(name: name.isEmpty ? nil : name, address: "buyer@customer.example")],
                                         subject: subject, date: Date(timeIntervalSince1970: 1_795_137_160), utcOffsetSeconds: 28_800,
                                         messageID: "rt.\(batch).\(Int.random(in: 0...1_000_000, using: &random))@desk.example",
                                         textBody: body, htmlBody: Bool.random(using: &random) ? "<p>html</p>" : nil)
            builder.attachments = [.init(filename: filename, contentType: "text/csv", bytes: payload)]
            let bytes = try builder.build()
            let wire = String(decoding: bytes, as: UTF8.self)
            #expect(wire.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
            #expect(!wire.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in output")
            let message = try MIMEParser().parse(bytes)
            #expect(message.subject == subject)
            #expect(message.to.first?.name == (name.isEmpty ? nil : name))
            #expect(message.to.first?.address == "buyer@customer.example")
            #expect(message.bodyParts().first?.decodedText().text == body)
            let attachment = try #require(message.attachments.first)
            #expect(attachment.filename == filename)
            #expect(attachment.decodedBody().bytes == payload)
            #expect(message.allDefects.isEmpty, "\(message.allDefects)")
        }
    }

    @Test func longASCIISubjectIsFoldedUnder78Columns() throws {
        let subject = (0..<30).map { "word\($0)" }.joined(separator: " ")
        let builder = MessageBuilder(from: MailAddress(address: "a@desk.example"), to: [MailAddress(address: "b@c.example")], subject: subject,
                                     date: Date(), utcOffsetSeconds: 0, messageID: "x@desk.example", textBody: "hi")
        let bytes = try builder.build()
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.prefix { !$0.isEmpty }.allSatisfy { $0.utf8.count <= 78 })
        #expect(try MIMEParser().parse(bytes).subject == subject)
    }
}
