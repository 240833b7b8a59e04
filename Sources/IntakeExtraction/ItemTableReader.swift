import Foundation
import IntakeModel

/// Reads the ordered lines of a table: a text table under a header found among the lines, or
/// the rows of an HTML table or a spreadsheet with their columns known. The cells and the
/// header are read by `TableCells` and `TableHeader`; here a row becomes an item.
struct ItemTableReader {
    let master: MasterData

    /// The items of the first text table among `lines` (a header, then rows under it) that
    /// gives any; nil when none does.
    func parseTextTable(_ lines: [TextLine]) -> [ParsedLine]? {
        var index = 0
        while index < lines.count {
            guard let (cells, map, currency) = Self.header(lines[index].text) else { index += 1; continue }
            let (rows, locations, next) = Self.rows(of: lines, under: index, cells: cells, map: map)
            let parsed = parseRows(rows, map: map, currency: currency, locations: locations, rule: "table under header \"\(lines[index].text.prefix(60))\"")
            if !parsed.isEmpty { return parsed }
            index = next
        }
        return nil
    }

    /// The line read as a table's header: its cells, the columns they head and a currency a
    /// header names; nil for a line that heads no product (or SKU) and quantity columns.
    static func header(_ text: String) -> (cells: [String], map: [Int: TableHeader.Column], currency: String?)? {
        // A header names a quantity column: a line without a quantity label is none.
        guard TableHeader.mayNameQuantity(text) else { return nil }
        var cells = TableCells.mayHoldCells(text) ? TableCells.splitCells(text) : []
        var header = cells.count >= 2 ? TableHeader.columns(forHeader: cells) : nil
        // Words separated by single spaces make a header only when at least half of them
        // are labels (at most five columns: ten words) and none holds a number: "Product: A3
        // paper, Qty: 7 boxes" is an item line with labels, not a header. Both are looked at
        // before the words are: most lines fail them, and reading every word as a label was
        // a twentieth of extraction.
        if header == nil, !text.containsNumber, TableCells.wordCount(text) <= 10 {
            cells = text.split(separator: " ").map(String.init)
            header = cells.count >= 2 ? TableHeader.columns(forHeader: cells) : nil
            if let found = header, found.map.count * 2 < cells.count || cells.contains(where: \.containsNumber) {
                header = nil
            }
        }
        guard let (map, currency) = header else { return nil }
        return (cells, map, currency)
    }

    /// The rows under the header at `index`, to a blank line after a row, a total or a line that
    /// is no row; with the location of each and the index of the line after them.
    static func rows(of lines: [TextLine], under index: Int, cells: [String], map: [Int: TableHeader.Column]) -> (rows: [[String]], locations: [String], next: Int) {
        var rows: [[String]] = []
        var locations: [String] = []
        var next = index + 1
        while next < lines.count {
            let text = lines[next].text.trimmedSpaces()
            if text.isEmpty { if rows.isEmpty { next += 1; continue } else { break } }
            if TableCells.isRule(text) { next += 1; continue }
            let lower = TextNormalizer.lowercased(text)
            if TableCells.endsTable(lower) { break }
            var rowCells = TableCells.splitCells(text)
            if rowCells.count < map.count {
                rowCells = text.split(separator: " ").map(String.init)
            }
            guard rowCells.count >= 2, rowCells.contains(where: \.containsNumber) else { break }
            // Columns aligned with spaces: each cell goes to the column its start stands
            // under ("3   Sterilisation pouch 滅菌袋   5 box" under "No. Item 貨品 | Qty | Unit
            // price" has no price, not its count in the price column).
            // Only where the plain split leaves no count in the quantity column, or leaves
            // a cell blank ("固体胶21g  [no 规格]  120支  3.5": the price would shift into the
            // count), and the aligned one has a count with every cell in a column of its own
            // (spaces standing for full-width ones do not align).
            let quantityColumn = map.first(where: { $0.value == .quantity })?.key
            let plainCount = quantityColumn.flatMap { $0 < rowCells.count ? ItemQuantity.splitQuantity(rowCells[$0]).0 : nil }
            if plainCount == nil || rowCells.count < cells.count, let quantityColumn,
               let aligned = TableCells.alignedCells(row: lines[next].text, header: lines[index].text, columns: cells.count), aligned.count == cells.count,
               aligned.filter({ !$0.isEmpty }).count >= 2, ItemQuantity.splitQuantity(aligned[quantityColumn]).0 != nil,
               plainCount == nil || aligned.filter({ !$0.isEmpty }).count == rowCells.count {
                rows.append(aligned)
                locations.append(lines[next].location)
                next += 1
                continue
            }
            if rowCells.count > cells.count, let productIndex = map.first(where: { $0.value == .product })?.key {
                // Spaces inside the product name: merge the surplus cells into it.
                let surplus = rowCells.count - cells.count
                let merged = rowCells[productIndex...(productIndex + surplus)].joined(separator: " ")
                rowCells.replaceSubrange(productIndex...(productIndex + surplus), with: [merged])
            }
            rows.append(rowCells)
            locations.append(lines[next].location)
            next += 1
        }
        return (rows, locations, next)
    }

