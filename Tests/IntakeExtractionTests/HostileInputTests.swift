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
        let mail = TestMail.make(messageID: "nested@kowloon-office.hk", contentType: "text/html; charset=utf-8", body: html)
        let doc = extract(mail, name: "nested.eml")
        #expect(doc.kind != .unreadable)
        #expect(doc.source.messageId == "nested@kowloon-office.hk")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80"], "the text inside the innermost cell is still read")
        #expect(doc.lines.map(\.quantity) == ["20"])
    }

    @Test func anAttachmentNamedToClimbOutOfTheFolderIsOnlyAName() throws {
        let mail = TestMail.make(messageID: "traversal@kowloon-office.hk", contentType: "multipart/mixed; boundary=\"b\"", body: """
            --b
            Content-Type: text/plain; charset=utf-8

            SKU PAP-A4-80 x 10
            --b
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="../../etc/passwd"

            root:x:0:0
            --b--

            """)
        // Where a careless writer would put it, relative to the working directory.
        let target = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../../etc/passwd").standardized.path
        let before = FileManager.default.contents(atPath: target)
        let doc = extract(mail, name: "traversal.eml")
        let issue = try #require(doc.issues.first { $0.code == "unsupported_attachment" })
        #expect(issue.message.contains("attachment passwd"), "the name is shown without its path: \(issue.message)")
        #expect(!issue.message.contains("../"))
        #expect(FileManager.default.contents(atPath: target) == before, "nothing is written anywhere")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80"])
    }
}
