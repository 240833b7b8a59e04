import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Item lines as people write them: a pack size in brackets is not the count, a declined item
/// is no line, a note row is no line, and the first weekday written is the one meant.
@Suite struct ItemWordingTests {
    @Test func aCountBeforeOfTheIsTheQuantity() {
        #expect(ItemQuantity.quantity(in: "We'd like 120 of the grey gym towels")?.0 == 120)
        let document = PlainOrderMail.extract("Hi,\nWe need 12 of the A4 copy paper, and 3 of our usual HP 26A toner.\nThanks").document
        #expect(document.lines.map(\.quantity) == ["12", "3"])
    }

    @Test func aPackSizeInBracketsIsNotTheCount() {
        #expect(ItemQuantity.quantity(in: "月饼礼盒（8粒装）八百个")?.0 == 800)
        #expect(ItemQuantity.quantity(in: "ENV-DL-100 (4)")?.0 == 4)
    }

    @Test func anItemWrittenAcrossAWrappedLineIsOneItem() {
        let body = "Hope you all had a good start to the year. We would like ten boxes of A4 copy paper, and please also add 3 pcs of\nHP 26A toner - the printer on the second floor is running low again.\n\nThanks"
        let document = PlainOrderMail.extract(body).document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(document.lines.map(\.quantity) == ["10", "3"])
    }

    @Test func aDecimalOpeningALineIsNoListNumber() {
        #expect(!ListMarker.strip("0.22 micron syringe filters. Please add one case").marked)
        #expect(!ListMarker.strip("2.5 kg of flour").marked)
        #expect(ListMarker.strip("1. A4 copy paper 10 boxes").marked)
    }

    @Test func bracketedAndChineseListNumbersAreMarkers() {
        #expect(ListMarker.strip("(2) 羅技 MK295 無線鍵鼠組，數量 6 組").text == "羅技 MK295 無線鍵鼠組，數量 6 組")
        #expect(ListMarker.strip("（3）A4 影印紙 10 箱").text == "A4 影印紙 10 箱")
        #expect(ListMarker.strip("一、品項").text == "品項")
        // A size in brackets or a count opening the line is no marker.
        #expect(!ListMarker.strip("(12ml) 水彩 5 盒").marked)
        #expect(!ListMarker.strip("一打鉛筆").marked)
    }

    @Test func aCurrencyWrittenInWordsBeforeThePrice() {
        let (price, currency) = ItemPrices.price(in: "單價新台幣 3,290 元")
        #expect(price == Decimal(3290))
        #expect(currency == "TWD")
        #expect(ItemPrices.price(in: "每箱港幣 120").1 == "HKD")
    }

    @Test func aCorrectionReplacesTheCountBeforeIt() {
        let document = PlainOrderMail.extract("Please add 6 pcs of HP 26A toner and three boxes of A4 copy paper -- actually, make that five boxes, we go through them quickly.").document
        #expect(document.lines.map(\.sku) == ["TON-HP-26A", "PAP-A4-80"])
        #expect(document.lines.map(\.quantity) == ["6", "5"])
    }

    @Test(arguments: ["10 blocks", "3 trays", "2 tubs", "4 racks", "5 kits", "6 pails"])
    func packagingUnitsOfFoodAndLabCatalogsCount(_ written: String) {
        #expect(ItemQuantity.quantity(in: "please send " + written + " of it") != nil, "\(written)")
    }

    @Test func aCountInTheCatalogsOwnUnit() {
        let product = Product(sku: "CUP-SL", name: "Paper cups 8oz", aliases: ["paper cups"], unit: "sleeve")
        #expect(ItemQuantity.quantity(inCatalogUnitOf: product, in: "12 sleeves of the ¤")?.0 == 12)
        let bowl = Product(sku: "BWL", name: "Rice bowl", aliases: ["飯碗"], unit: "盅")
        #expect(ItemQuantity.quantity(inCatalogUnitOf: bowl, in: "¤ 三十盅")?.0 == 30)
        #expect(ItemQuantity.quantity(inCatalogUnitOf: product, in: "sleeveless 12") == nil)
    }

    @Test func aDeclinedItemIsNoLine() {
        let document = PlainOrderMail.extract("Let's go ahead with 10 boxes of A4 copy paper. We'll skip the HP 26A toner for now.").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
    }

