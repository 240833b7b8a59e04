import Foundation
import IntakeModel

extension DocumentBuilder {
    /// A table as ERPs and people export it: a title and a block of `label, value` rows (PO
    /// number, dates, address, payment) above the header row, which need not be on row 1. The
    /// header is the first of the top twenty rows with a product (or SKU) and a quantity column;
    /// the rows above it are read as labelled fields. Without such a header, the table is read as
    /// before (first row as header), which reports the layout as unknown.
    mutating func readTableAfterPrelude(_ rows: [[String]], location: String, rule: String) {
        guard let start = rows.prefix(20).firstIndex(where: { LineItemParser.columns(forHeader: $0) != nil }), start > 0 else {
            readTable(rows, location: location, rule: rule)
            return
        }
        var labelled: [TextLine] = []
        for (index, row) in rows[..<start].enumerated() {
            let cells = row.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
            guard cells.count >= 2 else { continue }
            // "採購單號 | GD-PO-115-1002 | 採購日期 | 115/10/02": label and value pairs side by side.
            func isLabel(_ cell: String) -> Bool {
                let label = TextNormalizer.lowercased(TextNormalizer.normalize(cell)).trimming(FieldLabels.labelEdges).trimmingCharacters(in: CharacterSet(charactersIn: ":"))
                return FieldLabels.field(for: label) != nil || OrderKeyMeaning.meaning(of: label) != nil
            }
            if cells.count >= 4, isLabel(cells[0]), isLabel(cells[2]) {
                for pair in stride(from: 0, to: cells.count - 1, by: 2) where isLabel(cells[pair]) {
                    labelled.append(TextLine(text: "\(cells[pair]): \(cells[pair + 1])", location: "\(location) \(index + 1)"))
                }
                continue
            }
            labelled.append(TextLine(text: "\(cells[0]): \(cells[1...].joined(separator: " "))", location: "\(location) \(index + 1)"))
        }
        readOrderFields(labelled)
        readTable(Array(rows[start...]), location: location, firstRow: start + 1, rule: rule)
    }
}
