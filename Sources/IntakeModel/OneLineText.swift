/// Text that ends up on one line of something a machine reads: a display name in a `To:` header,
/// a company on an address label, a recipient on a delivery note.
///
/// Customers' documents carry whatever their systems put there; a JSON order whose name holds
/// CR LF once blocked its confirmation for good (the header writer rightly refuses it). Names are
/// made one line when the document is built, so every later reader gets the same clean value.
public enum OneLineText {
    /// Control characters (C0, DEL, C1) and Unicode line and paragraph separators become spaces;
    /// runs of spaces become one; the ends are trimmed. Nil stays nil, and text that is nothing
    /// but spaces after cleaning becomes nil.
    public static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        guard text.unicodeScalars.contains(where: isBreaking) || text.contains("  ") || text.first == " " || text.last == " " else {
            return text.isEmpty ? nil : text
        }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBreaking(scalar) || scalar == " " {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return result.isEmpty ? nil : String(result)
    }

    /// Whether a scalar would break a line or a header, or is invisible control.
    static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