    @Test func theFirstWeekdayWrittenIsTheOneMeant() {
        // Wednesday 2026-07-08.
        let resolver = DateResolver(reference: CalendarDate(year: 2026, month: 7, day: 8)!)
        if case .date(let day)? = resolver.resolve("We need them this Friday — the shipments start on Monday.") {
            #expect(day.description == "2026-07-10")
        } else {
            Issue.record("no date read")
        }
        if case .date(let day)? = resolver.resolve("麻煩延到下週三再送") { #expect(day.description == "2026-07-15") } else { Issue.record("no date read") }
    }

    @Test func aNoteRowInTheProductColumnIsNoLine() {
        let csv = "物料编码,物料名称,数量,单位\nX-1,A4影印紙,20,箱\n,请随货附送货单，纸箱外标注采购单号。,,\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master))
            .extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(!document.issues.contains { $0.code == "missing_quantity" })
    }

    @Test(arguments: ["SO-2026-01342 這張單原訂 7/3 交貨，麻煩延到下週三再送，品項與數量都不變。",
                      "SO-2026-01712 这批货的收货地址要改一下，请直接送到我们的包装车间。"])
    func movingADateOrAnAddressIsAChange(_ body: String) {
        #expect(PlainOrderMail.extract(body, subject: "回覆: 訂單確認").document.kind == .changeRequest)
    }

    /// A semicolon CSV from a European spreadsheet writes "2.980,00": points group thousands.
    @Test(arguments: [("2.980,00", "2980"), ("650,50", "650.5"), ("1,234.50", "1234.5"), ("2,5", "2.5"), ("1,200", "1200")])
    func numbersInBothConventions(_ written: String, _ value: String) {
        #expect(TextNormalizer.number(written).map(DecimalText.format) == value)
        #expect(TextNormalizer.writtenNumber(written).map(DecimalText.format) == value)
    }

    @Test func aSemicolonCSVWithDecimalCommasAndATotalsRow() {
        let csv = "sku;description;qty;unit price\nPAP-A4-80;A4 copy paper;10;650,50\nTON-HP-26A;HP 26A toner;2;2.980,00\n;;;\nTotal;;12;\n"
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master))
            .extract(bytes: Array(csv.utf8), filename: "eu.csv", fileLabel: "eu.csv").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(document.lines.map(\.unitPrice) == ["650.5", "2980"])
    }
}

/// Table columns as ERPs head them: an "Item" column of row numbers beside the "Description",
/// and a customer's own code in the SKU column that names no catalog product.
@Suite struct TableColumnTests {
    func extract(_ csv: String) -> OrderDocument {
        OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master))
            .extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
    }

    @Test func theDescriptionNamesTheProductWhenTheItemColumnNumbersTheRows() {
        let document = extract("Item,Description,Qty,Unit Price\n1,A4 copy paper,10,650\n2,HP 26A toner,2,2980\n")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
    }

    @Test func aVendorItemColumnHoldsOurSKU() {
        let document = extract("PO Number,Line,Vendor Item,Description,Qty,UOM\n4500123987,10,PAP-A4-80,Copy paper,20,EA\n")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(TableHeader.compoundField("vendor item") == .sku)
    }

    @Test func aCustomersOwnCodeIsNoSKU() {
        let document = extract("物料编码,物料名称,数量\nSL-PK-0031,A4影印紙,20\nSL-PK-0099,神秘商品,5\n")
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", nil])
        #expect(document.lines.last?.description?.hasPrefix("SL-PK-0099") == true)
    }

    @Test func aDozenIsTwelveOfTheCatalogsUnitAndOfABoxAPersonChecks() {
        let document = PlainOrderMail.extract("您好，藍色中性筆一打、透明膠帶十捲，謝謝。").document
        #expect(document.lines.first?.quantity == "12")
        #expect(document.issues.contains { $0.code == "unit_mismatch" && $0.field == "lines[1].quantity" })
    }
}

/// A table aligned with spaces, as a fax or a POS print: cells go to the column they stand under.
@Suite struct AlignedTableTests {
    @Test func aRowWithoutAPriceKeepsItsCountInTheQuantityColumn() {
        let text = """
        No. Item 貨品                      Qty 數量    Unit price 單價
        1   A4 copy paper                  20 box      NT$620
        2   HP 26A toner                   5 pcs

        """
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(text.utf8), filename: "fax.txt", fileLabel: "fax.txt").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "TON-HP-26A"])
        #expect(document.lines.map(\.quantity) == ["20", "5"])
        #expect(document.lines.map(\.unitPrice) == ["620", nil])
    }

    @Test func aBlankCellDoesNotShiftThePriceIntoTheCount() {
        // The 規格 column is blank on the second row; a plain split would read 180 as its count.
        let text = """
        序號  品名              規格          數量    單價
        1     A4影印紙          80g           20箱    620
        2     藍色中性筆                      12盒    180

        """
        let document = OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(text.utf8), filename: "fax.txt", fileLabel: "fax.txt").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80", "PEN-GEL-BL"])
        #expect(document.lines.map(\.quantity) == ["20", "12"])
        #expect(document.lines.map(\.unitPrice) == ["620", "180"])
    }

    @Test func cellsAreSplitWithTheirDisplayColumns() {
        let cells = TableCells.cellStarts("品名  數量")
        #expect(cells.map(\.start) == [0, 6])
    }
}
