import Foundation
@testable import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

@Suite struct DocumentReaderRegistryTests {
    let registry = DocumentReaderRegistry.standard
    let extractor = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                                              receivedAt: Date(timeIntervalSince1970: 1_795_000_000)))

    /// A message as a mail client saves it: transport fields first, then the ones people read.
    static let savedMail = """
        Received: from mail.hsinyi-tech.com.tw (mail.hsinyi-tech.com.tw [203.0.113.7])\r
        \tby mx.desk.example with ESMTPS; Tue, 1 Dec 2026 10:00:02 +0800\r
        From: Chen Wei <chen.wei@hsinyi-tech.com.tw>\r
        To: orders@desk.example\r
        Subject: order\r
        Date: Tue, 1 Dec 2026 10:00:00 +0800\r
        Message-ID: <saved-1@hsinyi-tech.com.tw>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        A4影印紙 10箱\r
        釘書機 3台\r

        """

    @Test(arguments: [("a.CSV", "CSV"), ("b.xlsx", "Excel"), ("c.json", "JSON"), ("d.eml", "email"), ("INBOX-42", "email"), ("order.txt", "text")])
    func filesAreChosenByTheirExtension(_ filename: String, _ reader: String) {
        #expect(registry.reader(forFileNamed: filename, bytes: Array("sku,quantity\n".utf8))?.name == reader)
    }

    @Test(arguments: ["scan.pdf", "outlook.msg", "order.", "archive.tar.gz"])
    func filesOfOtherTypesHaveNoReader(_ filename: String) {
        #expect(registry.reader(forFileNamed: filename, bytes: Array(Self.savedMail.utf8)) == nil)
        let document = extractor.extract(bytes: Array(Self.savedMail.utf8), filename: filename, fileLabel: filename).document
        #expect(document.issues.map(\.message) == ["\(filename): files of this type are not read (supported: .eml, .csv, .xlsx, .json, .txt); the original is kept"])
    }

    @Test func aTextFileThatIsASavedEmailIsReadAsMail() throws {
        #expect(registry.reader(forFileNamed: "saved.txt", bytes: Array(Self.savedMail.utf8))?.name == "email")
        let document = extractor.extract(bytes: Array(Self.savedMail.utf8), filename: "saved.txt", fileLabel: "drop/saved.txt").document
        #expect(document.kind == .order)
        #expect(document.source.messageId == "saved-1@hsinyi-tech.com.tw")
        #expect(document.source.from == "chen.wei@hsinyi-tech.com.tw")
        #expect(document.source.subject == "order")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "STP-24-6"])
        #expect(document.lines.map(\.quantity) == ["10", "3"])
    }

    @Test func aPlainTextOrderStaysText() throws {
        let phoneOrder = try String(contentsOfFile: Repository.path("examples/inbox/012-phone-order.txt"), encoding: .utf8)
        // Header-like labels of a typed order are not a message's header.
        let typed = "Subject: order\nDate: 1 Dec 2026\n\nA4影印紙 10箱\n"
        for text in [phoneOrder, typed] {
            #expect(registry.reader(forFileNamed: "order.txt", bytes: Array(text.utf8))?.name == "text")
            let document = extractor.extract(bytes: Array(text.utf8), filename: "order.txt", fileLabel: "order.txt").document
            #expect(document.kind == .order)
            #expect(document.source.messageId == nil)
            #expect(document.source.subject == nil)
        }
    }

    @Test(arguments: [
        ("From: a@b.example\r\nMessage-ID: <x@b.example>\r\n\r\nbody", true),
        ("\u{FEFF}Return-Path: <a@b.example>\nSubject: hi\n\nbody", true),
        ("From: Chen Wei <chen.wei@hsinyi-tech.com.tw>\nTo: orders@desk.example\n\nA4影印紙 10箱", true),
        ("From: Chen Wei\nTo: the order desk\n\nA4影印紙 10箱", false),
        ("Message-ID: <x@b.example>\n\nonly one field", false),
        ("Received: from a\nMIME-Version: 1.0\nno blank line follows", false),
        ("Order Form: 12\nMIME-Version: 1.0\n\nbody", false),
        ("\tReceived: folded first\nMIME-Version: 1.0\n\nbody", false),
        ("訂購人: 王\nMessage-ID: <x@b.example>\n\nbody", false),
    ])
    func aMessageIsRecognisedByItsHeaderBlock(_ text: String, _ isMail: Bool) {
        #expect(DocumentReader.isMailMessage(Array(text.utf8)) == isMail)
    }

    @Test(arguments: [
        ("order.csv", "application/octet-stream", "CSV"), ("Order.XLSX", "application/octet-stream", "Excel"), ("note.txt", "text/plain", "text"),
        (nil, "text/csv", "CSV"), ("order", "application/json", "JSON"), ("order", "TEXT/PLAIN", "text"),
        (nil, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    ] as [(String?, String, String)])
    func attachmentsAreChosenByNameThenMediaType(_ filename: String?, _ mediaType: String, _ reader: String) {
        #expect(registry.reader(forAttachmentNamed: filename, mediaType: mediaType)?.name == reader)
    }

    @Test(arguments: [
        ("scan.pdf", "text/plain"), ("forwarded.eml", "application/octet-stream"), (nil, "image/png"), ("../../etc/passwd", "application/pdf"),
    ] as [(String?, String)])
    func attachmentsOfOtherTypesHaveNoReader(_ filename: String?, _ mediaType: String) {
        #expect(registry.reader(forAttachmentNamed: filename, mediaType: mediaType) == nil)
    }
}
