/// A report table as RFC 4180 CSV: a header row, `,` between fields, quotes where a field holds
/// a comma, a quote or a line break, CRLF line ends (what spreadsheet programs expect).
public enum ReportCSV {
    public static func csv(_ table: Report.Table) -> String {
        ([table.columns] + table.rows).map { row in row.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
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
