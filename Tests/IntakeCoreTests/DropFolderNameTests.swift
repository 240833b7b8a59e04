@testable import IntakeCore
import Testing

/// A file name is bytes; people and the store see it escaped where it is not UTF-8.
@Suite struct DropFolderNameTests {
    @Test func utf8NamesReadAsTheyAre() {
        #expect(DropFolderFiles.displayName(Array("訂單-2026.eml".utf8)) == "訂單-2026.eml")
        #expect(DropFolderFiles.displayName(Array("order 1.csv".utf8)) == "order 1.csv")
    }

    @Test func bytesThatAreNotUTF8AreEscaped() {
        let latin1 = Array("Bestellung-M".utf8) + [0xE4] + Array("rz.eml".utf8)
        #expect(DropFolderFiles.displayName(latin1) == "Bestellung-M\\xE4rz.eml")
        // Big5 bytes for 訂單, and a truncated UTF-8 sequence next to a valid one.
        #expect(DropFolderFiles.displayName([0xAD, 0x71, 0xB3, 0xE6]) == "\\xADq\\xB3\\xE6")
        #expect(DropFolderFiles.displayName([0xE8, 0xA8] + Array("訂".utf8)) == "\\xE8\\xA8訂")
    }

    @Test func invisibleAndReorderingCharactersAreShownAsBytes() {
        // U+202E RIGHT-TO-LEFT OVERRIDE, U+2028 LINE SEPARATOR, U+0085 NEXT LINE, U+200B ZERO WIDTH SPACE.
        #expect(DropFolderFiles.displayName(Array("order\u{202E}lmx.eml".utf8)) == "order\\xE2\\x80\\xAElmx.eml")
        #expect(DropFolderFiles.displayName(Array("a\u{2028}b\u{85}c\u{200B}.csv".utf8)) == "a\\xE2\\x80\\xA8b\\xC2\\x85c\\xE2\\x80\\x8B.csv")
        #expect(DropFolderFiles.displayName(Array("訂單\u{202E}.eml".utf8)).hasPrefix("訂單\\xE2"))
    }

    @Test func controlsAndBackslashesCannotForgeAnotherName() {
        #expect(DropFolderFiles.displayName(Array("a\nb.eml".utf8)) == "a\\x0Ab.eml")
        // A real backslash is doubled, so "\xE4" written literally is not the byte E4.
        #expect(DropFolderFiles.displayName(Array("M\\xE4rz".utf8)) == "M\\\\xE4rz")
        #expect(DropFolderFiles.displayName(Array("M\\xE4rz".utf8)) != DropFolderFiles.displayName(Array("M".utf8) + [0xE4] + Array("rz".utf8)))
    }
}
