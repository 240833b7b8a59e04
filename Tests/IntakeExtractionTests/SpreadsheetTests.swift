import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Excel workbooks, as files and as attachments (fixtures: scripts/make-xlsx-fixtures.py).
@Suite struct SpreadsheetTests {
    func extract(_ bytes: [UInt8], name: String) -> OrderDocument {
        extraction(bytes, name: name).document
    }

    func extraction(_ bytes: [UInt8], name: String) -> Extraction {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: bytes, filename: name, fileLabel: name)
    }

    func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("Tests/IntakeExtractionTests/Fixtures/\(name)"))))
    }

    @Test(arguments: ["order-two-sheets.xlsx", "order-1904.xlsx"])
    func theOrderSheetIsFoundAndReadLikeAPersonSeesIt(_ name: String) throws {
        let result = extraction(try fixture(name), name: name)
        let doc = result.document
        #expect(doc.kind == .order, "\(doc.issues.map(\.message))")
        // Where each line came from, with the row number Excel shows (row 2 is empty and absent).
        #expect(result.origins.first { $0.field == "lines[2]" }?.location == "\(name) sheet Order row 5")
        // The lines are on the second sheet, under a title row; names are shared and rich text.
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(doc.lines.map(\.quantity) == ["40", "6"], "a stored 6.0000000000000009 reads as 6")
        #expect(doc.lines.map(\.unitPrice) == ["650", "2980"])
        #expect(doc.customer.email == "orders@kowloon-office.hk")
        #expect(doc.requestedDeliveryDate == "2026-12-10", "a date cell, in the \(name.contains("1904") ? "1904" : "1900") date system")
    }

    @Test func anAttachedWorkbookIsReadAndHostileOnesAreIssuesNotCrashes() throws {
        func mail(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
            let body = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            return TestMail.make(messageID: "xlsx-\(name)@kowloon-office.hk", contentType: "multipart/mixed; boundary=\"b\"", subject: "Purchase order", body: """
                --b
                Content-Type: text/plain; charset=utf-8

                Please find our order attached.
                --b
                Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="\(name)"
                Content-Disposition: attachment; filename="\(name)"
                Content-Transfer-Encoding: base64

                \(body)
                --b--

                """)
        }
        let attached = extract(mail("PO.xlsx", try fixture("order-two-sheets.xlsx")), name: "po.eml")
        #expect(attached.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"], "\(attached.issues.map(\.message))")

        let bomb = extract(mail("bomb.xlsx", try fixture("zip-bomb.xlsx")), name: "bomb.eml")
        #expect(bomb.issues.contains { $0.code == "too_large" && $0.message.contains("zip bomb") }, "\(bomb.issues.map(\.message))")
        let notZip = extract(mail("fake.xlsx", try fixture("not-a-zip.xlsx")), name: "fake.eml")
        #expect(notZip.issues.contains { $0.code == "decode_error" && $0.message.contains("not a ZIP") }, "\(notZip.issues.map(\.message))")

        // As files of their own: unreadable, with the reason.
        let bombFile = extract(try fixture("zip-bomb.xlsx"), name: "zip-bomb.xlsx")
        #expect(bombFile.kind == .unreadable)
        #expect(bombFile.issues.first?.code == "too_large")
        #expect(extract(try fixture("not-a-zip.xlsx"), name: "not-a-zip.xlsx").kind == .unreadable)
    }
}
