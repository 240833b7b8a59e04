import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// The store and `intake extract` write documents, origins and orders with `SortedJSONEncoder`;
/// on every example and evaluation message its bytes are Foundation's (the contract's JSON did
/// not change when the encoder did).
@Suite struct DocumentJSONTests {
    static let folders = ["examples/inbox", "fixtures/eval/messages", "fixtures/eval-roastery/messages", "fixtures/eval-parts/messages"]

    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func everyFixtureDocumentEncodesAsFoundationWouldWriteIt() throws {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000.25))
        let extractor = OrderExtractor(context: context)
        let encoder = SortedJSONEncoder()
        var compared = 0
        var orders = 0
        for folder in Self.folders {
            let directory = Repository.path(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))
                let extraction = extractor.extract(bytes: bytes, filename: name, fileLabel: name)
                #expect(try encoder.string(extraction.document) == (try Self.foundation(extraction.document)), "\(folder)/\(name): document")
                #expect(try encoder.string(extraction.origins) == (try Self.foundation(extraction.origins)), "\(folder)/\(name): origins")
                let (lines, issues) = Order.fields(from: extraction.document)
                let order = Order(number: OrderNumber(year: 2026, sequence: compared + 1), state: .needsReview, itemID: Int64(compared),
                                  receivedAt: context.receivedAt, customer: extraction.document.customer, language: extraction.language,
                                  purchaseOrder: extraction.document.purchaseOrder, currency: extraction.document.currency,
                                  paymentMethod: extraction.document.paymentMethod, paymentTerms: extraction.document.paymentTerms,
                                  shipTo: extraction.document.shipTo, requestedDeliveryDate: extraction.document.requestedDeliveryDate,
                                  lines: lines, issues: issues, confidence: extraction.document.confidence,
                                  sourceMessageID: extraction.document.source.messageId, sourceSubject: extraction.document.source.subject)
                #expect(try encoder.string(order) == (try Self.foundation(order)), "\(folder)/\(name): order")
                compared += 1
                if !lines.isEmpty { orders += 1 }
            }
        }
        // The folders hold about 250 messages, most of them orders with lines.
        #expect(compared > 200)
        #expect(orders > 100)
    }
}
