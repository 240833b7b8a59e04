import Foundation
import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// One message delivered many times (an MTA retrying, two routes) is one order: the copies differ
/// only in what servers added on the way, and in line ends.
@Suite struct DuplicateDeliveryTests {
    static let order = Repository.path("examples/inbox/003-northwind-order.eml")

    /// The example order as delivery `index` would have it: its own trace fields on top, and CRLF
    /// line ends on every other copy (as saved from IMAP rather than from a Unix mail store).
    static func deliveredCopy(_ index: Int) throws -> [UInt8] {
        let text = try String(contentsOfFile: order, encoding: .utf8)
        let trace = [
            "Return-Path: <bounce-\(index)@northwind.example>",
            "Delivered-To: orders+\(index)@mingcheng.example",
            "Received: from mx\(index).mingcheng.example (mx\(index).mingcheng.example [127.0.0.\(index % 250 + 1)])",
            "\tby store.mingcheng.example with LMTP id \(UUID().uuidString); Tue, 24 Nov 2026 16:\(String(format: "%02d", index % 60)):05 +0000",
            "Received: from smtp.northwind.example by mx\(index).mingcheng.example; Tue, 24 Nov 2026 16:30:00 +0000",
        ].joined(separator: "\n")
        let copy = trace + "\n" + text
        return Array((index % 2 == 0 ? copy : copy.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    @Test func fiftyDeliveriesOfOneMessageInAFolderAreOneOrder() async throws {
        let testDesk = try TestDesk(withExamples: false)
        let copies = 50
        var hashes: Set<String> = []
        for index in 0..<copies {
            let bytes = try Self.deliveredCopy(index)
            hashes.insert(ContentHash.of(bytes))
            testDesk.folder.write("inbox/copy-\(String(format: "%03d", index)).eml", bytes)
        }
        #expect(hashes.count == copies, "every copy has other raw bytes")
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        let report = try await desk.intake.poll()[0]
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.orders.count == 1)
        #expect(report.duplicates == copies - 1)
        #expect(try await desk.review.queue(states: nil).count == 1)
        #expect(try await desk.store.items(status: [.duplicate]).count == copies - 1)
        // Every copy's original is kept as it came (its own content hash), duplicates included.
        for item in try await desk.store.items(status: [.duplicate, .processed]) {
            let bytes = try #require(try await desk.store.original(hash: item.contentHash))
            #expect(ContentHash.of(bytes) == item.contentHash)
        }
        #expect(testDesk.files(in: "inbox/processed").count == copies)
    }

    @Test func anotherMessageWithTheSameMessageIDIsNotADuplicate() async throws {
        let testDesk = try TestDesk(withExamples: false)
        let first = try Self.deliveredCopy(1)
        testDesk.folder.write("inbox/a.eml", first)
        // The same Message-ID, but the sender changed the subject: not the same message.
        let changed = String(decoding: try Self.deliveredCopy(2), as: UTF8.self)
            .replacingOccurrences(of: "Subject: Purchase Order NW-88231", with: "Subject: Purchase Order NW-88231 (revised)")
        testDesk.folder.write("inbox/b.eml", changed)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        let report = try await desk.intake.poll()[0]
        #expect(report.duplicates == 0)
        #expect(report.taken == 2)
    }
}
