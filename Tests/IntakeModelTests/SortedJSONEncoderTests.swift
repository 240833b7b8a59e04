import Foundation
import IntakeModel
import Testing

/// `SortedJSONEncoder` against Foundation's `JSONEncoder` with the options the store used
/// before it: the same bytes for every shape Codable can produce.
@Suite struct SortedJSONEncoderTests {
    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try SortedJSONEncoder().string(value)
        #expect(ours == (try foundation(value)), sourceLocation: sourceLocation)
    }

    struct Scalars: Encodable {
        var text = "plain"
        var flag = true
        var count = -42
        var small: Int8 = -8
        var big: UInt64 = .max
        var ratio = 0.95
        var whole = 100.0
        var tiny = 1e-7
        var huge = 1e21
        var negativeZero = -0.0
        var single: Float = 1.5
        var price = Decimal(string: "1234.5000") ?? 0
        var hugePrice = Decimal(string: "1e30") ?? 0
        var when = Date(timeIntervalSince1970: 1_764_001_800.75)
        var link = URL(string: "https://example.test/a b?c=d") ?? URL(fileURLWithPath: "/")
        var bytes = Data([0, 1, 2, 250, 255])
        var missing: String?
        var present: String? = "here"
        var nothing: Int?
    }

    @Test func scalarsAndFoundationTypesMatchFoundation() throws {
        try Self.expectSame(Scalars())
        try Self.expectSame([0.1, 0.2, 1.0 / 3.0, 123_456_789_012.5, .leastNonzeroMagnitude, 1.7976931348623157e308])
        try Self.expectSame([Decimal(-0.5), Decimal(3), Decimal(string: "0.000001") ?? 0, Decimal(string: "-99999999999999999999.99") ?? 0])
    }

    @Test func stringEscapesMatchFoundation() throws {
        var every = ""
        for scalar in 0..<0x80 { every.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        try Self.expectSame([every, "a/b\\c\"d", "中文 訂購單 café 👩‍👩‍👧 e\u{301}", "\u{2028}\u{2029}\u{FEFF}\u{7F}", ""])
        // Keys are escaped like values.
        try Self.expectSame(["line\nbreak": 1, "quote\"": 2, "slash/": 3])
    }

    @Test func datesMatchFoundationAroundTheSecondAndBeforeTheEpoch() throws {
        let moments: [Double] = [0, 0.9999, -0.5, -1.5, 1_764_001_800.999_999, 951_782_400, 4_102_444_800, -2_208_988_800, 253_402_300_799]
        try Self.expectSame(moments.map { Date(timeIntervalSince1970: $0) })
        try Self.expectSame([Date(timeIntervalSinceReferenceDate: 0.999_999_999_9), Date(timeIntervalSinceReferenceDate: -0.000_000_1),
                             Date(timeIntervalSinceReferenceDate: 86_399.999_999), Date.distantPast, Date.distantFuture])
    }

    @Test func keysSortByTheirBytesAndTheLastWriteOfAKeyWins() throws {
        try Self.expectSame(["b": 1, "B": 2, "a": 3, "é": 4, "_": 5, "a1": 6, "a10": 7, "a2": 8, "": 9, "中": 10, "Z": 11])
        try Self.expectSame([3: "three", 1: "one", 20: "twenty"])
        try Self.expectSame(Rewriting())
    }

    struct Rewriting: Encodable {
        enum Keys: String, CodingKey { case b, a }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .b)
            try container.encode("first", forKey: .a)
            try container.encode("second", forKey: .a)
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode(2, forKey: .b)
        }
    }

    /// Nested containers, a super encoder, values that encode nothing and top-level fragments.
    struct Shapes: Encodable {
        enum Keys: String, CodingKey { case nested, list, parent, empty, inner, zeta }
        struct Silent: Encodable { func encode(to encoder: any Encoder) throws {} }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encode([1, 2], forKey: .zeta)
            var inner = nested.nestedUnkeyedContainer(forKey: .inner)
            try inner.encode("x")
            try inner.encodeNil()
            var deeper = inner.nestedContainer(keyedBy: Keys.self)
            try deeper.encode(true, forKey: .empty)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(Silent())
            var nestedList = list.nestedUnkeyedContainer()
            try nestedList.encode(1.5)
            try ["k": "v"].encode(to: list.superEncoder())
            let parent = container.superEncoder(forKey: .parent)
            var single = parent.singleValueContainer()
            try single.encode("from super")
            try "default super key".encode(to: container.superEncoder())
            try container.encode(Silent(), forKey: .empty)
        }
    }

    @Test func nestedContainersAndSuperEncodersMatchFoundation() throws {
        try Self.expectSame(Shapes())
        try Self.expectSame([[String: [Int]]](repeating: ["z": [], "a": [1]], count: 2))
        try Self.expectSame("a top-level string")
        try Self.expectSame(7)
        try Self.expectSame(Optional<Int>.none)
    }

    @Test func refusesWhatFoundationRefuses() throws {
        #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode(["x": Double.infinity]) }
        #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode(Shapes.Silent()) }
        #expect(throws: EncodingError.self) { try Self.foundation(Shapes.Silent()) }
    }

    @Test func ordersMatchFoundation() throws {
        var order = Order(number: OrderNumber(year: 2026, sequence: 12), state: .approved, itemID: 3, receivedAt: Date(timeIntervalSince1970: 1_764_001_800.5),
                          customer: .init(email: "buyer@example.test", name: "陳偉", company: "A/B \"Co\"", phone: nil), language: "zh-TW",
                          purchaseOrder: "PO-1", currency: "TWD", paymentMethod: .bankTransfer, paymentTerms: "Net 30",
                          shipTo: .init(recipient: "R", address: "台北市\n信義區", phone: "02"), requestedDeliveryDate: "2026-12-04",
                          lines: [OrderLine(sku: "PAP-A4-80", description: "A4", quantity: Decimal(string: "2.50") ?? 0, unit: "box", unitPrice: 650),
                                  OrderLine(sku: nil, description: nil, quantity: 1, unit: nil, unitPrice: nil)],
                          issues: [Issue(code: "unknown_sku", field: "lines[2].sku", message: "no catalog product matches \"x\"")],
                          confidence: 0.87, sourceMessageID: "a@b", sourceSubject: "訂購單", edited: true)
        try Self.expectSame(order)
        order.fulfilment.carrier = "黑貓"
        order.fulfilment.completedAt = Date(timeIntervalSince1970: 1_765_000_000)
        try Self.expectSame(order)
        // Every fulfilment field, and the optional order fields left out.
        order.fulfilment = Fulfilment(carrier: "DHL", trackingNumber: "1Z\u{0007}", shippedAt: Date(timeIntervalSince1970: 1_765_100_000),
                                      deliveredAt: Date(timeIntervalSince1970: 1_765_200_000), completedAt: Date(timeIntervalSince1970: 1_765_300_000),
                                      promisedDate: "2026-12-24", delayReason: "strike\r\n", cancelReason: "\\ no", heldFrom: .confirmed)
        try Self.expectSame(order)
        let bare = Order(number: OrderNumber(year: 2027, sequence: 1), state: .needsReview, itemID: -4, receivedAt: Date(timeIntervalSince1970: 0))
        try Self.expectSame(bare)
        try Self.expectSame([bare, order])
        var broken = bare
        broken.confidence = .nan
        #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode(broken) }
    }

    @Test func documentsAndIssuesMatchFoundation() throws {
        var document = OrderDocument(kind: .changeRequest, source: .init(file: "a/b.eml", messageId: nil, from: "x@y", subject: "\u{0}\u{1F}"))
        try Self.expectSame(document)
        document.lines = [.init(sku: "S", description: "d\"q", quantity: "1.5", unit: nil, unitPrice: "2"), .init(quantity: "x")]
        document.issues = [Issue(code: "c", field: nil, message: "m"), Issue(code: "d", field: "f", message: "")]
        document.survey = .init(rating: 4, comment: "good")
        document.paymentMethod = .cashOnDelivery
        document.confidence = 1
        try Self.expectSame(document)
        try Self.expectSame(document.issues)
        document.confidence = .infinity
        #expect(throws: EncodingError.self) { try SortedJSONEncoder().encode(document) }
    }
}
