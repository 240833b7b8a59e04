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

/// Outlook quotes a message under its header block alone ("From:" / "Sent:" / "To:" /
/// "Subject:"), without a separator line: the quoted quotation's lines are no order.
@Suite struct OutlookHeaderBlockTests {
    @Test func aQuotationQuotedUnderAHeaderBlockIsNotOrdered() {
        let body = """
        Thanks for the quote. We'll go ahead with part of it:

        - A4 copy paper x 4 boxes

        Priya

        From: Desk <orders@desk.example>
        Sent: Thursday, July 30, 2026 11:15 AM
        To: Priya Raman <priya@example.com>
        Subject: Quotation Q-2026-0733

        Item                     Qty   Unit price
        A4 copy paper            4     650
        HP 26A toner             2     2,980
        """
        let document = PlainOrderMail.extract(body, subject: "RE: Quotation Q-2026-0733").document
        #expect(document.kind == .order)
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(document.lines.map(\.quantity) == ["4"])
    }

    @Test func aGmailForwardWhoseItemsAreNotReadStillNamesTheForwardedBuyer() {
        let body = """
        訂單組好，請幫忙建單。

        ---------- Forwarded message ---------
        From: 蔡麗莎 <lisa.tsai@yushan-travel.example>
        Date: Thu, Apr 16, 2026 at 4:35 PM
        Subject: 帽子訂購
        To: 王俊傑 <sales.wang@desk.example>

        紫色遮陽帽 一百頂（目錄沒有這個）
        請在下週五前送到，付款一樣用匯款。
        """
        let document = PlainOrderMail.extract(body, from: "王俊傑 <sales.wang@desk.example>", subject: "Fwd: 帽子訂購").document
        #expect(document.customer.email == "lisa.tsai@yushan-travel.example")
        #expect(document.paymentMethod == .bankTransfer)
        #expect(document.requestedDeliveryDate != nil)
    }
}
