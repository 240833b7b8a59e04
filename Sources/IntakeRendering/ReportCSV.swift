/// A report table as RFC 4180 CSV: a header row, `,` between fields, quotes where a field holds
/// a comma, a quote or a line break, CRLF line ends (what spreadsheet programs expect).
///
/// For a spreadsheet to read, not a person: numbers plain (`85960.00`, no thousands separators,
/// no `%`; the header names the unit instead), empty cells empty.
public enum ReportCSV {
    /// The byte order mark that opens the file. Why: Excel reads a CSV without one in the
    /// system's ANSI code page, so 綠葉 arrives as mojibake; with it, as UTF-8.
    public static let byteOrderMark = "\u{FEFF}"

    /// The whole file: the byte order mark, the header, the rows.
    public static func csv(_ table: Report.Table) -> String {
        let header = table.columns.map { field($0.headerWithUnit) }.joined(separator: ",")
        let rows = table.rows.map { row in
            row.enumerated().map { index, cell in
                let style = index < table.columns.count ? table.columns[index].style : nil
                // Numbers are written by us and need no defusing; only text can hold a formula.
                if case .text(let text) = cell { return field(text) }
                return cell.plain(style)
            }.joined(separator: ",")
        }
        return byteOrderMark + ([header] + rows).joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        // A leading = + - @ would be a formula to a spreadsheet; a quote-and-apostrophe keeps it text.
        var value = text
        if let first = value.first, "=+@".contains(first) || (first == "-" && value.count > 1 && !value.dropFirst().allSatisfy({ $0.isNumber || $0 == "." || $0 == "," })) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
