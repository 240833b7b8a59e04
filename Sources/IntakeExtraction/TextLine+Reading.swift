import Foundation

/// Text cut into the located lines the readers work on.
extension TextLine {
    /// Prose wrapped at a fixed width ("Please also add 3 packs of" / "smoked bacon - we…")
    /// joined back into its sentences, each at its first line's location: an item written across
    /// a line break is one item. Lists, tables, labelled lines and short lines are left alone.
    static func joiningWrappedProse(_ lines: [TextLine]) -> [TextLine] {
        func isProse(_ text: String) -> Bool {
            let trimmed = text.trimmedSpaces()
            return trimmed.count >= 12 && !trimmed.contains("\t") && !trimmed.contains("  ") && !trimmed.contains("|")
                && !ListMarker.strip(trimmed).marked && FieldLabels.split(trimmed) == nil && !trimmed.hasPrefix(">")
        }
        var result: [TextLine] = []
        var index = 0
        while index < lines.count {
            var line = lines[index]
            // A line that ends mid-sentence (wrapped near the usual width) and runs on.
            while index + 1 < lines.count, line.text.count >= 50, isProse(line.text), isProse(lines[index + 1].text),
                  let last = line.text.trimmedSpaces().last, !".:;!?。：；！？".contains(last),
                  FigureAudit.isProse(line.location), FigureAudit.position(line.location)?.0 == FigureAudit.position(lines[index + 1].location)?.0 {
                line.text = line.text.trimmedSpaces() + " " + lines[index + 1].text.trimmedSpaces()
                index += 1
            }
            result.append(line)
            index += 1
        }
        return result
    }

    /// A file's CR LF (Windows Notepad) or CR line ends as LF: a "\r\n" is one character, and
    /// a text split at "\n" characters would be one line.
    static func unixLineEnds(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    static func numbered(_ text: String, location: String) -> [TextLine] {
        text.lineSlices(omittingEmpty: false).enumerated().map { index, line in
            TextLine(text: String(line), location: location + " line " + String(index + 1))
        }
    }
}
