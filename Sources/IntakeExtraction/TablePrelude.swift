import Foundation

/// Tells the labelled rows above and below a table's items ("採購單號 | GD-PO-115-1002") from its title and items:
/// pure row reading, apart from `TableOrderReader`, which decides what to do with them.
enum TablePrelude {
    static func isFieldLabel(_ cell: String) -> Bool {
        let label = TextNormalizer.lowercased(TextNormalizer.normalize(cell)).trimming(FieldLabels.labelEdges).trimmingCharacters(in: CharacterSet(charactersIn: ":"))
        return FieldLabels.field(for: label) != nil || OrderKeyMeaning.meaning(of: label) != nil
    }

    /// Whether a cell holds a label and its value ("交貨日期: 2026/05/08").
    static func isSelfLabelled(_ cell: String) -> Bool {
        guard let colon = cell.firstIndex(where: { $0 == ":" || $0 == "：" }),
              !cell[cell.index(after: colon)...].trimmedSpaces().isEmpty else { return false }
        return isFieldLabel(String(cell[..<colon]))
    }

    /// A row as labelled text lines: "採購單號 | GD-PO-115-1002 | 採購日期 | 115/10/02" (label and
    /// value pairs side by side), "收件人 | 張文山", or one cell with its own labels
    /// ("收貨人：吳俊賢　電話：07-322-4455"); nil for a title, an item or a total.
    static func labelledRow(_ row: [String]) -> [String]? {
        let cells = row.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        guard let first = cells.first else { return nil }
        if cells.count == 1 {
            guard let colon = first.firstIndex(where: { $0 == ":" || $0 == "：" }), isFieldLabel(String(first[..<colon])) else { return nil }
            return [TextNormalizer.normalize(first)]
        }
        // "Supplier: | Fengyuan … | Required Date: | 30/06/2026": label cells (known, or ending in a
        // colon) each with the cells up to the next label; a label the rules do not know is
        // skipped by them, and its value never runs into the next field.
        // "訂單編號: KW-2604-07 | 交貨日期: 2026/05/08 | 付款: 銀行轉賬": each cell its own field.
        if cells.allSatisfy(isSelfLabelled) { return cells.map { TextNormalizer.normalize($0) } }
        let labelCells = cells.indices.filter { !isSelfLabelled(cells[$0]) && (isFieldLabel(cells[$0]) || cells[$0].hasSuffix(":") || cells[$0].hasSuffix("：")) }
        if cells.count >= 4, labelCells.count >= 2, labelCells.first == 0, labelCells.contains(where: { isFieldLabel(cells[$0]) }) {
            let pairs = labelCells.enumerated().compactMap { position, start -> String? in
                let end = position + 1 < labelCells.count ? labelCells[position + 1] : cells.count
                guard end > start + 1 else { return nil }
                let label = cells[start].trimmingCharacters(in: CharacterSet(charactersIn: ":："))
                return "\(label): \(cells[(start + 1)..<end].joined(separator: " "))"
            }
            if !pairs.isEmpty { return pairs }
        }
        guard isFieldLabel(cells[0]) else { return nil }
        return ["\(cells[0]): \(cells[1...].joined(separator: " "))"]
    }

    /// The labelled rows of a block, as text lines the field rules read. Above the header every
    /// row of two cells or more counts (a label the rules do not know is skipped by them); below
    /// it only rows that open with a label.
    static func labelledLines(_ rows: ArraySlice<[String]>, location: String, firstRow: Int, aboveHeader: Bool) -> [TextLine] {
        var lines: [TextLine] = []
        for (offset, row) in zip(rows.indices, rows) {
            let rowNumber = offset - rows.startIndex + firstRow
            if let texts = labelledRow(row) {
                lines += texts.map { TextLine(text: $0, location: "\(location) \(rowNumber)") }
                continue
            }
            let cells = row.map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
            guard aboveHeader, cells.count >= 2 else { continue }
            lines.append(TextLine(text: "\(cells[0]): \(cells[1...].joined(separator: " "))", location: "\(location) \(rowNumber)"))
        }
        return lines
    }
}
