/// Which Chinese script a text is written in, told by the characters that differ between
/// the two: a mainland customer writes Simplified, Taiwan and Hong Kong Traditional. Used where
/// the script is the only clue to a region ("元" and "¥" are yuan in Shanghai, dollars in Taipei).
enum HanScript: Equatable {
    case traditional, simplified

    /// The script most of the text's distinguishing characters are in; nil when it has none.
    static func of(_ text: String) -> HanScript? {
        var traditional = 0
        var simplified = 0
        for scalar in text.unicodeScalars where scalar.value >= 0x2E80 {
            if TextNormalizer.traditionalToSimplified[scalar] != nil {
                traditional += 1
            } else if simplifiedMembers.contains(scalar) {
                simplified += 1
            }
        }
        guard traditional + simplified >= 2 else { return nil }
        if simplified > traditional * 2 { return .simplified }
        if traditional > simplified * 2 { return .traditional }
        return nil
    }

    /// The Simplified halves of the variant pairs (those that are not also Traditional forms).
    static let simplifiedMembers: Set<Unicode.Scalar> = {
        var members = Set<Unicode.Scalar>(TextNormalizer.traditionalToSimplified.values)
        members.subtract(TextNormalizer.traditionalToSimplified.keys)
        return members
    }()
}
