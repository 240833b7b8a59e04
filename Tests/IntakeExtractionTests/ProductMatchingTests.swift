import Foundation
import IntakeExtraction
import IntakeModel
import Testing

/// Catalog matching beyond exact names: similarity across scripts, Traditional/Simplified
/// variants, and guesses that are flagged instead of trusted.
@Suite struct ProductMatchingTests {
    static let master = ExampleInboxTests.master

    @Test(arguments: [
        ("A4標籤", "LBL-A4-65"),
        ("A4标签", "LBL-A4-65"),
        ("L-shaped folders", "FLD-L-A4"),
        ("stapplers", "STP-24-6"),
        ("HP 26A toner cartridges", "TON-HP-26A"),
        ("B5 notebooks with 60 pages", "NTB-B5-60"),
        ("透明膠帶 18mm", "TAP-CLR-18"),
    ])
    func aCloseDescriptionIsGuessed(_ written: String, _ sku: String) {
        #expect(Self.master.guessProduct(written)?.product.sku == sku)
    }

    @Test(arguments: [
        "paper",            // A4 and A3 copy paper explain it equally: ambiguous
        "藍色原子筆",         // a blue ballpoint pen is not the catalog's gel pen
        "see you in three days",
        "delivery next week please",
        "A4",               // shared by three products
        "printer",
    ])
    func aVagueOrForeignDescriptionIsNotGuessed(_ written: String) {
        #expect(Self.master.guessProduct(written) == nil, "guessed \(Self.master.guessProduct(written)?.product.sku ?? "")")
    }

    @Test func traditionalCharactersOutsideTheHandWrittenPairsStillMatchSimplified() {
        // 檯, 燈 and 櫃 are not among the pairs written by hand; the generated ICU table has them.
        let master = MasterData(products: [Product(sku: "LMP-LED", name: "LED台灯", aliases: [], unit: "pcs"),
                                           Product(sku: "HL-Y", name: "荧光笔 黄色", aliases: [], unit: "pcs")], customers: [])
        #expect(master.product(matching: "LED檯燈")?.sku == "LMP-LED")
        #expect(TextNormalizer.matchKey("檔案櫃") == TextNormalizer.matchKey("档案柜"))
        // Regional wording written by hand: Taiwan's 螢光筆 is the mainland's 荧光笔.
        #expect(master.product(matching: "螢光筆 黃色")?.sku == "HL-Y")
    }

    @Test func aGuessedLineIsMarkedForReviewAndLowersConfidence() throws {
        let message = "From: wang.fang@greenleaf.com.tw\r\nDate: Thu, 10 Dec 2026 10:00:00 +0800\r\nSubject: =?UTF-8?B?6KiC6LO8?=\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n您好：\r\n\r\nA4標籤 3包，另外 L-shaped foldrs x 4，送到台北市信義路五段7號。\r\n"
        let document = OrderExtractor(context: ExtractionContext(master: Self.master))
            .extract(bytes: Array(message.utf8), filename: "x.eml", fileLabel: "x.eml").document
        #expect(document.kind == .order)
        #expect(document.lines.map(\.sku) == ["LBL-A4-65", "FLD-L-A4"])
        #expect(document.lines.map(\.quantity) == ["3", "4"])
        // 包 of labels sold by the pack: the catalog's unit.
        #expect(document.lines.first?.unit == "pack")
        // "A4標籤": every word is one of the labels' own (A4 from its name, 標籤 from 標籤紙),
        // a match; "L-shaped foldrs" is a typo of the folder's words: a guess.
        let guessed = document.issues.filter { $0.code == "product_guessed" }
        #expect(guessed.map(\.field) == ["lines[2].sku"])
        #expect(guessed.first?.message.contains("FLD-L-A4") == true)
        #expect(document.confidence < 0.95)
    }

    @Test func aProseSentenceWithACountIsNotTurnedIntoAGuessedLine() {
        let message = "From: a@b.example\r\nDate: Thu, 10 Dec 2026 10:00:00 +0800\r\nSubject: order\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease send 10 boxes of A4 copy paper.\r\nLast time 3 boxes arrived late.\r\n"
        let document = OrderExtractor(context: ExtractionContext(master: Self.master))
            .extract(bytes: Array(message.utf8), filename: "x.eml", fileLabel: "x.eml").document
        #expect(document.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(!document.issues.contains { $0.code == "product_guessed" })
    }

    @Test func aCountNoItemWasReadFromLowersConfidenceInsteadOfVanishing() {
        func extract(_ body: String) -> OrderDocument {
            let message = "From: purchasing@northwind.example\r\nDate: Thu, 10 Dec 2026 10:00:00 +0800\r\nSubject: order\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
            return OrderExtractor(context: ExtractionContext(master: Self.master)).extract(bytes: Array(message.utf8), filename: "x.eml", fileLabel: "x.eml").document
        }
        let missed = extract("Please send 5 boxes of A4 copy paper and 3 packs of glitter pens.\r\n")
        #expect(missed.lines.map(\.sku) == ["PAP-A4-80"])
        #expect(missed.issues.map(\.code).contains("unread_quantity"))
        #expect(missed.confidence < 0.95)
        // Every count read, prices beside them and a legal footer with sample figures: no doubt.
        let clean = extract("- 4 x PAP-A3-80 @ 1,150 ea\r\n- 2 x STP-24-6\r\n\r\nThis email is confidential and intended for the recipient only; quantities such as 999 boxes are examples.\r\n")
        #expect(clean.lines.map(\.sku) == ["PAP-A3-80", "STP-24-6"])
        #expect(!clean.issues.map(\.code).contains("unread_quantity"), "\(clean.issues)")
    }
}
