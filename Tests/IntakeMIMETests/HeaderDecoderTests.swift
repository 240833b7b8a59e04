import Foundation
@testable import IntakeMIME
import Testing

@Suite struct HeaderDecoderTests {
    func decode(_ text: String, fallback: String? = nil) -> String {
        var defects: [MIMEDefect] = []
        return EncodedWords.decode(Array(text.utf8), fallbackCharset: fallback, defects: &defects)
    }

    /// "訂購單" in Big5 is AD 71 C1 CA B3 E6; split after the first byte of 購 across two words.
    @Test func decodesBig5SubjectSplitAcrossEncodedWords() {
        let first = TransferEncoding.encodeBase64([0xAD, 0x71, 0xC1], lineLength: 0)
        let second = TransferEncoding.encodeBase64([0xCA, 0xB3, 0xE6], lineLength: 0)
        #expect(decode("=?big5?B?\(first)?= \r\n =?big5?B?\(second)?=") == "訂購單")
    }

    @Test func decodesQEncodingWithUnderscores() {
        #expect(decode("=?utf-8?Q?Order_confirmation_=E2=80=93_SO?=") == "Order confirmation – SO")
    }

    @Test func keepsSpaceBetweenEncodedWordAndText() {
        #expect(decode("Re: =?UTF-8?B?6KiC5Zau?= SO-2026-00001") == "Re: 訂單 SO-2026-00001")
    }

    @Test func decodesGB2312LabelAsGB18030() {
        // "–" (en dash) is A8 43 in GBK but not in GB2312: mailers write it under the gb2312 label.
        let bytes: [UInt8] = [0xB2, 0xC9, 0xB9, 0xBA, 0x20, 0xA8, 0x43]
        #expect(decode("=?gb2312?B?\(TransferEncoding.encodeBase64(bytes, lineLength: 0))?=") == "采购 –")
    }

    @Test func rawEightBitHeaderFallsBackToTheCharset() {
        var defects: [MIMEDefect] = []
        let big5: [UInt8] = [0xAD, 0x71, 0xC1, 0xCA]  // 訂購
        #expect(EncodedWords.decode(big5, fallbackCharset: "big5", defects: &defects) == "訂購")
        #expect(defects.contains { $0.code == .eightBitHeader })
    }

    @Test func encodesNonASCIIAndRoundTrips() {
        for text in ["訂單確認 SO-2026-00001（貴司單號 HY-PO-20261120）", "Plain ASCII subject", "emoji 📦 and 中文", String(repeating: "長", count: 80)] {
            let encoded = EncodedWords.encode(text)
            #expect(!encoded.contains(where: { $0.unicodeScalars.contains { $0.value > 127 } }))
            #expect(decode(encoded) == text)
        }
    }
}

@Suite struct AddressParserTests {
    @Test func parsesNamesQuotedEncodedAndWithCommas() {
        let list = AddressParser.parseList(Array("\"Miller, Sarah\" <Sarah@Northwind.example>, =?UTF-8?B?6Zmz5YGJ?= <chen@hy.example>, bare@x.example (Comment Name), broken-entry, Team: a@t.example, b@t.example;".utf8))
        #expect(list.map(\.normalized) == ["sarah@northwind.example", "chen@hy.example", "bare@x.example", "a@t.example", "b@t.example"])
        #expect(list[0].name == "Miller, Sarah")
        #expect(list[1].name == "陳偉")
        #expect(list[2].name == "Comment Name")
    }
}

/// Address lists split by bytes, against splitting scalar by scalar as before.
@Suite struct AddressSplitTests {
    static func reference(_ text: String) -> [String] {
        var entries: [String] = []
        var current = String.UnicodeScalarView()
        var currentHasAt = false, inQuotes = false, escaped = false
        var angle = 0, comment = 0
        for scalar in text.unicodeScalars {
            if escaped { current.append(scalar); escaped = false; continue }
            switch scalar {
            case "\\" where inQuotes || comment > 0: escaped = true; current.append(scalar)
            case "\"" where comment == 0: inQuotes.toggle(); current.append(scalar)
            case "(" where !inQuotes: comment += 1; current.append(scalar)
            case ")" where !inQuotes && comment > 0: comment -= 1; current.append(scalar)
            case "<" where !inQuotes && comment == 0: angle += 1; current.append(scalar)
            case ">" where !inQuotes && comment == 0: angle = max(0, angle - 1); current.append(scalar)
            case "," where !inQuotes && angle == 0 && comment == 0, ";" where !inQuotes && angle == 0 && comment == 0:
                entries.append(String(current)); current = String.UnicodeScalarView(); currentHasAt = false
            case ":" where !inQuotes && angle == 0 && comment == 0 && !currentHasAt:
                current = String.UnicodeScalarView()
            default:
                if scalar == "@" { currentHasAt = true }
                current.append(scalar)
            }
        }
        entries.append(String(current))
        return entries.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
    }

