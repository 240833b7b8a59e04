import Foundation
@testable import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

@Suite struct NormalizationTests {
    @Test(arguments: [("十", 10), ("二十", 20), ("一百二十", 120), ("兩千零五", 2005), ("十五", 15), ("三萬", 30000)])
    func chineseNumerals(_ text: String, _ value: Int) {
        #expect(TextNormalizer.chineseNumeral(text) == value)
    }

    @Test(arguments: [("1,200", "1200"), ("１２", "12"), ("2,5", "2.5"), ("1,234.50", "1234.5"), ("二十", "20")])
    func numbers(_ text: String, _ expected: String) throws {
        #expect(DecimalText.format(try #require(TextNormalizer.number(text))) == expected)
    }

    /// Digits, commas and points are read off the bytes; the general reading is the reference.
    @Test func digitsAreReadAsTheGeneralReadingReadsThem() {
        var generator = SeededGenerator(seed: 11)
        let pieces = ["0", "1", "2", "5", "9", "12", "300", "4567", ",", ",", ".", "."]
        var read = 0
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let expected = TextNormalizer.writtenNumber(text)
            #expect(TextNormalizer.number(text) == expected, "\(text)")
            if expected != nil { read += 1 }
        }
        #expect(read > 1000)
    }

    /// The common characters of Chinese mail are normalised scalar by scalar; Foundation's
    /// replacements and NFKC are the reference, on every mail line and on generated text.
    @Test func commonTextIsNormalisedAsFoundationNormalisesIt() {
        var generator = SeededGenerator(seed: 5)
        let pieces = ["品名", "：", "A4", "影印紙", "　", "、", "，", "。", "「", "」", "【", "】", "《", "》", "（", "）", "１２", "ｍｍ", "Ｑｔｙ", "～", "\u{3400}",
                      "\u{9FFF}", " ", "\t", "\r\n", "箱", "¥", "￥", "ｶ", "é", "e\u{0301}", "\u{FF5F}", "\u{F900}", "㎏", "①", "\u{3000}\u{0301}", "、\u{0301}",
                      "–", "—", "“", "”", "‘", "’", "•", "‐", "…", "\u{2011}", "‼", "—\u{0301}", "和", "與", "以及"]
        let generated = (0..<4000).map { _ in (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() }
        var fast = 0
        for text in QuantityPatternTests.mailLines + generated {
            let expected = TextNormalizer.foundationNormalized(text)
            // Bytes, not String equality (which holds for canonically equivalent text too).
            #expect(Array(TextNormalizer.normalize(text).utf8) == Array(expected.utf8), "\(text.debugDescription)")
            if let common = TextNormalizer.commonNormalized(text) {
                #expect(Array(common.utf8) == Array(expected.utf8), "\(text.debugDescription)")
                fast += 1
            }
        }
        // Most text takes the scalar path; what it does not know goes to Foundation.
        #expect(fast > 2000)
        #expect(TextNormalizer.commonNormalized("e\u{0301}") == nil)
        // Traditional to Simplified by scalar, and the common-text test, against the character loops.
        for text in QuantityPatternTests.mailLines + generated + ["商品編號：A-1", "藍色中性筆\r\n", "\u{9F8D}\u{FE00}", "\u{F9A8}"] {
            if let simplified = TextNormalizer.commonSimplified(text) {
                #expect(Array(simplified.utf8) == Array(String(text.map(TextNormalizer.simplified)).utf8), "\(text.debugDescription)")
            }
            #expect(Array(FieldLabels.simplified(text).utf8) == Array((text.isASCII ? text : String(text.map(TextNormalizer.simplified))).utf8))
            if TextNormalizer.isCommon(text) {
                // One scalar per character, but for "\r\n".
                let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
                #expect(lines.unicodeScalars.count == lines.count, "\(text.debugDescription)")
                #expect(TableCells.splitOnDoubleSpaces(text) == TableCells.splitOnDoubleSpaces(characters: text))
            }
        }
        #expect(TextNormalizer.commonSimplified("藍色") == "蓝色")
        // Lower-casing by bytes where only A–Z have case; the standard library is the reference.
        for text in QuantityPatternTests.mailLines + generated + ["ΣΑΣ ΟΔΟΣ", "İstanbul", "ＡＢＣ", "Straße", "ǅ", "QTY：１２"] {
            #expect(Array(TextNormalizer.lowercased(text).utf8) == Array(text.lowercased().utf8), "\(text.debugDescription)")
        }
        #expect(TextNormalizer.commonNormalized("　１２、３") == "  12,3")
    }

    @Test func traditionalAndSimplifiedMatch() {
        #expect(TextNormalizer.matchKey("藍色中性筆") == TextNormalizer.matchKey("蓝色中性笔"))
        #expect(TextNormalizer.matchKey("Ａ４影印紙") == TextNormalizer.matchKey("a4 影印纸"))
    }
}

