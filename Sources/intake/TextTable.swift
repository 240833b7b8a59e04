/// Terminal tables that keep CJK text aligned: width is counted in terminal cells (East Asian
/// wide and full-width characters take two), and the table is fitted to `maxWidth` by
/// shortening the widest columns with an ellipsis.
struct TextTable: Sendable {
    var headers: [String]
    var rows: [[String]]
    var maxWidth: Int
    /// Columns of numbers, by index: aligned right so that digits and separators line up.
    var rightAligned: Set<Int>

    init(headers: [String], rows: [[String]], maxWidth: Int = 100, rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.maxWidth = maxWidth
        self.rightAligned = rightAligned
    }

    /// Terminal cells a string occupies.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || (value < 32) || (0x7F..<0xA0).contains(value) { return 0 }
        if (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) || (0xFE00...0xFE0F).contains(value) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// Cuts a string to at most `limit` cells, ending in `…` when cut.
    static func truncate(_ text: String, to limit: Int) -> String {
        guard width(text) > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let cells = character.unicodeScalars.reduce(0) { $0 + width(of: $1) }
            if used + cells > limit - 1 { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    static func pad(_ text: String, to cells: Int) -> String {
        text + String(repeating: " ", count: max(0, cells - width(text)))
    }

    func render() -> String {
        let clean = rows.map { row in row.map { $0.replacingOccurrences(of: "\n", with: " ") } }
        var widths = headers.map(Self.width)
        for row in clean {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.width(cell))
            }
        }
        let separator = 2
        // The last column is usually free text (issues, subject, reason): it gives way first.
        while widths.reduce(0, +) + separator * (widths.count - 1) > maxWidth {
            if let last = widths.indices.last, widths[last] > 16 {
                widths[last] -= 1
                continue
            }
            guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 6 else { break }
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let width = index < widths.count ? widths[index] : Self.width(cell)
                let text = Self.truncate(cell, to: width)
                if rightAligned.contains(index) { return String(repeating: " ", count: max(0, width - Self.width(text))) + text }
                return index == cells.count - 1 ? text : Self.pad(text, to: width)
            }.joined(separator: String(repeating: " ", count: separator))
        }
        var output = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        output += clean.map(line)
        return output.joined(separator: "\n")
    }
}
