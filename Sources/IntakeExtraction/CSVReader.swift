/// RFC 4180 CSV with the deviations customers' spreadsheets produce: `;` or tab delimiters
/// (detected), a UTF-8 byte-order mark, CRLF or LF, quoted fields with embedded line breaks.
public struct CSVReader: Sendable {
    /// Stops reading after this many rows, so that a hostile file cannot exhaust memory.
    public var maxRows: Int

    public init(maxRows: Int = 100_000) {
        self.maxRows = maxRows
    }

    public struct Table: Sendable, Equatable {
        public var rows: [[String]]
        /// True when `maxRows` cut the file short.
        public var truncated: Bool
        public var delimiter: Character
        /// The line of the file each row starts on (1-based, parallel to `rows`): blank lines are
        /// skipped and a quoted field may span lines, so a row's index does not give it.
        public var lines: [Int] = []
    }

    /// Picks the delimiter that splits the first line into the most fields outside quotes.
    public static func detectDelimiter(_ text: Substring) -> Character {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        var best: Character = ","
        var bestCount = 0
        for candidate: Character in [",", ";", "\t", "|"] {
            var count = 0
            var inQuotes = false
            for character in firstLine {
                if character == "\"" { inQuotes.toggle() }
                if character == candidate && !inQuotes { count += 1 }
            }
            if count > bestCount { best = candidate; bestCount = count }
        }
        return best
    }

    public func read(_ text: String, delimiter: Character? = nil) -> Table {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let separator = delimiter ?? Self.detectDelimiter(body)
        var table = RowCollector()
        var inQuotes = false
        var iterator = body.makeIterator()
        var pending: Character? = nil
        var lineNumber = 1
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { table.field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" || character == "\r" { lineNumber += 1 }
                    table.field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where table.field.trimmedSpaces().isEmpty:
                inQuotes = true
                table.quotedField = true
                table.field = ""
            case separator:
                table.endField()
            case "\n", "\r\n", "\r":
                table.endRow()
                lineNumber += 1
                table.rowStart = lineNumber
                if table.rows.count >= maxRows { return Table(rows: table.rows, truncated: true, delimiter: separator, lines: table.lines) }
            default:
                table.field.append(character)
            }
        }
        if !table.field.isEmpty || !table.row.isEmpty { table.endRow() }
        return Table(rows: table.rows, truncated: false, delimiter: separator, lines: table.lines)
    }

    /// The rows `read` has finished and the one it is filling, kept apart from the quoting state
    /// machine so that ending a field or a row reads the same wherever it happens.
    private struct RowCollector {
        var rows: [[String]] = []
        /// The line each finished row started on.
        var lines: [Int] = []
        var row: [String] = []
        var field = ""
        /// A quoted field keeps its spaces; an unquoted one is trimmed.
        var quotedField = false
        var rowStart = 1

        mutating func endField() {
            row.append(quotedField ? field : field.trimmedSpaces())
            field = ""
            quotedField = false
        }

        /// Ends the field and the row; a row of one empty field (a blank line) is dropped.
        mutating func endRow() {
            endField()
            if !(row.count == 1 && row[0].isEmpty) {
                rows.append(row)
                lines.append(rowStart)
            }
            row = []
        }
    }
}
