import Foundation
@testable import IntakeCore
import IntakeModel
import IntakeTestSupport
import Logging
import Testing

/// `ingest` answers with the item as processing left it, built from what processing wrote
/// instead of read back: it must be what the store holds.
@Suite struct DeskIngestTests {
    @Test func theItemIngestReturnsIsTheItemTheStoreHolds() async throws {
        let testDesk = try TestDesk(withExamples: false)
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"), actor: "tester")
        let folder = Repository.path("examples/inbox")
        var inputs: [(String, [UInt8]?, String?)] = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))), nil)
        }
        inputs.append(("empty.eml", [], nil))
        inputs.append(("binary.pdf", Array("%PDF-1.4 not an order".utf8), nil))
        inputs.append(("huge.eml", nil, "huge.eml is over the limit"))
        var report = PollReport(source: "inbox")
        var statuses: Set<String> = []
        for (index, (name, bytes, failure)) in inputs.enumerated() {
            let hash = bytes.map { ContentHash.of($0) } ?? "unread-\(index)"
            let item = NewItem(source: "inbox", dedupeKey: "test:\(name)", location: name, filename: name, messageID: nil, contentHash: hash,
                               size: bytes?.count ?? 0, receivedAt: Date())
            let prepared: PreparedExtraction? = if let bytes { await desk.intake.prepareExtraction(bytes, filename: name) } else { nil }
            let taking = report
            let (returned, updated) = try await desk.context.writing { tx in
                var report = taking
                let returned = try desk.intake.ingest(item, bytes: bytes, readFailure: failure, sourceActionPending: false, prepared: prepared,
                                               report: &report, in: tx)
                return (returned, report)
            }
            report = updated
            let stored = try #require(try await desk.store.item(id: returned.id))
            #expect(returned.status == stored.status, "\(name)")
            #expect(returned.kind == stored.kind, "\(name)")
            #expect(returned.failureReason == stored.failureReason, "\(name)")
            #expect(returned.orderNumber == stored.orderNumber, "\(name)")
            #expect(returned.sourceUnread == stored.sourceUnread, "\(name)")
            statuses.insert(stored.status.rawValue)
        }
        #expect(statuses.isSuperset(of: ["processed", "failed"]))
        #expect(report.orders.count >= 10)
    }
}
