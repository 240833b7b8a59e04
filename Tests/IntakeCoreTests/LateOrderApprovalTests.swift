import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// An order read right may still be late: a file with no date of its own that comes in after
/// the delivery date it asks for waits for a person even when the policy would approve it.
@Suite struct LateOrderApprovalTests {
    static func mail(id: String, sent: Date, deliverBy: Date) -> [UInt8] {
        let header = DateFormatter()
        header.locale = Locale(identifier: "en_US_POSIX")
        header.timeZone = TimeZone(identifier: "Asia/Taipei")
        header.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "Asia/Taipei")
        day.dateFormat = "yyyy-MM-dd"
        let text = """
            From: Sarah Miller <purchasing@northwind.example>\r
            To: desk@example.test\r
            Subject: Order\r
            Date: \(header.string(from: sent))\r
            Message-ID: <\(id)>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Hello,\r
            \r
            Please send us:\r
            - 3 boxes of A4 copy paper\r
            \r
            Delivery date: \(day.string(from: deliverBy))\r
            \r
            Thanks,\r
            Sarah\r

            """
        return Array(text.utf8)
    }

    /// A file that gives no date of its own, picked up after the delivery date it asks for.
    @Test func anUndatedFilePickedUpAfterItsDeliveryDateWaitsForAPerson() async throws {
        let testDesk = try TestDesk(withExamples: false, autoApprove: true)
        defer { withExtendedLifetime(testDesk) {} }
        let csv = "customer_email,sku,quantity,requested_date\npurchasing@northwind.example,PAP-A4-80,3,2026-01-15\n"
        _ = testDesk.folder.write("inbox/late.csv", Array(csv.utf8))
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        let waiting = try await desk.review.queue(states: [.needsReview])
        #expect(waiting.count == 1)
        let late = try await desk.review.order(try #require(waiting.first?.number))
        #expect(late.issues.isEmpty, "\(late.issues)")
        #expect(late.requestedDeliveryDate == "2026-01-15")
    }

    /// A mail asking for a day to come is approved untouched; one written for a day before its own
    /// Date is flagged by the extractor and waits.
    @Test func aDatedMailIsCheckedAgainstItsOwnDate() async throws {
        let testDesk = try TestDesk(withExamples: false, autoApprove: true)
        defer { withExtendedLifetime(testDesk) {} }
        let day: TimeInterval = 86_400
        let now = Date()
        _ = testDesk.folder.write("inbox/timely.eml", Self.mail(id: "timely@northwind.example", sent: now, deliverBy: now + 10 * day))
        _ = testDesk.folder.write("inbox/odd.eml", Self.mail(id: "odd@northwind.example", sent: now, deliverBy: now - 10 * day))
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        _ = try await desk.cycle()
        let waiting = try await desk.review.queue(states: [.needsReview])
        let approved = try await desk.review.queue(states: [.approved, .confirmed])
        #expect(approved.count == 1)
        let odd = try await desk.review.order(try #require(waiting.first?.number))
        #expect(odd.sourceMessageID == "odd@northwind.example")
        #expect(odd.issues.contains { $0.code == "unusual_date" }, "\(odd.issues)")
    }
}
