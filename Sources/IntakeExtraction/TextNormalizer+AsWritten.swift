extension TextNormalizer {
    /// The span of `written` whose normalised form is `normalized`, as the customer wrote it.
    ///
    /// Rules read normalised text (`（` → `(`, `１` → `1`), but a field the desk copies onto a
    /// label or a confirmation — an address — should read as the customer wrote it:
    /// "東風中路318號（北門）" keeps its full-width brackets. Each line is normalised a character
    /// at a time to map offsets back; where that does not reproduce the line's own normal form
    /// (a combining sequence), the line is skipped and nil comes back.
    public static func asWritten(_ normalized: String, in written: String) -> String? {
        guard !normalized.isEmpty else { return nil }
        for line in written.split(whereSeparator: \.isNewline) where !line.isASCII {
            var pieces: [(character: Character, normal: String)] = []
            pieces.reserveCapacity(line.count)
            for character in line { pieces.append((character, normalize(String(character)))) }
            let joined = pieces.map(\.normal).joined()
            guard joined == normalize(String(line)), let range = joined.range(of: normalized) else { continue }
            // Offsets in characters of the normalised line; pieces map them back.
            let start = joined.distance(from: joined.startIndex, to: range.lowerBound)
            let end = joined.distance(from: joined.startIndex, to: range.upperBound)
            var offset = 0
            var out = ""
            var complete = false
            for piece in pieces {
                let next = offset + piece.normal.count
                if offset >= start && next <= end { out.append(piece.character) }
                else if offset < end && next > start { return nil }  // the span cuts a character's normal form
                if next == end { complete = true; break }
                offset = next
            }
            return complete ? out : nil
        }
        return nil
    }
}
