import Foundation
@testable import IntakeCore
import Testing

/// The Message-ID sniffed before a full parse (for the dedupe check), and its trim, which must
/// remove what Foundation's `.whitespacesAndNewlines` removes.
@Suite struct MessageIDSnifferTests {
    @Test(arguments: ["", " ", " <a@b>\r", "\t<a@b> \u{00A0}", "\u{2028}x\u{2029}", "\u{3000}<中@b>\u{0085}", " \u{0301}x ", "\u{000B}\u{000C}y\r\n", "a b", "\u{200B}z\u{200B}",
                      "\u{1680}q\u{202F}", "\u{FEFF}w"])
    func trimRemovesWhatFoundationRemoves(_ text: String) {
        #expect(Array(MessageIDSniffer.trimmed(text).utf8) == Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
    }

    @Test func everyScalarIsTrimmedAsFoundationTrimsIt() {
        let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + (0xFE00...0xFFFF).compactMap(Unicode.Scalar.init)
        var trimmedAway = 0
        for scalar in scalars {
            let text = String(scalar) + "x" + String(scalar)
            let expected = text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Array(MessageIDSniffer.trimmed(text).utf8) == Array(expected.utf8), "U+\(String(scalar.value, radix: 16))")
            if expected == "x" { trimmedAway += 1 }
        }
        #expect(trimmedAway >= 20)
    }

    @Test func findsTheMessageIDInTheHeaderBlockOnly() {
        func sniff(_ text: String) -> String? { MessageIDSniffer.messageID(in: Array(text.utf8)) }
        #expect(sniff("From: a@b\r\nMessage-ID: <x1@b.example>\r\n\r\nbody") == "x1@b.example")
        #expect(sniff("message-id:\r\n <folded@b>\r\n\r\n") == "folded@b")
        #expect(sniff("Message-Id:  bare-id \r\n\r\n") == "bare-id")
        #expect(sniff("Subject: x\r\n\r\nMessage-ID: <in-body@b>\r\n") == nil)
        #expect(sniff("Message-ID:   \r\n\r\n") == nil)
    }
}
