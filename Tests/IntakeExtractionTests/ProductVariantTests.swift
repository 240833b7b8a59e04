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

/// Sizes written apart from the product: a row's size cell, "size M" in the sentence; two sizes
/// in one line decide nothing, and a letter inside a word ("gloves") is no size.
@Suite struct SizeVariantTests {
    let master = MasterData(products: ["S", "M", "L", "2XL"].map { size in
        Product(sku: "PL-NVY-\(size)", name: "Pique Polo Shirt Navy \(size)", aliases: ["navy polo \(size)", "深藍POLO衫 \(size)號"], unit: "pcs")
    } + [Product(sku: "GLV-M", name: "Nitrile Gloves size M", aliases: ["nitrile gloves M"], unit: "box"),
         Product(sku: "GLV-L", name: "Nitrile Gloves size L", aliases: ["nitrile gloves L"], unit: "box")], customers: [])

    @Test(arguments: [("深藍POLO衫", "M 40 NT$300", "PL-NVY-M"), ("深藍POLO衫", "XXL 5", "PL-NVY-2XL"), ("navy polo shirts, size L", "", "PL-NVY-L"),
                      ("nitrile gloves", "Could you also add 2 boxes of nitrile gloves, size M?", "GLV-M")])
    func theSizeWrittenApartChoosesTheVariant(_ description: String, _ context: String, _ sku: String) {
        #expect(master.product(matching: description, context: context)?.sku == sku, "\(description) | \(context)")
    }

    @Test func twoSizesOrNoneChooseNothing() {
        #expect(master.product(matching: "深藍POLO衫", context: "M 10 件, L 5 件") == nil)
        #expect(master.product(matching: "nitrile gloves", context: "Could you also add 2 boxes of nitrile gloves") == nil)
    }
}

/// One Han character typed wrong ("丁晴手套" for 丁腈手套, "胰霉" for 胰酶): a guess when exactly one
/// product has a name of that length differing in that one character; marked for review.
@Suite struct HanSlipTests {
    let master = MasterData(products: [
        Product(sku: "GLV", name: "Nitrile Gloves", aliases: ["丁腈手套"], unit: "box"),
        Product(sku: "TRY", name: "Trypsin", aliases: ["胰酶"], unit: "bottle"),
        Product(sku: "LTX", name: "Latex Gloves", aliases: ["乳膠手套"], unit: "box"),
    ], customers: [])

    @Test func oneWrongCharacterIsAGuess() {
        #expect(master.guessProduct("丁晴手套")?.product.sku == "GLV")
        #expect(master.guessProduct("胰霉")?.product.sku == "TRY")
    }

    @Test func twoWrongCharactersOrTwoCandidatesAreNone() {
        #expect(master.guessProduct("丁晴手袋") == nil)
        // "X膠手套" is one character from 乳膠手套 only; "丁膠手套" is one from both gloves.
        #expect(master.guessProduct("丁膠手套") == nil)
    }

    @Test func aSlipInAnOrderGoesToAPerson() {
        let csv = "品名,數量\n丁晴手套,10\n"
        let document = OrderExtractor(context: ExtractionContext(master: master)).extract(bytes: Array(csv.utf8), filename: "t.csv", fileLabel: "t.csv").document
        #expect(document.lines.first?.sku == "GLV")
        #expect(document.issues.contains { $0.code == "product_guessed" })
    }
}