    @Test func entriesAreThoseOfTheScalarWalk() {
        var texts = ["\"Miller, Sarah\" <Sarah@Northwind.example>, =?UTF-8?B?6Zmz5YGJ?= <chen@hy.example>, bare@x.example (Comment Name), broken-entry, Team: a@t.example, b@t.example;",
                     "王小明 <wang@hy.example>", "\"a\\\"b, c\" <x@y>", "(a\\) b, c) d@e", "a@b:c, d", ",\u{0301}x@y, z@w", "\"陳,偉\" <c@d>; e@f", "", ",,;", "<a,b@c>, d@e"]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "@", "b.example", ",", ";", ":", "\"", "\\", "(", ")", "<", ">", " ", "王", "\u{0301}", "é"]
        texts += (0..<3000).map { _ in (0..<Int.random(in: 1...14, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() }
        for text in texts {
            #expect(AddressParser.splitEntries(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}

@Suite struct MessageIDListTests {
    @Test func asciiIdsAreThoseOfTheCharacterWalk() {
        var texts = ["<a@b>", "<a@b> <c@d>", "<>", "<<a@b>>", "x<a\r\n@b>", "a@b, c@d", "<a@b", "a@b>", "", "<a@b>\r\n <c@d>"]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["<", ">", "a", "@", "b.example", " ", ",", "\r\n", "\t"]
        texts += (0..<3000).map { _ in (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() }
        for text in texts {
            #expect(MessageIDList.bracketed(ascii: text) == MessageIDList.bracketed(characters: text), "\(text.debugDescription)")
        }
        #expect(MessageIDList.parse("<x@y> <z@w>") == ["x@y", "z@w"])
    }
}

@Suite struct MediaTypePiecesTests {
    @Test func typeAndSubtypeAreThoseOfTheSplit() {
        var values = ["text/plain", "multipart/mixed", "text/", "/plain", "//plain", "a//b", "", "/", "//", "text", "message/rfc822", "a/b/c", "tëxt/plain", "a\u{0301}/b"]
        var generator = SystemRandomNumberGenerator()
        values += (0..<2000).map { _ in String((0..<Int.random(in: 0...6, using: &generator)).map { _ in ["a", "/", "b", "é"].randomElement(using: &generator) ?? "" }.joined()) }
        for value in values {
            let parts = value.split(separator: "/", maxSplits: 1)
            let parameters = HeaderParameters(value: value)
            #expect(parameters.type == String(parts.first ?? ""), "\(value.debugDescription)")
            #expect(parameters.subtype == (parts.count > 1 ? String(parts[1]) : ""), "\(value.debugDescription)")
        }
    }
}

@Suite struct MailDateTests {
    @Test func keepsTheSendersOffset() throws {
        let date = try #require(MailDate.parse("Fri, 20 Nov 2026 09:12:40 +0800"))
        #expect(date.utcOffsetSeconds == 8 * 3600)
        #expect(date.date.timeIntervalSince1970 == 1_795_137_160)
    }

    @Test(arguments: ["20 Nov 2026 09:12:40 +0800", "Fri, 20 Nov 2026 09:12 +0800", "Fri, 20 Nov 26 09:12:40 +0800 (CST)", "Fri, 20-Nov-2026 09:12:40 +0800"])
    func acceptsMalformedForms(_ text: String) throws {
        let date = try #require(MailDate.parse(text))
        #expect(date.utcOffsetSeconds == 8 * 3600)
    }

    /// The byte reading of the usual form gives what the token reading gives, and leaves the rest to it.
    @Test func strictFormReadsAsTheGeneralReadingDoes() {
        var texts = ["Fri, 20 Nov 2026 09:12:40 +0800", "Fri, 20 Nov 2026 09:12:40 +0800 (CST)", "20 Nov 2026 09:12 -0530", "Mon, 1 Jan 2024 00:00:60 +0000",
                     "Sat, 31 Feb 2026 10:00:00 +0800", "Sat, 32 Dec 2026 10:00:00 +0800", "Sat, 0 Dec 2026 10:00:00 +0800", "Sat, 12 Dec 0999 10:00:00 +0800",
                     "Sat, 12 Dec 2026 24:00:00 +0800", "Sat, 12 Dec 2026 23:60:00 +0800", "Sat, 12 Dec 2026 9:05:00 +0800", "Sat, 12 DEC 2026 09:05:00 +0800",
                     "sat, 12 dec 2026 09:05:00 +0800  ", "Sat, 12 Dec 2026 09:05:00 +0800 trailing", "Sat,12 Dec 2026 09:05:00 +0800", "Sat, 12 Dez 2026 09:05:00 +0800",
                     "Sat, 12 Dec 2026 09:05:00 GMT", "Sat, 12 Dec 26 09:05:00 +0800", "Sat, 12 Dec 2026 09:05:00 +08", "12-Dec-2026 09:05:00 +0800", "", "Sat, "]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["Sat, ", "1", "12", "31", " ", "Dec", "may", "2026", "26", "09", ":", "5", "00", "+0800", "-0130", " (UTC)", "x", ",", "-"]
        texts += (0..<3000).map { _ in (0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() }
        var strict = 0
        for text in texts {
            guard let fast = MailDate.strict(text) else { continue }
            #expect(fast == MailDate.general(text), "\(text.debugDescription)")
            strict += 1
        }
        #expect(strict >= 6)
        #expect(MailDate.strict("Sat, 12 Dec 2026 09:05:00 GMT") == nil)
    }

    @Test func formatsRFC5322() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_795_137_160), utcOffsetSeconds: 8 * 3600) == "Fri, 20 Nov 2026 09:12:40 +0800")
    }
}
