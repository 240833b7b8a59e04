import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Input built to hurt: each gives an issue or a bounded result, never a crash, a hang or a file.
@Suite struct HostileInputTests {
    func extract(_ bytes: [UInt8], name: String) -> OrderDocument {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: bytes, filename: name, fileLabel: name).document
    }

    @Test func aCSVWithAMillionRowsIsCutWithAnIssue() {
        // Short rows, so that the file stays under limits.max_item_bytes (12 MB) and the row cap is what stops it.
        var text = "sku,quantity\n"
        text.reserveCapacity(13_000_000)
        for index in 0..<1_000_000 { text += "PAP-A4-80,\(index % 9 + 1)\n" }
        let doc = extract(Array(text.utf8), name: "huge.csv")
        #expect(doc.issues.contains { $0.code == "too_many_rows" }, "\(doc.issues.map(\.code))")
        #expect(doc.lines.count <= 10_000)
        #expect(!doc.lines.isEmpty)
        // Longer rows make a file over the item limit: unreadable, with the limit named.
        let wide = Array((String(repeating: "x", count: 100) + ",PAP-A4-80,1\n").utf8)
        let big = Array("note,sku,quantity\n".utf8) + (0..<300_000).flatMap { _ in wide }
        let tooLarge = extract(big, name: "too-large.csv")
        #expect(tooLarge.kind == .unreadable)
        #expect(tooLarge.issues.first?.message.contains("limits.max_item_bytes") == true)
    }

    @Test func anHTMLTableNested500DeepIsReadWithoutCrashing() {
        let open = String(repeating: "<table><tr><td>", count: 500)
        let close = String(repeating: "</td></tr></table>", count: 500)
        let html = "<html><body>\(open)Please send 20 boxes of A4 paper\(close)</body></html>"
        let mail = """
            From: Orders <orders@kowloon-office.hk>\r
            To: desk@example.test\r
            Subject: Order\r
            Message-ID: <nested@kowloon-office.hk>\r
            MIME-Version: 1.0\r
            Content-Type: text/html; charset=utf-8\r
            \r
            \(html)\r

            """
        let doc = extract(Array(mail.utf8), name: "nested.eml")
        #expect(doc.kind != .unreadable)
        #expect(doc.source.messageId == "nested@kowloon-office.hk")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80"], "the text inside the innermost cell is still read")
        #expect(doc.lines.map(\.quantity) == ["20"])
    }

    @Test func anAttachmentNamedToClimbOutOfTheFolderIsOnlyAName() throws {
        let mail = """
            From: Orders <orders@kowloon-office.hk>\r
            To: desk@example.test\r
            Subject: Order\r
            Message-ID: <traversal@kowloon-office.hk>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            SKU PAP-A4-80 x 10\r
            --b\r
            Content-Type: application/octet-stream\r
            Content-Disposition: attachment; filename="../../etc/passwd"\r
            \r
            root:x:0:0\r
            --b--\r

            """
        // Where a careless writer would put it, relative to the working directory.
        let target = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../../etc/passwd").standardized.path
        let before = FileManager.default.contents(atPath: target)
        let doc = extract(Array(mail.utf8), name: "traversal.eml")
        let issue = try #require(doc.issues.first { $0.code == "unsupported_attachment" })
        #expect(issue.message.contains("attachment passwd"), "the name is shown without its path: \(issue.message)")
        #expect(!issue.message.contains("../"))
        #expect(FileManager.default.contents(atPath: target) == before, "nothing is written anywhere")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80"])
    }
}
