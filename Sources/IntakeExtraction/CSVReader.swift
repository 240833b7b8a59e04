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
        func endRow() {
            row.append(quotedField ? field : field.trimmedSpaces())
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
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
                if rows.count >= maxRows { truncated = true; return Table(rows: rows, truncated: truncated, delimiter: separator) }
            default:
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return Table(rows: rows, truncated: truncated, delimiter: separator)
    }
}
