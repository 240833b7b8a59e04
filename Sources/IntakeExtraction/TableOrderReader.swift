import Foundation
import IntakeMIME
import IntakeModel

/// Reads a CSV file or an Excel workbook (alone or attached) into the builder: a table's items and its order-level
/// columns; apart from the text readers because a table says by its header what each cell is.
enum TableOrderReader {
    static func readCSVFile(_ bytes: [UInt8], name: String, into builder: inout DocumentBuilder) -> Extraction {
        guard let text = Charset.decodeFirstFitting(bytes, fallbacks: builder.context.fallbackCharsets) else {
            return builder.unreadable(Issue(code: .decodeError, field: nil, message: "\(builder.document.source.file): the CSV file is neither UTF-8 nor \(builder.context.fallbackCharsets.joined(separator: "/")); the original is kept"))
        }
        readCSVLines(text, location: "row", into: &builder)
        builder.document.kind = builder.lines.isEmpty ? .other : .order
        builder.note("kind", "file", builder.lines.isEmpty ? "CSV without order lines" : "CSV order file")
        return OrderFinisher.finish(&builder)
    }

    /// A CSV order: one row per line; order-level columns (customer email, PO, ship-to) may repeat
    /// on every row or stand on the first.
    static func readCSVLines(_ text: String, location: String, into builder: inout DocumentBuilder) {
        let table = CSVReader(maxRows: 10_000).read(text)
        if table.truncated {
            builder.document.issues.append(Issue(code: .tooManyRows, field: "lines", message: "\(location): more than 10000 rows; only the first 10000 were read"))
        }
        readTableAfterPrelude(table.rows, location: location, rule: "CSV columns", into: &builder)
    }

    /// A table as ERPs and people export it: a title and a block of `label, value` rows (PO
    /// number, dates, address, payment) above the header row, which need not be on row 1, and
    /// often another below the items (收件人 / 電話 / 送貨地址, 付款方式：月结30天). The header is
    /// the first of the top twenty rows with a product (or SKU) and a quantity column; the
    /// labelled rows above it and under the items are read as fields. Without such a header, the
    /// table is read as before (first row as header), which reports the layout as unknown.
    static func readTableAfterPrelude(_ rows: [[String]], location: String, rule: String, into builder: inout DocumentBuilder) {
        guard let start = rows.prefix(20).firstIndex(where: { TableHeader.columns(forHeader: $0) != nil }) else {
            readTable(rows, location: location, rule: rule, into: &builder)
            return
        }
        var labelled = TablePrelude.labelledLines(rows[..<start], location: location, firstRow: 1, aboveHeader: true)
        // Under the items: from the first labelled row after the header on (the rows between are
        // items, blanks and totals). Those rows are fields, not items ("備註 | …西瓜請挑熟度一致"
        // names a product and is no line).
        let footer = rows.indices.dropFirst(start + 1).first(where: { TablePrelude.labelledRow(rows[$0]) != nil })
        if let footer {
            labelled += TablePrelude.labelledLines(rows[footer...], location: location, firstRow: footer + 1, aboveHeader: false)
        }
        if builder.attachmentFieldLines != nil {
            builder.attachmentFieldLines! += labelled
        } else {
            OrderFieldReader.read(labelled, into: &builder)
        }
        readTable(Array(rows[start..<(footer ?? rows.count)]), location: location, firstRow: start + 1, rule: rule, into: &builder)
    }

