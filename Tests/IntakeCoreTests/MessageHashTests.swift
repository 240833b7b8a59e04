import Foundation
@testable import IntakeCore
import Testing

/// The message hash names a message apart from how it travelled: trace fields and line ends do
/// not change it, anything the sender wrote does.
@Suite struct MessageHashTests {
    static let original = """
        From: Sarah Miller <purchasing@northwind.example>
        To: orders@mingcheng.example
        Subject: Purchase Order NW-88231
        Date: Tue, 24 Nov 2026 08:30:00 -0800
        Message-ID: <nw-88231@northwind.example>
        Content-Type: text/plain; charset=utf-8

        Please send 40 boxes of A4 paper.
        Ship to: 1200 Harbor Ave, Seattle

        Best regards,
        Sarah
        """

    func hash(_ text: String, crlf: Bool = false) -> String {
        MessageHash.of(Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8))
    }

    /// `original` with `fields` written above its header, as servers on the way add them.
    func traced(_ fields: [String], _ text: String = original) -> String {
        (fields + [text]).joined(separator: "\n")
    }

    @Test func traceFieldsDoNotChangeTheHash() {
        let plain = hash(Self.original)
        let copies = [
            traced(["Received: from mx1.example (mx1.example [192.0.2.10])\n\tby mx2.example with ESMTPS id 4A1B\n\tfor <orders@mingcheng.example>; Tue, 24 Nov 2026 16:30:05 +0000"]),
            traced(["Return-Path: <bounce-1@northwind.example>", "Delivered-To: orders@mingcheng.example", "X-Original-To: orders@mingcheng.example",
                    "Received: from a by b; Tue, 24 Nov 2026 16:31:00 +0000", "Received: from c by d; Tue, 24 Nov 2026 16:30:59 +0000"]),
            traced(["DKIM-Signature: v=1; a=rsa-sha256; d=forwarder.example; s=s1;\n b=AbCdEf==", "ARC-Seal: i=1; a=rsa-sha256; cv=none",
                    "ARC-Message-Signature: i=1; a=rsa-sha256", "ARC-Authentication-Results: i=1; mx.example; spf=pass",
                    "Authentication-Results: mx.example; dkim=pass", "Received-SPF: pass (mx.example: domain of northwind.example)",
                    "X-Spam-Status: No, score=-0.1", "X-Spam-Flag: NO", "X-Virus-Scanned: amavisd", "Envelope-To: orders@mingcheng.example",
                    "X-Envelope-From: <bounce@northwind.example>", "X-Received: by 2002:a05 with SMTP id x"]),
            // Field names in any case, a blank before the colon, an mbox separator and store fields.
            "From bounce@northwind.example Tue Nov 24 16:30:05 2026\n" + traced(["RECEIVED : from x by y", "delivered-to: o@m.example", "Status: RO", "X-UID: 7"]),
            // Trace fields between the sender's fields, as some servers insert them.
            Self.original.replacingOccurrences(of: "Subject:", with: "Received: from z by w\nX-Spam-Score: 1.2\nSubject:"),
        ]
        for copy in copies {
            #expect(hash(copy) == plain, "\(copy.prefix(60))")
            #expect(hash(copy, crlf: true) == plain, "CRLF: \(copy.prefix(60))")
        }
    }

    @Test func lineEndsFoldingAndTheFinalLineBreakDoNotChangeTheHash() {
        let plain = hash(Self.original)
        #expect(hash(Self.original, crlf: true) == plain)
        #expect(hash(Self.original + "\n") == plain)
        #expect(hash(Self.original + "\r\n\r\n", crlf: true) == plain)
        // Folded another way: the same field once unfolded.
        #expect(hash(Self.original.replacingOccurrences(of: "Subject: Purchase Order", with: "Subject: Purchase\n\tOrder")) == plain)
        #expect(hash(Self.original.replacingOccurrences(of: "Subject: Purchase Order", with: "Subject: Purchase\n  Order"), crlf: true) == plain)
    }

    @Test(arguments: [
        ("Subject: Purchase Order NW-88231", "Subject: Purchase Order NW-88232"),
        ("From: Sarah Miller", "From: Sara Miller"),
        ("Date: Tue, 24 Nov 2026 08:30:00", "Date: Tue, 24 Nov 2026 08:31:00"),
        ("To: orders@mingcheng.example", "To: sales@mingcheng.example"),
        ("Content-Type: text/plain; charset=utf-8", "Content-Type: text/plain; charset=big5"),
        ("40 boxes", "41 boxes"),
        ("Best regards,", "Best regards"),
        ("Ship to: 1200", "Ship to:  1200"),
        ("\n\nPlease", "\nX-Mailer: Thunderbird\n\nPlease"),
        ("\nSarah", "\nSarah\n\nP.S. 10 more"),
    ])
    func anythingTheSenderWroteChangesTheHash(_ change: (String, String)) {
        let changed = Self.original.replacingOccurrences(of: change.0, with: change.1)
        #expect(changed != Self.original, "the change must apply: \(change.0)")
        #expect(hash(changed) != hash(Self.original), "\(change.1)")
        #expect(hash(traced(["Received: from a by b"], changed), crlf: true) != hash(Self.original), "\(change.1) with a trace")
    }

    @Test func aTraceFieldInTheBodyIsPartOfTheBody() {
        let withLine = Self.original + "\nReceived: yes, thank you"
        #expect(hash(withLine) != hash(Self.original))
    }

    @Test func aMessageWithoutABodyOrWithoutAnEmptyLineIsHashed() {
        let header = "Message-ID: <a@b>\nSubject: x"
        #expect(hash(header) == hash(header + "\n\n"))
        #expect(hash(header) == hash("Received: from a by b\n" + header + "\n", crlf: true))
        #expect(hash(header) != hash(header + "\n\nbody"))
        #expect(MessageHash.of([]).count == 64)
    }
}