@Suite struct DateExtractionTests {
    func extract(_ body: String, date: String = "Wed, 25 Nov 2026 10:00:00 +0800") -> OrderDocument {
        let master = MasterData(products: [Product(sku: "PAP-A4-80", name: "A4 Copy Paper", aliases: ["A4影印紙"], unit: "box")], customers: [])
        let message = "From: a@b.example\r\nDate: \(date)\r\nSubject: order\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nA4影印紙 10箱\r\n\(body)\r\n"
        return OrderExtractor(context: ExtractionContext(master: master)).extract(bytes: Array(message.utf8), filename: "x.eml", fileLabel: "x.eml").document
    }

    @Test(arguments: [
        ("交貨日期：民國115年12月30日", "2026-12-30"),
        ("交貨日期：115/12/30", "2026-12-30"),
        ("交貨日期：2026年12月3日", "2026-12-03"),
        ("Delivery date: 30 December 2026", "2026-12-30"),
        ("Delivery date: Dec 3, 2026", "2026-12-03"),
        ("希望到貨日：下週三", "2026-12-02"),
        ("Delivery date: next Friday", "2026-12-04"),
        ("交貨日期：月底前", "2026-11-30"),
        ("交貨日期：12月3日", "2026-12-03"),
        ("交貨日期：本月28號前", "2026-11-28"),
        ("交货日期：下个月5日", "2026-12-05"),
        ("Delivery date: 25/12/2026", "2026-12-25"),
    ])
    func resolvesAgainstTheMessageDate(_ line: String, _ expected: String) {
        #expect(extract(line).requestedDeliveryDate == expected)
    }

    @Test func ambiguousNumericDateIsAnIssueNotAGuess() {
        let doc = extract("Delivery date: 03/04/2026")
        #expect(doc.requestedDeliveryDate == nil)
        #expect(doc.issues.contains { $0.code == "ambiguous_date" })
    }
}

@Suite struct BadInputTests {
    let extractor = OrderExtractor(context: ExtractionContext(master: MasterData(products: [], customers: [])))

    @Test func emptyAndBinaryFilesAreUnreadableWithAReason() {
        let empty = extractor.extract(bytes: [], filename: "x.eml", fileLabel: "x.eml").document
        #expect(empty.kind == .unreadable)
        #expect(empty.issues.first?.code == "empty_file")
        let binary = extractor.extract(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13], filename: "y.eml", fileLabel: "y.eml").document
        #expect(binary.kind == .unreadable)
        #expect(binary.issues.first?.message.contains("not an email") == true)
    }

    @Test func undecodableCharsetIsUnreadable() {
        var bytes = Array("From: a@b.example\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n".utf8)
        bytes += [0xFF, 0xFE, 0x80, 0xFF, 0x81, 0xFF]
        let doc = extractor.extract(bytes: bytes, filename: "z.eml", fileLabel: "z.eml").document
        #expect(doc.kind == .unreadable)
        #expect(doc.issues.first?.code == "decode_error")
        #expect(doc.issues.first?.message.contains("x-no-such-charset") == true)
    }

    @Test func hostileAttachmentNamesAreOnlyShownSanitised() {
        let message = """
            From: a@b.example\r
            Subject: order\r
            Content-Type: multipart/mixed; boundary=b\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            see attached\r
            --b\r
            Content-Type: application/pdf\r
            Content-Disposition: attachment; filename="../../etc/passwd"\r
            \r
            xx\r
            --b--\r
            """
        let doc = extractor.extract(bytes: Array(message.utf8), filename: "h.eml", fileLabel: "h.eml").document
        let issue = doc.issues.first { $0.code == "unsupported_attachment" }
        #expect(issue?.message.contains("passwd") == true)
        #expect(issue?.message.contains("../") == false)
    }

    @Test func contractDocumentAlwaysHasEveryField() throws {
        let doc = extractor.extract(bytes: [], filename: "x.eml", fileLabel: "x.eml").document
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(doc)) as? [String: Any]
        let keys = Set(object?.keys.map { $0 } ?? [])
        #expect(keys == ["schema", "kind", "source", "customer", "purchaseOrder", "orderReference", "currency", "lines", "paymentMethod",
                         "paymentTerms", "shipTo", "requestedDeliveryDate", "survey", "issues", "confidence"])
    }
}
