import Foundation
import IntakeExtraction
import IntakeModel
import Testing

/// A name that several variants share ("丁腈手套" in 丁腈手套M and 丁腈手套L) is told apart by the
/// rest of what was written, or matches none: never whichever variant came first.
@Suite struct ProductVariantTests {
    let master = MasterData(products: [
        Product(sku: "GLV-M", name: "Nitrile Gloves size M", aliases: ["丁腈手套M"], unit: "box"),
        Product(sku: "GLV-L", name: "Nitrile Gloves size L", aliases: ["丁腈手套L"], unit: "box"),
        Product(sku: "SUG-1K", name: "Sugar 1kg", aliases: ["细砂糖"], unit: "bag"),
    ], customers: [])

    @Test func theRowsOtherCellsChooseTheVariant() {
        #expect(master.product(matching: "丁腈手套", context: "M码 2 盒")?.sku == "GLV-M")
        #expect(master.product(matching: "丁腈手套", context: "L码 2 盒")?.sku == "GLV-L")
    }

    @Test func withoutWhatTellsThemApartNoVariantIsChosen() {
        #expect(master.product(matching: "丁腈手套") == nil)
        #expect(master.product(matching: "丁腈手套", context: "2 盒 新品") == nil)
        #expect(master.product(matching: "Sugar 1")?.sku == "SUG-1K")
    }

    @Test func aCSVRowWithASizeColumnGivesTheRightVariantAndOneWithoutGoesToAPerson() {
        let csv = "商品名称,规格,数量,单位\n丁腈手套,M码,2,盒\n丁腈手套,,3,盒\n"
        let document = OrderExtractor(context: ExtractionContext(master: master)).extract(bytes: Array(csv.utf8), filename: "o.csv", fileLabel: "o.csv").document
        #expect(document.lines.map(\.sku) == ["GLV-M", nil])
        #expect(document.issues.contains { $0.code == "unknown_sku" && $0.field == "lines[2].sku" })
    }
}
