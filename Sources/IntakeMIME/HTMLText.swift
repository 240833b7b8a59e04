import Foundation

/// Turns HTML mail into text an extractor can read: block elements become line breaks, table
/// rows one line each with cells separated by ` | `, entities decoded, scripts and styles dropped.
public enum HTMLText {
    static let blockTags: Set<String> = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "section", "article", "header", "footer", "address"]
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "yen": "¥", "copy": "©", "reg": "®",
        "ndash": "–", "mdash": "—", "hellip": "…", "middot": "·", "times": "×", "euro": "€", "pound": "£",
    ]

    public static func text(fromHTML html: String) -> String {
        byteText(fromHTML: html) ?? characterText(fromHTML: html)
    }

    /// The reading character by character, for any HTML (and the reference of `byteText`).
    static func characterText(fromHTML html: String) -> String {
        var output = ""
        var index = html.startIndex
        var skipUntil: String?
        // Once no "-->" follows, none follows a later comment either: searching again for each
        // of thousands of unclosed comments made hostile HTML take quadratic time.
        var commentsClose = true
        var cellInRow = 0
        var inCell = false
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tagText = html[html.index(after: index)..<close]
                index = html.index(after: close)
                if tagText.hasPrefix("!--") {
                    if !tagText.hasSuffix("--"), commentsClose {
                        if let end = html.range(of: "-->", range: index..<html.endIndex) { index = end.upperBound } else { commentsClose = false }
                    }
                    continue
                }
                let isClosing = tagText.hasPrefix("/")
                let name = tagText.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if let skip = skipUntil {
                    if isClosing && name == skip { skipUntil = nil }
                    continue
                }
                if !isClosing && (name == "script" || name == "style" || name == "head" || name == "title") {
                    skipUntil = name
                    continue
                }
                layOut(name, closing: isClosing, cellInRow: &cellInRow, inCell: &inCell, output: &output)
                continue
            }
            if skipUntil != nil { index = html.index(after: index); continue }
            if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = decodeEntity(entity) {
                    output += decoded
                    index = html.index(after: semicolon)
                    continue
                }
            }
            if character.isWhitespace {
                if let last = output.last, !last.isWhitespace { output.append(" ") }
            } else if !cellMarks.contains(character) {
                output.append(character)
            }
            index = html.index(after: index)
        }
        return finish(output)
    }

    /// What a tag does to the text: a row or a block starts a line, cells of a row are joined
    /// with ` | `. A block inside a cell (Outlook's `<p class=MsoNormal>` in every cell, a `<br>`)
    /// is marked, and `finish` joins a short cell's blocks with spaces, so that a row stays one
    /// line; a long cell (a page laid out in a table) keeps its lines.
    static func layOut(_ name: String, closing: Bool, cellInRow: inout Int, inCell: inout Bool, output: inout String) {
        switch name {
        case "tr", "table":
            if inCell { output.append(cellEnd); inCell = false }
            if name == "tr" && !closing { cellInRow = 0 }
            newline(&output)
        case "td", "th":
            if inCell { output.append(cellEnd); inCell = false }
            if !closing {
                if cellInRow > 0 { output += " | " }
                cellInRow += 1
                output.append(cellStart)
                inCell = true
            }
        default:
            guard blockTags.contains(name) else { return }
            if inCell { output.append(cellBreak) } else { newline(&output) }
        }
    }

    /// Marks `layOut` leaves for `finish`: where a cell starts and ends, and a block break
    /// inside one. Control characters no text keeps (they are dropped from the HTML's text).
    static let cellStart: Character = "\u{2}", cellEnd: Character = "\u{3}", cellBreak: Character = "\u{1}"
    static let cellMarks: Set<Character> = [cellStart, cellEnd, cellBreak]

    /// The cells' blocks joined: a short cell's with spaces (one row, one line), a long one's
    /// with line breaks; marks removed.
    static func joinCells(_ output: String) -> String {
        guard output.contains(where: { cellMarks.contains($0) }) else { return output }
        var result = ""
        var cell: String?
        func flush() {
            guard let text = cell else { return }
            let blocks = text.split(separator: cellBreak).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
            // A row's cell holds a name, a size, a count: a few short paragraphs at most.
            let short = text.count <= 120 && blocks.count <= 4
            result += blocks.joined(separator: short ? " " : "\n")
            cell = nil
        }
        for character in output {
            switch character {
            case cellStart:
                flush()
                cell = ""
            case cellEnd:
                flush()
            case cellBreak:
                if cell != nil { cell?.append(character) } else { result.append("\n") }
            default:
                if cell != nil { cell?.append(character) } else { result.append(character) }
            }
        }
        flush()
        return result
    }

    /// The output's lines trimmed, runs of blank lines made one, the ends trimmed.
    static func finish(_ output: String) -> String {
        let lines = joinCells(output).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmedSpaces() }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) {
            result.append(line)
        }
        return result.joined(separator: "\n").trimmedSpaces(newlines: true)
    }

    private static func newline(_ output: inout String) {
        while output.last == " " { output.removeLast() }
        if !output.hasSuffix("\n") { output.append("\n") }
    }

    static func decodeEntity(_ entity: String) -> String? {
        if entity.hasPrefix("#") {
            let body = entity.dropFirst()
            let value = body.lowercased().hasPrefix("x") ? UInt32(body.dropFirst(), radix: 16) : UInt32(body)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        return entities[entity.lowercased()]
    }
}
