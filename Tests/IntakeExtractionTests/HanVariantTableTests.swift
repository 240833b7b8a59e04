@testable import IntakeExtraction
import Testing

/// The Traditional → Simplified table is keyed by scalar; lookups must give what the Character-
/// keyed table it replaced gave, for every character a text can hold.
@Suite struct HanVariantTableTests {
    /// The table as it was built before: Characters, whitespace skipped, later pairs winning.
    static let characterTable: [Character: Character] = {
        var map: [Character: Character] = [:]
        for table in [TextNormalizer.hanVariantPairs, TextNormalizer.commonPairs] {
            var iterator = table.filter { !$0.isWhitespace }.makeIterator()
            while let traditional = iterator.next(), let simplified = iterator.next() { map[traditional] = simplified }
        }
        return map
    }()

    @Test func everyKeyIsOneNFCScalarAboveTheLatinBlocks() {
        #expect(TextNormalizer.traditionalToSimplified.count == Self.characterTable.count)
        for (key, value) in TextNormalizer.traditionalToSimplified {
            #expect(key.value >= 0x2E80, "\(key)")
            #expect(String(key).precomposedStringWithCanonicalMapping == String(key), "\(key)")
            #expect(Self.characterTable[Character(key)] == Character(value), "\(key)")
        }
    }

    @Test func lookupsGiveWhatTheCharacterTableGave() {
        var characters: [Character] = Array(Self.characterTable.keys) + Array(Self.characterTable.values)
        // Compatibility ideographs (equal to their unified forms as Characters), ASCII, Latin,
        // emoji, an ideograph with a variation selector, combining marks.
        characters += (0xF900...0xFAD9).compactMap { Unicode.Scalar($0).map(Character.init) }
        characters += ["a", "Z", "7", "é", "e\u{301}", "ß", "😀", "👍🏽", "葛\u{E0100}", "、", "　", "\u{2F800}", "\u{2FA1D}"]
        var differing: [String] = []
        for character in characters where TextNormalizer.simplified(character) != (Self.characterTable[character] ?? character) {
            differing.append("\(character) U+\(String(character.unicodeScalars.first!.value, radix: 16))")
        }
        let count = differing.count
        #expect(count == 0, Comment(rawValue: differing.prefix(10).joined(separator: ", ")))
    }
}
