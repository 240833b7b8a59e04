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

    @Test func controlsAndBackslashesCannotForgeAnotherName() {
        #expect(DropFolderFiles.displayName(Array("a\nb.eml".utf8)) == "a\\x0Ab.eml")
        // A real backslash is doubled, so "\xE4" written literally is not the byte E4.
        #expect(DropFolderFiles.displayName(Array("M\\xE4rz".utf8)) == "M\\\\xE4rz")
        #expect(DropFolderFiles.displayName(Array("M\\xE4rz".utf8)) != DropFolderFiles.displayName(Array("M".utf8) + [0xE4] + Array("rz".utf8)))
    }
}
