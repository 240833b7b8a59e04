// SortedJSONEncoder against Foundation's JSONEncoder (with the same options) on the JSON a desk
// writes per item: the extracted document, its field origins and the order. Documents come from
// the example inbox and the evaluation fixtures; rounds alternate between the two encoders.
// usage: intake-json-bench REPO_DIR [ROUNDS=7] [REPEAT=40]
//   -> one line per round, then medians and the ratio; exits 1 if the bytes ever differ.
import Foundation
import IntakeExtraction
import IntakeModel

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: intake-json-bench REPO_DIR [ROUNDS] [REPEAT]\n".utf8))
    exit(2)
}
let repository = arguments[1]
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7
let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 40 : 40

func csv(_ name: String) -> String { (try? String(contentsOfFile: "\(repository)/examples/config/\(name)", encoding: .utf8)) ?? "" }
let master = MasterData(products: (try? MasterData.products(csv: csv("catalog.csv"), label: "catalog.csv")) ?? [],
                        customers: (try? MasterData.customers(csv: csv("customers.csv"), label: "customers.csv")) ?? [])
let context = ExtractionContext(master: master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current, receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
let extractor = OrderExtractor(context: context)

var documents: [OrderDocument] = []
var origins: [[FieldOrigin]] = []
var orders: [Order] = []
for folder in ["examples/inbox", "fixtures/eval/messages", "fixtures/eval-roastery/messages", "fixtures/eval-parts/messages"] {
    let directory = "\(repository)/\(folder)"
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() {
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)") else { continue }
        let extraction = extractor.extract(bytes: Array(data), filename: name, fileLabel: name)
        let document = extraction.document
        documents.append(document)
        origins.append(extraction.origins)
        let (lines, issues) = Order.fields(from: document)
        orders.append(Order(number: OrderNumber(year: 2026, sequence: orders.count + 1), state: .approved, itemID: Int64(orders.count),
                            receivedAt: context.receivedAt, customer: document.customer, language: extraction.language,
                            purchaseOrder: document.purchaseOrder, currency: document.currency, paymentMethod: document.paymentMethod,
                            paymentTerms: document.paymentTerms, shipTo: document.shipTo, requestedDeliveryDate: document.requestedDeliveryDate,
                            lines: lines, issues: issues, confidence: document.confidence, sourceMessageID: document.source.messageId,
                            sourceSubject: document.source.subject))
    }
}

let foundation = JSONEncoder()
foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
foundation.dateEncodingStrategy = .iso8601
let sorted = SortedJSONEncoder()

/// Encodes every item's three values `repeats` times; returns seconds and a byte count.
@MainActor
func run(_ encode: (any Encodable) throws -> [UInt8]) -> (Double, Int) {
    var bytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<repeats {
        for index in documents.indices {
            bytes += ((try? encode(documents[index])) ?? []).count
            bytes += ((try? encode(origins[index])) ?? []).count
            bytes += ((try? encode(orders[index])) ?? []).count
        }
    }
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, bytes)
}

for index in documents.indices {
    let same = (try? sorted.encode(documents[index])) == (try? Array(foundation.encode(documents[index])))
        && (try? sorted.encode(origins[index])) == (try? Array(foundation.encode(origins[index])))
        && (try? sorted.encode(orders[index])) == (try? Array(foundation.encode(orders[index])))
    if !same {
        print("bytes differ for item \(index)")
        exit(1)
    }
}
let items = documents.count * repeats
print("\(documents.count) items × \(repeats) = \(items) items per round (document, origins, order each)")
var ours: [Double] = [], theirs: [Double] = []
for round in 1...rounds {
    let (a, bytesA) = run { try sorted.encode($0) }
    let (b, bytesB) = run { try Array(foundation.encode($0)) }
    ours.append(a)
    theirs.append(b)
    print(String(format: "round %d: SortedJSONEncoder %.3f s, Foundation JSONEncoder %.3f s (%d / %d bytes)", round, a, b, bytesA, bytesB))
}
let medianOurs = ours.sorted()[rounds / 2], medianTheirs = theirs.sorted()[rounds / 2]
print(String(format: "median: SortedJSONEncoder %.1f µs per item, Foundation %.1f µs per item; Foundation takes %.2fx as long",
             medianOurs / Double(items) * 1e6, medianTheirs / Double(items) * 1e6, medianTheirs / medianOurs))
