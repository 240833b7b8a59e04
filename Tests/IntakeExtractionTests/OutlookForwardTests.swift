import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// A colleague forwards a customer's order the way Outlook does: a separator, a header block, the
/// customer's text unquoted. The forwarded message is the order and its sender the customer.
@Suite struct OutlookForwardTests {
    func extract(_ text: String) -> OrderDocument {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: Array(text.utf8), filename: "fwd.eml", fileLabel: "fwd.eml").document
    }

    func forward(separator: String, fromLabel: String, subject: String) -> String {
        """
        From: Sales Rep <rep@desk.example>\r
        To: orders@desk.example\r
        Subject: \(subject)\r
        Date: Tue, 1 Dec 2026 10:00:00 +0800\r
        Message-ID: <fwd-\(separator.count)-\(fromLabel.count)@desk.example>\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Please enter this one for our customer, thanks.\r
        \r
        Rep\r
        \r
        \(separator)\r
        \(fromLabel) Chen Wei <chen.wei@hsinyi-tech.com.tw>\r
        Sent: Monday, November 30, 2026 4:12 PM\r
        To: Sales Rep <rep@desk.example>\r
        Subject: order\r
        \r
        Hi, we need:\r
        A4 copy paper 10 boxes\r
        HP 26A toner 2 pcs\r
        Thanks\r
        """
    }

    @Test(arguments: [("-----Original Message-----", "From:", "FW: order"), ("-----原始郵件-----", "寄件者:", "轉寄: order"),
                      ("________________________________", "From:", "Fwd: order")])
    func theForwardedMessageIsTheOrderAndItsSenderTheCustomer(_ separator: String, _ fromLabel: String, _ subject: String) {
        let document = extract(forward(separator: separator, fromLabel: fromLabel, subject: subject))
        #expect(document.kind == .order, "\(separator)")
        #expect(document.customer.email == "chen.wei@hsinyi-tech.com.tw")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(document.lines.map(\.quantity) == ["10", "2"])
    }

    /// A reply whose history holds an old order is not an order again (no forward in the subject
    /// or the text).
    @Test func aReplyWithAnOrderInItsHistoryIsNotReadAsTheOrder() {
        let document = extract(forward(separator: "-----Original Message-----", fromLabel: "From:", subject: "RE: order")
            .replacingOccurrences(of: "Please enter this one for our customer, thanks.", with: "Thank you, received."))
        #expect(document.lines.isEmpty)
        #expect(document.customer.email == "rep@desk.example")
    }
}
