extension StringProtocol {
    /// Without leading and trailing spaces and tabs (and, with `newlines`, CR and LF).
    ///
    /// Foundation's `trimmingCharacters(in:)` goes through NSString and CharacterSet on Linux and
    /// was a visible share of header parsing; header white space is only ever these characters.
    func trimmedSpaces(newlines: Bool = false) -> String {
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (newlines && (scalar == "\r" || scalar == "\n")) || scalar == "\u{A0}"
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        guard let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
