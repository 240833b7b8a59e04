import Foundation
@testable import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Extraction of the bundled example inbox: every field an order desk needs, per file.
@Suite struct ExampleInboxTests {
    static let master: MasterData = {
        let catalog = (try? String(contentsOfFile: Repository.path("examples/config/catalog.csv"), encoding: .utf8)) ?? ""
        let customers = (try? String(contentsOfFile: Repository.path("examples/config/customers.csv"), encoding: .utf8)) ?? ""
        return MasterData(products: (try? MasterData.products(csv: catalog, label: "catalog.csv")) ?? [],
                          customers: (try? MasterData.customers(csv: customers, label: "customers.csv")) ?? [])
    }()

    func extract(_ name: String) throws -> OrderDocument {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path("examples/inbox/\(name)"))))
        let context = ExtractionContext(master: Self.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
        return OrderExtractor(context: context).extract(bytes: bytes, filename: name, fileLabel: name).document
    }

    /// Lines that cannot hold a number are passed over (but for a quantity shared after 各);
    /// the items must be those of reading every line in full.
    @Test func itemLinesWithoutNumbersAreSkippedWithoutLosingItems() {
        let parser = ItemLineReader(master: Self.master)
        var lines = QuantityPatternTests.mailLines.enumerated().map { TextLine(text: TextNormalizer.normalize($1), location: "line \($0)") }
        lines += ["A4影印紙和藍色中性筆各萬箱", "A4影印紙和藍色中性筆各五箱", "A4 paper and toner, a dozen each", "A4影印紙 十箱", "please send A4 paper",
                  "Greetings from Taipei", "A4影印紙、藍色中性筆 各3盒"].map { TextLine(text: $0, location: "crafted") }
        let fast = parser.parseItemLines(lines)
        let full = parser.parseItemLines(lines, checkingNumbers: false)
        #expect(fast.map(\.line) == full.map(\.line))
        #expect(fast.map(\.origin.location) == full.map(\.origin.location))
        #expect(full.count >= 10)
    }

    @Test func big5QuotedPrintableOrderWithLabelledItems() throws {
        let doc = try extract("001-hsinyi-order-big5.eml")
        #expect(doc.kind == .order)
        #expect(doc.source.subject == "訂購單 HY-PO-20261120")
        #expect(doc.customer.email == "chen.wei@hsinyi-tech.com.tw")
        #expect(doc.customer.company == "信義科技股份有限公司")
        #expect(doc.purchaseOrder == "HY-PO-20261120")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80", "PEN-GEL-BL"])
        #expect(doc.lines.map(\.quantity) == ["10", "5"])
        #expect(doc.lines.map(\.unitPrice) == ["650", "180"])
        #expect(doc.paymentMethod == .bankTransfer)
        #expect(doc.shipTo.address == "台北市信義區松仁路100號8樓")
        #expect(doc.shipTo.recipient == "陳偉")
        #expect(doc.shipTo.phone == "02-2720-1234")
        #expect(doc.requestedDeliveryDate == "2026-12-04")
        #expect(doc.issues.isEmpty)
        #expect(doc.confidence >= 0.95)
    }

    @Test func gbkBytesLabelledGB2312WithATextTableAndRelativeDate() throws {
        let doc = try extract("002-huaxin-order-gbk.eml")
        #expect(doc.source.subject == "采购订单 – 华信贸易")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80", "TAP-CLR-18", "STP-24-6"])
        #expect(doc.lines.map(\.quantity) == ["20", "50", "4"])
        #expect(doc.currency == "CNY")
        // Sent Monday 2026-11-23 (+0800): 下周五 is Friday of the following week.
        #expect(doc.requestedDeliveryDate == "2026-12-04")
    }

    @Test func englishItemLinesWithPOAndNetTerms() throws {
        let doc = try extract("003-northwind-order.eml")
        #expect(doc.purchaseOrder == "NW-88231")
        #expect(doc.lines.map(\.description) == ["A4 Copy Paper 80gsm", "HP 26A Toner Cartridge", "DL Envelopes (box of 100)"])
        #expect(doc.lines.map(\.quantity) == ["40", "6", "10"])
        #expect(doc.paymentMethod == .netTerms)
        #expect(doc.paymentTerms == "Net 30")
        #expect(doc.shipTo.address == "1200 Harbor Ave, Seattle, WA 98101, USA")
    }

    @Test func pipeTableWithAPriceBelowListIsFlagged() throws {
        let doc = try extract("004-kowloon-table.eml")
        #expect(doc.lines.map(\.sku) == ["NTB-B5-60", "LBL-A4-65"])
        #expect(doc.issues.map(\.code) == ["price_mismatch"])
        #expect(doc.issues.first?.field == "lines[1].unitPrice")
        #expect(doc.requestedDeliveryDate == "2026-12-15")
    }

    @Test func htmlOnlyTable() throws {
        let doc = try extract("005-greenleaf-html-order.eml")
        #expect(doc.lines.map(\.sku) == ["FLD-L-A4", "PAP-A3-80"])
        // 包 of folders sold by the pack is the catalog's pack; a 箱 of paper sold by the box may
        // hold several boxes, and stays as written.
        #expect(doc.lines.map(\.unit) == ["pack", "箱"])
        #expect(doc.paymentMethod == .cashOnDelivery)
    }

    @Test func proseFromANewCustomer() throws {
        let doc = try extract("006-new-customer-prose.eml")
        #expect(doc.lines.map(\.sku) == ["PAP-A4-80", "TAP-CLR-18"])
        #expect(doc.lines.map(\.quantity) == ["20", "10"])
        #expect(doc.paymentMethod == .creditCard)
        #expect(doc.issues.map(\.code) == ["unknown_customer"])
    }

    @Test func unknownProductAndAmbiguousDateAreIssues() throws {
        let doc = try extract("007-hsinyi-unknown-product.eml")
        #expect(Set(doc.issues.map(\.code)) == ["unknown_sku", "ambiguous_date"])
        #expect(doc.requestedDeliveryDate == nil)
        #expect(doc.confidence < 0.9)
    }

    @Test func nonOrdersAreClassified() throws {
        let change = try extract("008-northwind-change.eml")
        #expect(change.kind == .changeRequest)
        #expect(change.orderReference == "SO-2026-00003")
        #expect(try extract("009-auto-reply.eml").kind == .other)
        let complaint = try extract("013-huaxin-complaint.eml")
        #expect(complaint.kind == .complaint)
        #expect(complaint.orderReference == "SO-2026-00002")
        #expect(complaint.lines.isEmpty)
    }

    @Test func dropFolderFiles() throws {
        let csv = try extract("010-jiahe-erp-order.csv")
        #expect(csv.kind == .order)
        #expect(csv.purchaseOrder == "JH-2026-1107")
        #expect(csv.source.messageId == nil)
        #expect(csv.lines.map(\.quantity) == ["15", "120", "10"])
        let json = try extract("011-kowloon-webshop.json")
        #expect(json.lines.map(\.sku) == ["TAP-CLR-18", "STP-24-6"])
        #expect(json.shipTo.recipient == "Tony Leung")
        let text = try extract("012-phone-order.txt")
        #expect(text.customer.email == "wang.fang@greenleaf.com.tw")
        #expect(text.lines.map(\.quantity) == ["20", "10"])  // 二十本, 十捲
    }
}
