/// A master-data CSV file (`catalog.csv`, `customers.csv`) read row by row: each row with the
/// line it starts on, its values by column name, and every problem found so far, so that the
/// reader reports all the rows to fix rather than stopping at the first.
struct MasterDataFile {
    struct Row {
        let fields: [String]
        let line: Int
        fileprivate let header: [String]

        /// The trimmed value of `column`; nil when the column is absent or the value empty.
        func value(_ column: String) -> String? {
            guard let index = header.firstIndex(of: column), index < fields.count else { return nil }
            let text = fields[index].trimmedSpaces()
            return text.isEmpty ? nil : text
        }
    }

    /// The file's name as errors show it.
    let label: String
    /// Column names, lower-cased.
    let header: [String]
    let rows: [Row]
    private(set) var problems: [String] = []

    /// Nil for a file without even a header row.
    init?(csv text: String, label: String) {
        let table = CSVReader().read(text, delimiter: ",")
        guard let first = table.rows.first else { return nil }
        let header = first.map { $0.lowercased() }
        self.label = label
        self.header = header
        self.rows = zip(table.rows, table.lines).dropFirst().map { Row(fields: $0.0, line: $0.1, header: header) }
    }

    /// Notes `problem` (a rule's answer) against `row`; true when there was one.
    @discardableResult
    mutating func report(_ problem: String?, at row: Row) -> Bool {
        guard let problem else { return false }
        problems.append("\(label) line \(row.line): \(problem)")
        return true
    }

    /// Checks the value of `column` in `row` (when there is one) with `rule`; true when it passes.
    mutating func check(_ row: Row, _ column: String, _ rule: (String) -> String?) -> Bool {
        guard let text = row.value(column) else { return true }
        return !report(rule(text), at: row)
    }

    /// The error listing every problem, or nil when the file is good.
    func failure(_ code: ExtractionError.Code) -> ExtractionError? {
        guard !problems.isEmpty else { return nil }
        let summary = problems.count == 1 ? problems[0]
            : "\(label): \(problems.count) problems\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        return ExtractionError(code: code, message: summary, problems: problems)
    }
}
