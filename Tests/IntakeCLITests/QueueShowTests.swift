import Foundation
import IntakeTestSupport
import Testing

/// `intake queue show` as an assistant reads it.
@Suite struct QueueShowTests {
    /// A line the customer did not price takes the catalog's list price, and the order's page says
    /// so beside the price.
    @Test func queueShowSaysWhereAPriceCameFrom() throws {
        let desk = try TestDesk(withExamples: false, autoApprove: false)
        _ = desk.folder.write("inbox/order.eml", TestMail.make(
            messageID: "unpriced@northwind.example", contentType: "text/plain; charset=utf-8", subject: "Order",
            from: "Sarah Miller <purchasing@northwind.example>",
            body: "Hello,\n\nPlease send us:\n- 3 boxes of A4 copy paper\n\nThanks,\nSarah\n"))
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["poll"]).status == 0)
        let list = try IntakeProcess.run(config + ["queue", "list", "--json"])
        let listing = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let orders = try #require(listing?["orders"] as? [[String: Any]], "\(list.stdout)")
        let number = try #require(orders.first?["number"] as? String, "\(list.stdout)")
        let shown = try IntakeProcess.run(config + ["queue", "show", number])
        #expect(shown.status == 0, "\(shown.stderr)")
        let line = try #require(shown.stdout.split(separator: "\n").first { $0.contains("PAP-A4-80") }, "\(shown.stdout)")
        #expect(line.contains("catalog"), "\(shown.stdout)")
    }
}
