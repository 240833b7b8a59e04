/// Alternations for ICU patterns, grouped by first letter: `t(?:wenty|wo)|f(?:ive|our)` for
/// `twenty|two|five|four`.
///
/// Why: ICU tries every alternative of an alternation at every position of the text, and with
/// `.caseInsensitive` each try compares through its case-folding iterator; the quantity patterns
/// (thirty number words, sixty units) were a tenth of a mailbox sync. Grouped, one comparison
/// of the first letter rules out all but a few. The matches are the same: alternatives with
/// different first letters cannot match at the same place, and within a letter their order is
/// kept (ICU takes the first alternative that lets the whole pattern match). Each alternative
/// must begin with a literal character; what follows it is pattern text, kept as written. For
/// case-insensitive patterns: the first letters are compared lower-cased.
enum PatternAlternation {
    static func grouped(_ alternatives: [String]) -> String {
        var letters: [String] = []
        var rests: [String: [String]] = [:]
        for alternative in alternatives {
            guard let first = alternative.first else { continue }
            // Case-folded key: under `.caseInsensitive`, "T" and "t" start the same words.
            let key = String(first).lowercased()
            if rests[key] == nil { letters.append(key) }
            rests[key, default: []].append(String(alternative.dropFirst()))
        }
        return letters.map { letter in
            let rest = rests[letter] ?? []
            if rest.count == 1 { return letter + rest[0] }
            return letter + "(?:" + rest.joined(separator: "|") + ")"
        }.joined(separator: "|")
    }
}