    /// Turns table rows into lines; used for text tables, HTML tables and CSV files alike.
    func parseRows(_ rows: [[String]], map: [Int: TableHeader.Column], currency: String?, locations: [String], rule: String) -> [ParsedLine] {
        rows.enumerated().compactMap { rowIndex, row in
            let location = rowIndex < locations.count ? locations[rowIndex] : "row \(rowIndex + 1)"
            return parseRow(row, map: map, rowCount: rows.count, currency: currency, location: location, rule: rule)
        }
    }

    /// One row as an item; nil for a row that orders nothing (a total, a note, a count of 0).
    func parseRow(_ row: [String], map: [Int: TableHeader.Column], rowCount: Int, currency: String?, location: String, rule: String) -> ParsedLine? {
        func cell(_ column: TableHeader.Column) -> String? {
            guard let index = map.first(where: { $0.value == column })?.key, index < row.count else { return nil }
            let text = row[index].trimmedSpaces()
            return text.isEmpty ? nil : text
        }
        var description = cell(.product)
        // "2 Cat Canned Chicken 80g x24": a row number run into the name by a narrow column.
        if let written = description, let number = RegexCache.firstRange(#"^\d{1,3}\s+(?=\p{L})"#, in: written),
           Int(written[number].trimmedSpaces()).map({ $0 <= rowCount + 1 }) == true {
            description = String(written[number.upperBound...])
        }
        let skuText = cell(.sku)
        guard description != nil || skuText != nil else { return nil }
        // A totals row ("合计,,,79", "Total | | 12,460") says so in its first cell, whichever column that is.
        let firstCell = row.first { !$0.trimmedSpaces().isEmpty }?.trimmedSpaces().lowercased() ?? ""
        if TableCells.startsTotal((description ?? "").lowercased()) || TableCells.startsTotal(firstCell) { return nil }
        // A note or total row under the table ("備註, 請附出貨單"): a code-like cell with no
        // product name and no quantity is not an ordered line (a line of quantity 0 is none).
        if description == nil, cell(.quantity) == nil, skuText.flatMap(master.product(sku:)) == nil { return nil }
        // "请随货附送货单…" in the product column with no count and no price: a note, not a line.
        if cell(.quantity) == nil, cell(.unitPrice) == nil, skuText.flatMap(master.product(sku:)) == nil,
           description.flatMap({ master.product(matching: $0) }) == nil { return nil }
        var quantity = "0"
        var unit = cell(.unit)
        if let quantityText = cell(.quantity) {
            let (number, writtenUnit) = ItemQuantity.splitQuantity(quantityText)
            // "藍色垃圾袋 | 0 | 包 | 本月不需要": a count of nothing orders nothing.
            if number == 0 { return nil }
            quantity = number.map(DecimalText.format) ?? quantityText
            unit = unit ?? writtenUnit
        }
        var price: String?
        var currencyHint = currency
        if let priceText = cell(.unitPrice) {
            currencyHint = currencyHint ?? PaymentParser.currency(in: priceText)
            price = ItemPrices.firstNumber(priceText).map(DecimalText.format)
        }
        // The cells under a spec header ("LED面板灯" with "600x600 40W 4000K"); without one,
        // every cell no column claims. An ERP export's other cells (PO, buyer, address) are
        // noise to a product's name.
        let specColumns = map.filter { $0.value == .spec }.keys.sorted()
        let spec = (specColumns.isEmpty ? row.indices.filter { map[$0] == nil } : specColumns)
            .compactMap { $0 < row.count ? row[$0] : nil }.joined(separator: " ").trimmedSpaces()
        let (product, guess) = rowProduct(row, map: map, description: description, skuText: skuText, specColumns: specColumns, spec: spec)
        // A code in the SKU column that names no catalog product is the customer's own: it
        // stays in the description, and the line's SKU is unknown (null), as the contract says.
        let written = product == nil && skuText != nil && description != nil ? "\(skuText ?? "") \(description ?? "")" : (description ?? skuText)
        return ParsedLine(
            line: OrderDocument.Line(sku: product?.sku, description: written, quantity: quantity,
                                     unit: ItemUnits.normalizeUnit(unit), unitPrice: price),
            product: product,
            origin: FieldOrigin(field: "lines", location: location, rule: guess == nil ? rule : rule + ", product guessed by similarity",
                                excerpt: row.joined(separator: " | ")),
            currencyHint: currencyHint, guessScore: guess?.score, guessCoversEveryWord: guess?.coversEveryWord ?? false)
    }

    /// The row's product: by its SKU, by its name (with the spec cells, which tell variants
    /// apart), by the SKU cell as a name, else guessed by similarity (the guess returned too).
    func rowProduct(_ row: [String], map: [Int: TableHeader.Column], description: String?, skuText: String?,
                    specColumns: [Int], spec: String) -> (Product?, FuzzyProductMatcher.Guess?) {
        var product = skuText.flatMap(master.product(sku:))
        if product == nil, let description {
            // "马桶清洁剂 | 1加仑": the name with the row's spec cells may be a longer catalog
            // name (the gallon, not the litre the name alone is).
            // "扎带" with "300mm 100条/包": the name alone names none, with its spec one.
            if !spec.isEmpty, let specific = master.mentions(in: description + " " + spec).first?.product,
               master.mentions(in: description).first?.product.sku != specific.sku {
                product = specific
            }
            // The row's spec cells, else its other cells (a size, a colour), tell variants apart.
            let others = specColumns.isEmpty ? row.enumerated().filter { map[$0.offset] != .product }.map(\.element).joined(separator: " ") : spec
            if product == nil { product = master.product(matching: description, context: others) }
        }
        if let skuText, let named = master.product(matching: skuText) {
            if product == nil {
                product = named
            } else if let description, let read = product, named.sku != read.sku,
                      MissedItemChecks.namesEveryWord(description, product: named), !MissedItemChecks.namesEveryWord(description, product: read) {
                // "YS-C2 | Classical guitar capo": the code names the capo, and the name read
                // alone ("classical guitar") another product whose names miss a word written.
                product = named
            }
        }
        var guess: FuzzyProductMatcher.Guess?
        if product == nil, let description {
            // The name alone, else the name with the row's spec cells ("一次性使用离心管" with
            // "15ml 尖底"): a guess, which the line's issue marks for review.
            // Words no product has ("六钉" beside 203mm, 電動車 before 鋰電池) are left out of
            // a last try.
            guess = master.guessProduct(description) ?? (spec.isEmpty ? nil : master.guessProduct(description + " " + spec)
                ?? master.guessProduct(knownPartOf: description + " " + spec))
            product = guess?.product
        }
        return (product, guess)
    }
}
