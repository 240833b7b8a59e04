import Foundation
import IntakeMIME
import Testing

@Suite struct MIMEParserTests {
    func parse(_ text: String) throws -> MIMEMessage {
        try MIMEParser().parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    @Test func readsMultipartAlternativeAndPrefersPlainText() throws {
        let message = try parse("""
            From: a@b.example
            Subject: hi
            Content-Type: multipart/alternative; boundary="XX"

            preamble
            --XX
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Qty: 10 =E7=AE=B1
            --XX
            Content-Type: text/html; charset=utf-8

            <p>Qty: 10</p>
            --XX--
            epilogue
            """)
        let body = message.bodyParts()
        #expect(body.count == 1)
        #expect(body[0].decodedText().text == "Qty: 10 箱")
        #expect(message.allDefects.isEmpty)
    }

    @Test func toleratesMissingFinalBoundaryAndHeaderLinesWithoutColon() throws {
        let message = try parse("""
            From: a@b.example
            this line has no colon
            Subject: still read
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: text/plain

            first
            --b1
            Content-Type: text/csv; name="order.csv"
            Content-Disposition: attachment; filename*=UTF-8''%E8%A8%82%E5%96%AE.csv

            sku,quantity
            """)
        #expect(message.subject == "still read")
        #expect(message.root.children.count == 2)
        #expect(message.attachments.first?.filename == "訂單.csv")
        let codes = Set(message.allDefects.map(\.code))
        #expect(codes.contains(.headerWithoutColon))
        #expect(codes.contains(.missingFinalBoundary))
    }

    @Test func parsesForwardedMessageAsMessage() throws {
        let message = try parse("""
            From: assistant@desk.example
            Subject: Fwd: order
            Content-Type: multipart/mixed; boundary=o

            --o
            Content-Type: text/plain

            see below
            --o
            Content-Type: message/rfc822

            From: Buyer <buyer@customer.example>
            Subject: order

            Qty: 5
            --o--
            """)
        let embedded = try #require(message.root.children.last?.children.first)
        #expect(MIMEMessage(root: embedded).from.first?.normalized == "buyer@customer.example")
        #expect(message.bodyParts().count == 2)
    }

    @Test func stopsAtTheDepthLimitWithADefect() throws {
        var text = "From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 0..<30 {
            text += "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n"
        }
        let message = try MIMEParser(limits: MIMELimits(maxDepth: 5)).parse(Array(text.utf8))
        #expect(message.allDefects.contains { $0.code == .depthLimit })
    }

    @Test func refusesBinaryAndEmptyInput() {
        #expect(throws: MIMEError.self) { try MIMEParser().parse([]) }
        #expect(throws: MIMEError.self) { try MIMEParser().parse([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]) }
        #expect(throws: MIMEError.self) { try MIMEParser().parse(Array("just some text\nwithout headers".utf8)) }
    }

    @Test func refusesMessagesOverTheSizeLimit() {
        do {
            _ = try MIMEParser(limits: MIMELimits(maxMessageBytes: 10)).parse(Array("From: a@b.example\r\n\r\nhello world".utf8))
            Testing.Issue.record("no error")
        } catch {
            #expect(error.code == .messageTooLarge)
            #expect(error.message.contains("max_message_bytes") || error.message.contains("limit"))
        }
    }

    @Test func decodesWrongCharsetLabelWithADefect() throws {
        // Big5 bytes for 數量 labelled utf-8.
        var bytes = Array("From: a@b.example\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".utf8)
        bytes += [0xBC, 0xC6, 0xB6, 0x71]
        let message = try MIMEParser().parse(bytes)
        let decoded = try #require(message.bodyParts().first).decodedText(fallbackCharsets: ["BIG5"])
        #expect(decoded.text == "數量")
        #expect(decoded.defects.contains { $0.code == .charsetMismatch })
        #expect(!decoded.lossy)
    }

    @Test func lenientBase64RecordsGarbage() {
        let result = TransferEncoding.decodeBase64(Array("5Lit5paH!!\n\n".utf8))
        #expect(String(decoding: result.bytes, as: UTF8.self) == "中文")
        #expect(result.defect)
    }

    @Test func htmlTablesBecomeRows() {
        let text = HTMLText.text(fromHTML: "<style>p{}</style><table><tr><th>品名</th><th>數量</th></tr><tr><td>A4&nbsp;紙</td><td>10</td></tr></table><script>x()</script>")
        #expect(text == "品名 | 數量\nA4 紙 | 10")
    }
}

