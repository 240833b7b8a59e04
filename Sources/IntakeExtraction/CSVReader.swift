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
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var quotedField = false
        var truncated = false
        var iterator = body.makeIterator()
        var pending: Character? = nil
        var lineNumber = 1
        var rowStart = 1
        var lines: [Int] = []
        func endRow() {
            row.append(quotedField ? field : field.trimmedSpaces())
            if !(row.count == 1 && row[0].isEmpty) {
                rows.append(row)
                lines.append(rowStart)
            }
            row = []
            field = ""
            quotedField = false
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" || character == "\r" { lineNumber += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.trimmedSpaces().isEmpty:
                inQuotes = true
                quotedField = true
                field = ""
            case separator:
                row.append(quotedField ? field : field.trimmedSpaces())
                field = ""
                quotedField = false
            case "\n", "\r\n", "\r":
                endRow()
                lineNumber += 1
                rowStart = lineNumber
                if rows.count >= maxRows { truncated = true; return Table(rows: rows, truncated: truncated, delimiter: separator, lines: lines) }
            default:
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return Table(rows: rows, truncated: truncated, delimiter: separator, lines: lines)
    }
}
