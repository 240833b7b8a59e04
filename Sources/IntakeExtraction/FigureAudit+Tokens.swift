import Foundation
import IntakeModel

extension FigureAudit {
    struct Token {
        var range: Range<String.Index>
        /// The number, for a token that is a number (maybe with a unit or an `x` beside it);
        /// nil for a code such as `KM-55A`.
        var value: Decimal?
        /// A number opening the line as a list or row number (`1.`, `2)`, `3、`, a first cell).
        var isItemMarker: Bool
    }

    /// Runs of digits (with thousands separators and a decimal point), widened to the letters
    /// and joiners around them: `1,150`, `7B11`, `x10`, `KM/PO/26/0117`.
    static func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        var index = text.startIndex
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let isWord: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        while index < text.endIndex {
            guard isDigit(text[index]) else { index = text.index(after: index); continue }
            // Widen left over letters and joiners to the start of the word.
            var start = index
            while start > text.startIndex {
                let before = text.index(before: start)
                let character = text[before]
                if isWord(character) { start = before; continue }
                if "-/_".contains(character), before > text.startIndex, isWord(text[text.index(before: before)]) { start = before; continue }
                break
            }
            var end = index
            while end < text.endIndex {
                let character = text[end]
                if isWord(character) { end = text.index(after: end); continue }
                let next = text.index(after: end)
                if ".,".contains(character), next < text.endIndex, isDigit(text[next]), end > text.startIndex, isDigit(text[text.index(before: end)]) { end = next; continue }
                if "-/_".contains(character), next < text.endIndex, isWord(text[next]) { end = next; continue }
                break
            }
            let word = String(text[start..<end])
            let marker = isLeadingMarker(text, start: start, end: end)
            tokens.append(Token(range: start..<end, value: numericValue(of: word), isItemMarker: marker))
            index = end
        }
        return tokens
    }

    /// `12`, `1,150`, `3.5`, `x10`, `10x`, `10pcs`, `2kg`: the number; anything else is a code.
    static func numericValue(of word: String) -> Decimal? {
        var lower = word.lowercased()
        // "65.00/set", "12/box": the price or count per unit.
        if let slash = lower.firstIndex(of: "/"), lower[lower.index(after: slash)...].allSatisfy(\.isLetter) { lower = String(lower[..<slash]) }
        guard let match = RegexCache.firstRange(#"^(?:x)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)([a-z]*)$"#, in: lower) else { return nil }
        let body = String(lower[match])
        let digits = body.drop { $0 == "x" }.prefix { $0.isNumber || $0 == "," || $0 == "." }
        let suffix = body.drop { $0 == "x" }.dropFirst(digits.count)
        guard suffix.isEmpty || suffix == "x" || ItemUnits.units.contains(String(suffix)) || ["k", "g", "ml", "l", "m", "cm", "mm", "ea", "st", "nd", "rd", "th"].contains(String(suffix)) else { return nil }
        return DecimalText.parse(digits.replacingOccurrences(of: ",", with: ""))
    }

    /// A number at the start of the line followed by `.`, `)`, `、`, a tab or a cell bar.
    static func isLeadingMarker(_ text: String, start: String.Index, end: String.Index) -> Bool {
        // "Item 2:", "No. 3", "第2項", "#4" open an item as much as "4." does.
        let lead = TextNormalizer.lowercased(String(text[..<start])).trimmingCharacters(in: .whitespaces)
        guard lead.isEmpty || ["#", "(", "|", "item", "no.", "no", "line", "第", "項次", "项次", "品項", "品项"].contains(lead) else { return false }
        guard end < text.endIndex else { return !lead.isEmpty }
        let next = text[end]
        if !lead.isEmpty && [":", " ", "項", "项", ".", ")"].contains(next) { return true }
        if next == ",", text.index(after: end) < text.endIndex, !text[text.index(after: end)].isNumber { return true }
        // "1 | 工作夹克 | …": a first cell.
        let nextCell = text[end...].drop { $0 == " " }.first
        return [".", ")", "、", "\t", "|", "）"].contains(next) || text[end...].hasPrefix("  ") || nextCell == "|" || nextCell == "\t"
    }
}