    /// A table of rows whose first row is the header (a CSV file, a spreadsheet's sheet from its
    /// header row on); `firstRow` is the number people see for that header row.
    static func readTable(_ table: [[String]], location: String, firstRow: Int = 1, rule: String, into builder: inout DocumentBuilder) {
        guard let header = table.first, let (map, currency) = TableHeader.columns(forHeader: header) else {
            if !table.isEmpty {
                builder.document.issues.append(Issue(code: .unknownLayout, field: "lines", message: "\(location): no header row with a product (or SKU) and a quantity column"))
            }
            return
        }
        builder.tableHeaders.append(header.joined(separator: " "))
        let rows = Array(table.dropFirst())
        let locations = rows.indices.map { "\(location) \($0 + firstRow + 1)" }
        builder.lines += LineItemParser(master: builder.context.master).parseRows(rows, map: map, currency: currency, locations: locations, rule: rule)
        // Every figure accounted for, in tables too: a column of numbers no field reads (a
        // price column under a header the rules do not know) is for a person to look at.
        for (column, name) in header.enumerated() where map[column] == nil && !Self.describesRows(name) {
            let values = rows.compactMap { column < $0.count ? $0[column].trimmedSpaces() : nil }.filter { !$0.isEmpty }
            let numeric = values.filter { TextNormalizer.number(RegexCache.replacing(#"^(?:NT\$|US\$|HK\$|RMB|¥|\$)"#, in: $0, with: "")) != nil }
            guard values.count >= 2 || (values.count == 1 && rows.count == 1), numeric.count * 2 > values.count,
                  OrderKeyMeaning.meaning(of: TextNormalizer.normalize(name).trimmedSpaces()) == nil,
                  !Self.numbersRows(values), !Self.echoesQuantities(column: column, rows: rows, locations: locations, lines: builder.lines) else { continue }
            builder.document.issues.append(Issue(code: .unexplainedFigures, field: "lines",
                message: "\(location): the column \"\(name.trimmedSpaces())\" holds figures that no field reads; check for a price or quantity"))
            builder.note("unexplained", "\(location) column \(name.trimmedSpaces())", "figures in a column no field reads")
        }
        builder.writtenCurrency = builder.writtenCurrency ?? currency
        // Order-level columns, by what their headers mean (OrderKeyMeaning): the best column
        // for each field, its first non-empty value.
        var best: [OrderKeyMeaning.Field: (rank: Int, column: Int)] = [:]
        for (column, name) in header.enumerated() {
            guard let meaning = OrderKeyMeaning.meaning(of: TextNormalizer.normalize(name).trimmedSpaces()),
                  map[column] == nil || meaning.field == .currency else { continue }
            if meaning.rank > (best[meaning.field]?.rank ?? -1) { best[meaning.field] = (meaning.rank, column) }
        }
        let lineFields: [TextLine] = Self.tableFieldLabels.compactMap { field, label in
            guard let column = best[field]?.column else { return nil }
            for (offset, row) in rows.enumerated() where column < row.count && !row[column].trimmedSpaces().isEmpty {
                return TextLine(text: "\(label): \(row[column].trimmedSpaces())", location: "\(location) \(offset + firstRow + 1) column \(header[column].trimmedSpaces())")
            }
            return nil
        }
        OrderFieldReader.read(lineFields, into: &builder)
    }

    /// The label each order-level field is read under, in the order they are read.
    static let tableFieldLabels: [(OrderKeyMeaning.Field, String)] = [
        (.orderDate, "Order date"), (.email, "Email"), (.purchaseOrder, "PO"), (.address, "Ship to"), (.recipient, "Recipient"), (.phone, "Phone"), (.requestedDate, "Delivery date"),
        (.paymentMethod, "Payment"), (.paymentTerms, "Payment terms"), (.currency, "Currency"), (.company, "Company"), (.contactName, "Name"),
    ]

    /// Column headers whose figures describe the row rather than order anything: row numbers,
    /// totals, sizes and specs, remarks.
    /// "1, 2, 3" or "10, 20, 30" under "項目", "S/N" or "Pos.": the rows' own numbers (a note
    /// row below the table may put its text in the same column).
    static func numbersRows(_ values: [String]) -> Bool {
        let numbers = values.compactMap { Int($0) }
        guard let first = numbers.first else { return false }
        let step = numbers.count > 1 ? numbers[1] - first : first
        guard step == 1 || step == 10, first == 1 || first == step else { return false }
        return zip(numbers, numbers.dropFirst()).allSatisfy { $1 - $0 == step }
    }

    /// A column that says, row by row, the row's quantity or nothing yet ("未交数量", "Open
    /// qty" beside "已交数量" 0 in a portal's export): no figure of its own.
    static func echoesQuantities(column: Int, rows: [[String]], locations: [String], lines: [ParsedLine]) -> Bool {
        var quantities: [String: Decimal] = [:]
        for line in lines { if let quantity = DecimalText.parse(line.line.quantity) { quantities[line.origin.location] = quantity } }
        for (row, location) in zip(rows, locations) where column < row.count {
            let cell = row[column].trimmedSpaces()
            guard !cell.isEmpty else { continue }
            guard let value = TextNormalizer.number(cell), value == 0 || value == quantities[location] else { return false }
        }
        return true
    }

    static func describesRows(_ header: String) -> Bool {
        let label = TextNormalizer.lowercased(TextNormalizer.normalize(header)).trimmedSpaces()
        if label.isEmpty { return true }
        let words = ["no", "no.", "#", "line", "item #", "序号", "序號", "項次", "项次", "行號", "行号", "小計", "小计", "金額", "金额", "合計", "合计",
                     "total", "amount", "subtotal", "ext", "規格", "规格", "spec", "size", "尺寸", "尺碼", "尺码", "型號", "型号", "顏色", "颜色", "color",
                     "colour", "remark", "備註", "备注", "note", "包裝", "包装", "pack", "weight", "重量", "容量", "volume", "稅", "税", "tax", "discount", "折扣"]
        return words.contains { label == $0 || (label.count > 2 && $0.count > 1 && label.hasSubstring($0)) }
    }

    /// An Excel workbook: the sheet with the order lines is the first whose top rows hold a
    /// header with a product (or SKU) and a quantity column; other sheets (a cover page, notes,
    /// a price list) are skipped. Order fields may stand in the same columns as in a CSV file.
    static func readSpreadsheet(_ bytes: [UInt8], location: String, into builder: inout DocumentBuilder) {
        let sheets: [XLSXReader.Sheet]
        do { sheets = try XLSXReader(maxExpandedBytes: builder.context.limits.maxMessageBytes).sheets(bytes) } catch {
            builder.document.issues.append(Issue(code: error.code, field: nil, message: "\(location): \(error.message)"))
            return
        }
        for sheet in sheets where sheet.rows.prefix(20).contains(where: { TableHeader.columns(forHeader: $0) != nil }) {
            readTableAfterPrelude(sheet.rows, location: "\(location) sheet \(sheet.name) row", rule: "spreadsheet columns", into: &builder)
            return
        }
        builder.document.issues.append(Issue(code: .unknownLayout, field: "lines",
            message: "\(location): none of its \(sheets.count) sheets has a header row with a product (or SKU) and a quantity column"))
    }

    static func readSpreadsheetFile(_ bytes: [UInt8], name: String, into builder: inout DocumentBuilder) -> Extraction {
        readSpreadsheet(bytes, location: name, into: &builder)
        if builder.lines.isEmpty, let failure = builder.document.issues.first(where: { $0.code == .decodeError || $0.code == .tooLarge }) {
            return builder.unreadable(failure)
        }
        builder.document.kind = builder.lines.isEmpty ? .other : .order
        builder.note("kind", "file", builder.lines.isEmpty ? "workbook without order lines" : "Excel order file")
        return OrderFinisher.finish(&builder)
    }
}