@Suite struct MessageBuilderTests {
    func builder() -> MessageBuilder {
        MessageBuilder(from: MailAddress(name: "Desk", address: "orders@desk.example"), to: [MailAddress(name: "陳偉", address: "chen@hy.example")],
                       subject: "訂單確認 SO-2026-00001", date: Date(timeIntervalSince1970: 1_795_137_160), utcOffsetSeconds: 28800,
                       messageID: "20261120.SO-2026-00001@desk.example", textBody: "明細\n1. A4影印紙 10 箱", htmlBody: "<p>明細</p>")
    }

    @Test func roundTripsThroughTheParser() throws {
        var b = builder()
        b.inReplyTo = "orig@customer.example"
        b.references = ["orig@customer.example"]
        let message = try MIMEParser().parse(try b.build())
        #expect(message.subject == "訂單確認 SO-2026-00001")
        #expect(message.to.first?.name == "陳偉")
        #expect(message.messageID == "20261120.SO-2026-00001@desk.example")
        #expect(message.inReplyTo == ["orig@customer.example"])
        #expect(message.root.contentType.value == "multipart/alternative")
        #expect(message.bodyParts().first?.decodedText().text == "明細\n1. A4影印紙 10 箱")
    }

    @Test(arguments: ["Hello\r\nBcc: victim@example.com", "Hello\nX-Injected: 1", "Hello\rX: 1"])
    func refusesHeaderInjectionInTheSubject(_ subject: String) {
        var b = builder()
        b.subject = subject
        #expect(throws: MIMEError.self) { try b.build() }
    }

    @Test func refusesInjectionThroughADisplayName() {
        var b = builder()
        b.to = [MailAddress(name: "Eve\r\nBcc: x@evil.example", address: "eve@example.com")]
        #expect(throws: MIMEError.self) { try b.build() }
    }

    @Test func linesStayWithin998Octets() throws {
        var b = builder()
        b.textBody = String(repeating: "x", count: 5000) + "\n" + String(repeating: "中", count: 3000)
        b.htmlBody = nil
        let text = String(decoding: try b.build(), as: UTF8.self)
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(try MIMEParser().parse(try b.build()).bodyParts().first?.decodedText().text == b.textBody)
    }
}

@Suite struct CharsetDetectionTests {
    func body(_ bytes: [UInt8], header: String = "Content-Type: text/plain") throws -> DecodedText {
        let message = try MIMEParser().parse(Array("From: a@b.example\r\n\(header)\r\n\r\n".utf8) + bytes)
        return try #require(message.bodyParts().first).decodedText(fallbackCharsets: ["BIG5", "GB18030"])
    }

    /// "请按下表发货，谢谢。收货地址：上海市" in GBK: it also decodes as Big5, into nonsense.
    @Test func gbkWithoutACharsetIsReadAsGBKEvenWhenBig5IsTriedFirst() throws {
        let text = "请按下表发货，谢谢。收货地址：上海市浦东新区世纪大道88号"
        let bytes = try #require(Charset.encodeForTests(text, charset: "GB18030"))
        let decoded = try body(bytes)
        #expect(decoded.text == text)
        #expect(decoded.charset == "GB18030")
        #expect(decoded.defects.contains { $0.code == .charsetMismatch && $0.detail.contains("no charset declared") })
    }

    @Test func big5WithoutACharsetIsReadAsBig5() throws {
        let text = "我們要訂購以下文具，請協助安排出貨。收貨地址：台北市信義區松仁路100號"
        let bytes = try #require(Charset.encodeForTests(text, charset: "BIG5"))
        #expect(try body(bytes).text == text)
    }

    @Test func big5LabelledUTF8IsDetected() throws {
        let text = "數量：10箱，單價：650"
        let bytes = try #require(Charset.encodeForTests(text, charset: "BIG5"))
        let decoded = try body(bytes, header: "Content-Type: text/plain; charset=utf-8")
        #expect(decoded.text == text)
        #expect(decoded.charset == "BIG5")
    }
}

@Suite struct EightBitHeaderTests {
    @Test func rawHeaderBytesUseTheMessagesCharset() throws {
        // Subject in raw Shift_JIS bytes; the body declares shift_jis. UTF-8 fails; the message's
        // charset is tried before the CJK fallbacks.
        let subject = try #require(Charset.encodeForTests("注文書", charset: "CP932"))
        let body = try #require(Charset.encodeForTests("注文します", charset: "CP932"))
        let bytes = Array("From: a@b.example\r\nSubject: ".utf8) + subject + Array("\r\nContent-Type: text/plain; charset=shift_jis\r\n\r\n".utf8) + body
        let message = try MIMEParser().parse(bytes)
        #expect(message.subject == "注文書")
        #expect(message.bodyParts().first?.decodedText().text == "注文します")
    }
}
