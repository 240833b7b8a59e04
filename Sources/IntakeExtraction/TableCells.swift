import Foundation

/// Splits a line of a text table into cells (at bars, tabs, two spaces or under the header's
/// columns) and tells rules and totals apart from rows. Apart from the reading of what the
/// cells mean: every line of a message goes through it, and its byte tests are its own.
enum TableCells {
    /// How many pieces `split(separator: " ")` makes of `text`, without making them.
    static func wordCount(_ text: String) -> Int {
        // In common text a space character is a space byte and nothing joins one.
        if TextNormalizer.isCommon(text) {
            var count = 0
            var inWord = false
            for byte in text.utf8 {
                if byte == UInt8(ascii: " ") { inWord = false } else if !inWord {
                    inWord = true
                    count += 1
                }
            }
            return count
        }
        var count = 0
        var inWord = false
        for character in text {
            if character == " " { inWord = false } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// Whether `splitCells` can make two cells of `line`: only at a pipe, a tab or two spaces.
    /// Most lines of a message hold none, and every line is tried as a table header; looking
    /// at the bytes first saves splitting and trimming them (a fiftieth of a mailbox sync).
    static func mayHoldCells(_ line: String) -> Bool {
        var previousSpace = false
        for byte in line.utf8 {
            if byte == UInt8(ascii: "|") || byte == UInt8(ascii: "\t") { return true }
            let space = byte == UInt8(ascii: " ")
            if space && previousSpace { return true }
            previousSpace = space
        }
        return false
    }

    /// The cells of a row of a table aligned with spaces, by where each starts under the
    /// header's cells (display columns: a CJK character is two wide, as the sender saw it).
    /// Nil for tables with bars or tabs, and where the header's cells cannot be placed.
    static func alignedCells(row: String, header: String, columns: Int) -> [String]? {
        guard !row.contains("|"), !row.contains("\t"), !header.contains("|"), !header.contains("\t") else { return nil }
        let headerStarts = cellStarts(header)
        guard headerStarts.count == columns, columns >= 2 else { return nil }
        var result = Array(repeating: "", count: columns)
        for (start, text) in cellStarts(row) {
            // The last header cell starting at or before this cell (two columns of slack).
            let column = headerStarts.lastIndex(where: { $0.start <= start + 2 }) ?? 0
            result[column] = result[column].isEmpty ? text : result[column] + " " + text
        }
        return result
    }

    /// Cells separated by two or more spaces, with the display column each starts at.
    static func cellStarts(_ line: String) -> [(start: Int, text: String)] {
        var cells: [(Int, String)] = []
        var column = 0
        var current = ""
        var currentStart = 0
        var spaces = 0
        for character in line {
            let width = character.unicodeScalars.first.map { $0.value >= 0x1100 && ($0.value <= 0x115F || (0x2E80...0xA4CF).contains($0.value) || (0xAC00...0xD7A3).contains($0.value) || (0xF900...0xFAFF).contains($0.value) || (0xFE30...0xFE4F).contains($0.value) || (0xFF00...0xFF60).contains($0.value) || (0xFFE0...0xFFE6).contains($0.value)) } == true ? 2 : 1
            if character == " " {
                spaces += 1
            } else {
                if spaces >= 2 || current.isEmpty {
                    if !current.isEmpty { cells.append((currentStart, current)) }
                    current = String(character)
                    currentStart = column
                } else {
                    current += String(repeating: " ", count: spaces) + String(character)
                }
                spaces = 0
            }
            column += width
        }
        if !current.isEmpty { cells.append((currentStart, current)) }
        return cells.map { (start: $0.0, text: $0.1) }
    }

    static func splitCells(_ line: String) -> [String] {
        var cells: [String]
        if line.utf8.contains(UInt8(ascii: "|")) {
            cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmedSpaces() }
            if cells.first == "" { cells.removeFirst() }
            if cells.last == "" { cells.removeLast() }
        } else if line.utf8.contains(UInt8(ascii: "\t")) {
            cells = line.split(separator: "\t").map { $0.trimmedSpaces() }
        } else {
            cells = Self.splitOnDoubleSpaces(line).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        }
        return cells
    }

    private static let totalWords = ["total", "subtotal", "sub-total", "grand total", "合計", "合计", "總計", "总计", "小計", "小计", "總額", "总额", "總金額", "总金额"]
    /// A total in a later cell of a pipe table, made once (they were joined per row).
    private static let totalCells = totalWords.map { "| " + $0 }

    /// Whether lower-cased `text` opens with a total's word. In common text (one scalar per
    /// character, none canonically equivalent to another) a prefix is a prefix of the bytes.
    static func startsTotal(_ lower: String) -> Bool {
        if TextNormalizer.isCommon(lower) { return totalWords.contains { lower.utf8.starts(with: $0.utf8) } }
        return totalWords.contains { lower.hasPrefix($0) }
    }

    /// A table's rule (`---|---`, `===`): only `-=+|: _`. Bytes suffice: a non-ASCII byte belongs
    /// to a character that is none of them (even one that begins with one: "-" and a combining
    /// mark is another character).
    static func isRule(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    /// Whether lower-cased `text` ends a table: a total opens it or stands in a later cell.
    static func endsTable(_ lower: String) -> Bool {
        startsTotal(lower) || totalCells.contains(where: { lower.hasSubstring($0) })
    }

    /// Cells of an aligned plain-text table: split where two or more spaces meet (what
    /// `components(separatedBy: "  ")` and a trim did, without Foundation's string search).
    static func splitOnDoubleSpaces(_ line: String) -> [Substring] {
        // In ASCII every byte is a character, and in the CJK text TextNormalizer knows no mark
        // can join a space: the bytes are searched (every line of a message is tried as a table
        // row, and breaking them into characters was a thirtieth of a sync).
        if line.isASCII || TextNormalizer.isCommon(line) {
            var cells: [Substring] = []
            let utf8 = line.utf8
            var start = utf8.startIndex
            var index = start
            while index < utf8.endIndex {
                let next = utf8.index(after: index)
                if utf8[index] == UInt8(ascii: " "), next < utf8.endIndex, utf8[next] == UInt8(ascii: " ") {
                    cells.append(line[start..<index])
                    var end = next
                    while end < utf8.endIndex, utf8[end] == UInt8(ascii: " ") { end = utf8.index(after: end) }
                    start = end
                    index = end
                } else {
                    index = next
                }
            }
            cells.append(line[start...])
            return cells
        }
        return splitOnDoubleSpaces(characters: line)
    }

    /// `splitOnDoubleSpaces` character by character, for text that is not ASCII.
    static func splitOnDoubleSpaces(characters line: String) -> [Substring] {
        var cells: [Substring] = []
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == " ", let next = line.index(index, offsetBy: 1, limitedBy: line.endIndex), next < line.endIndex, line[next] == " " {
                cells.append(line[start..<index])
                var end = next
                while end < line.endIndex, line[end] == " " { end = line.index(after: end) }
                start = end
                index = end
            } else {
                index = line.index(after: index)
            }
        }
        cells.append(line[start...])
        return cells
    }
}
