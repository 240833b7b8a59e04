import Foundation
import IntakeMIME
import IntakeTestSupport
import Testing

/// RFC 5322 allows 998 octets on a line. Whatever hostile value reaches the builder (a 10 KB
/// Message-ID from a customer's mail, a name or subject without spaces), it folds, encodes or
/// leaves the value out; it never writes a longer line.
@Suite struct MessageBuilderLineLimitTests {
    static func builder(subject: String = "Order confirmation", name: String? = "Buyer") -> MessageBuilder {
        MessageBuilder(from: MailAddress(name: "Desk", address: "orders@desk.example"), to: [MailAddress(name: name, address: "buyer@customer.example")],
                       subject: subject, date: Date(timeIntervalSince1970: 1_795_137_160), utcOffsetSeconds: 28_800,
                       messageID: "20261120.SO-2026-00001.confirmation.k3j9x@desk.example", textBody: "Thank you.")
    }

    static func longestLine(_ bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").map(\.utf8.count).max() ?? 0
    }

    @Test func tenKilobyteInReplyToIsLeftOutAndTheOtherReferencesKept() throws {
        let huge = String(repeating: "a", count: 10_240) + "@customer.example"
        var builder = Self.builder()
        builder.inReplyTo = huge
        builder.references = ["first@customer.example", huge, "second@desk.example"]
        let bytes = try builder.build()
        #expect(Self.longestLine(bytes) <= 998)
        let message = try MIMEParser().parse(bytes)
        #expect(message.inReplyTo.isEmpty)
        #expect(message.references == ["first@customer.example", "second@desk.example"])
        #expect(message.messageID == "20261120.SO-2026-00001.confirmation.k3j9x@desk.example")
    }

    @Test func referenceThatJustFitsIsKeptAndOneOctetMoreIsDropped() throws {
        // "In-Reply-To: <" + id + ">" is 15 octets plus the id; "References: <" + id + ">" is 14.
        let fits = String(repeating: "b", count: 998 - 15 - 12) + "@example.com"
        let fitsReferences = "c" + fits
        let tooLongForReferences = "cc" + fits
        var builder = Self.builder()
        builder.inReplyTo = fits
        builder.references = [fitsReferences, tooLongForReferences]
        var bytes = try builder.build()
        #expect(Self.longestLine(bytes) == 998)
        var message = try MIMEParser().parse(bytes)
        #expect(message.inReplyTo == [fits])
        #expect(message.references == [fitsReferences])
        builder.inReplyTo = fitsReferences
        bytes = try builder.build()
        message = try MIMEParser().parse(bytes)
        #expect(message.inReplyTo.isEmpty)
        #expect(Self.longestLine(bytes) <= 998)
    }

    @Test func manyReferencesAreFoldedOneIDPerLine() throws {
        var builder = Self.builder()
        let ids = (0..<200).map { "reference-\($0)-\(String(repeating: "x", count: 40))@customer.example" }
        builder.references = ids
        builder.inReplyTo = ids.last
        let bytes = try builder.build()
        #expect(Self.longestLine(bytes) <= 998)
        #expect(try MIMEParser().parse(bytes).references == ids)
    }

    @Test(arguments: [
        String(repeating: "x", count: 5_000),
        String(repeating: "訂單", count: 2_000),
        "Re: " + String(repeating: "y", count: 1_200) + " and " + String(repeating: "z", count: 3_000),
    ])
    func subjectWithoutSpacesIsEncodedWithinTheLimit(_ subject: String) throws {
        let bytes = try Self.builder(subject: subject).build()
        #expect(Self.longestLine(bytes) <= 998)
        #expect(try MIMEParser().parse(bytes).subject == subject)
    }

    @Test(arguments: [
        String(repeating: "n", count: 3_000),
        "\"" + String(repeating: "q\\", count: 800) + "\"",
        String(repeating: "Chen Wei ", count: 400).trimmingCharacters(in: .whitespaces),
        String(repeating: "陳", count: 1_500),
    ])
    func longDisplayNameIsEncodedWithinTheLimit(_ name: String) throws {
        let bytes = try Self.builder(name: name).build()
        #expect(Self.longestLine(bytes) <= 998)
        let message = try MIMEParser().parse(bytes)
        #expect(message.to.first?.name == name)
        #expect(message.to.first?.address == "buyer@customer.example")
    }

    @Test func longExtraHeaderValueAndAttachmentNameStayWithinTheLimit() throws {
        var builder = Self.builder()
        let value = String(repeating: "v", count: 4_000)
        builder.extraHeaders = [("X-Order-Number", value)]
        let plainName = String(repeating: "f", count: 3_000) + ".csv"
        let wideName = String(repeating: "訂單", count: 600) + ".csv"
        builder.attachments = [.init(filename: plainName, contentType: "text/csv", bytes: Array("a,b\n".utf8)),
                               .init(filename: wideName, contentType: "text/csv", bytes: Array("c,d\n".utf8))]
        let bytes = try builder.build()
        #expect(Self.longestLine(bytes) <= 998)
        let message = try MIMEParser().parse(bytes)
        #expect(message.headers.text("X-Order-Number") == value)
        #expect(message.attachments.map(\.filename) == [plainName, wideName])
        #expect(message.attachments.first?.decodedBody().bytes == Array("a,b\n".utf8))
    }

    @Test func valuesThatCannotBeFoldedOrLeftOutAreRefused() throws {
        var longAddress = Self.builder()
        longAddress.to = [MailAddress(name: "Buyer", address: String(repeating: "a", count: 1_000) + "@customer.example")]
        #expect(throws: MIMEError.self) { try longAddress.build() }
        var longOwnID = Self.builder()
        longOwnID.messageID = String(repeating: "m", count: 1_000) + "@desk.example"
        #expect(throws: MIMEError.self) { try longOwnID.build() }
        var longHeaderName = Self.builder()
        longHeaderName.extraHeaders = [(String(repeating: "X", count: 1_000), "value")]
        #expect(throws: MIMEError.self) { try longHeaderName.build() }
    }

    @Test(arguments: 0..<4)
    func randomHostileValuesNeverMakeALongLine(_ seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) &* 104_729 &+ 3)
        let pieces = ["a", " ", "訂", "\"", "\\", "=?", "?=", "<", ">", "@", "(", ",", "📦", "  "]
        func hostile(_ maximum: Int) -> String {
            (0..<Int.random(in: 0...maximum, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "a" }.joined()
        }
        for _ in 0..<20 {
            var builder = Self.builder(subject: hostile(3_000), name: hostile(2_500))
            builder.inReplyTo = String(repeating: "i", count: Int.random(in: 1...3_000, using: &random)) + "@x.example"
            builder.references = (0..<5).map { _ in String(repeating: "r", count: Int.random(in: 1...2_000, using: &random)) + "@x.example" }
            builder.extraHeaders = [("X-Note", hostile(3_000))]
            let bytes = try builder.build()
            #expect(Self.longestLine(bytes) <= 998)
        }
    }
}
