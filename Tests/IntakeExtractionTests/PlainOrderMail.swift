import Foundation
import IntakeExtraction
import IntakeModel

/// A plain-text email with the given body, from a customer of the example desk, extracted
/// against the example catalog (or another): what the field-by-field suites need.
enum PlainOrderMail {
    static func extract(_ body: String, from: String = "Chen Wei <chen.wei@hsinyi-tech.com.tw>", subject: String = "order", inReplyTo: String? = nil,
                        master: MasterData = ExampleInboxTests.master, date: String = "Tue, 1 Dec 2026 10:00:00 +0800",
                        receivedAt: Date = Date(timeIntervalSince1970: 1_795_000_000)) -> Extraction {
        let context = ExtractionContext(master: master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: receivedAt)
        let message = """
        From: \(from)\r
        To: orders@desk.example\r
        Subject: \(subject)\r
        \(inReplyTo.map { "In-Reply-To: \($0)\r\nReferences: \($0)\r\n" } ?? "")Date: \(date)\r
        Message-ID: <plain-\(abs(body.hashValue))@example.com>\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r
        """
        return OrderExtractor(context: context).extract(bytes: Array(message.utf8), filename: "plain.eml", fileLabel: "plain.eml")
    }
}
