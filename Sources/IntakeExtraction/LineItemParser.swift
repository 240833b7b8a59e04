import Foundation

/// Finds ordered lines: tables (pipes, tabs, aligned columns, HTML rows, CSV), labelled item
/// blocks (`品名：… 數量：…`), and item lines or prose that name a catalog product with a quantity.
///
/// Each way of writing items has a reader of its own (`ItemTableReader`, `LabelledItemReader`,
/// `ItemLineReader`, and `ItemCorrections` for what later lines say of them); the parser tries
/// them in that order and keeps the first that finds items.
struct LineItemParser {
    let master: MasterData

    func parse(_ lines: [TextLine]) -> [ParsedLine] {
        let lines = lines.map { TextLine(text: ItemQuantity.expandingThousands($0.text), location: $0.location) }
        if let table = ItemTableReader(master: master).parseTextTable(lines), !table.isEmpty { return table }
        let labelled = LabelledItemReader(master: master).parseLabelledBlocks(lines)
        if !labelled.isEmpty { return labelled }
        return ItemCorrections(master: master).applyingCorrections(ItemLineReader(master: master).parseItemLines(lines), lines: lines)
    }

    /// Turns table rows into lines (`ItemTableReader.parseRows`).
    func parseRows(_ rows: [[String]], map: [Int: TableHeader.Column], currency: String?, locations: [String], rule: String) -> [ParsedLine] {
        ItemTableReader(master: master).parseRows(rows.map { $0.map(ItemQuantity.expandingThousands) }, map: map, currency: currency, locations: locations, rule: rule)
    }
}
