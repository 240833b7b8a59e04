@testable import intake
import Testing

/// The terminal's tables: CJK text stays aligned and the table fits the width.
@Suite struct TextTableTests {
    @Test func countsWideCharactersAsTwoCells() {
        #expect(TextTable.width("信義科技") == 8)
        #expect(TextTable.width("ＡＢ") == 4)
        #expect(TextTable.width("abc") == 3)
        let table = TextTable(headers: ["a", "b"], rows: [["信義", "x"], ["ab", "y"]]).render().split(separator: "\n")
        #expect(table[2].firstIndex(of: "x").map { TextTable.width(String(table[2][..<$0])) } == 6)
        #expect(table[3].firstIndex(of: "y").map { TextTable.width(String(table[3][..<$0])) } == 6)
    }

    @Test func alignsNumberColumnsRight() {
        let table = TextTable(headers: ["customer", "revenue"], rows: [["綠葉", "6,300.00"], ["Northwind", "47,080.00"]], rightAligned: [1])
            .render().split(separator: "\n").map(String.init)
        #expect(Set(table.map(TextTable.width)).count == 1, "every line ends at the same cell: \(table)")
        #expect(table[2].hasSuffix(" 6,300.00") && table[3].hasSuffix("47,080.00"))
        #expect(table[0].hasSuffix("  revenue"))
    }

    @Test func fitsTheWidth() {
        let long = String(repeating: "長", count: 80)
        let rendered = TextTable(headers: ["id", "text"], rows: [["1", long]], maxWidth: 100).render()
        #expect(rendered.split(separator: "\n").allSatisfy { TextTable.width(String($0)) <= 100 })
        #expect(rendered.contains("…"))
    }
}
