import Foundation
@testable import IntakeExtraction
import IntakeTestSupport
import Testing

/// `ASCIIQuantityScanner` reads three of the quantity patterns by hand. These tests hold it to
/// ICU running the patterns themselves: the same matches (offsets, number and unit groups), the
/// same counts and the same first matches, on every ASCII line of the example and evaluation
/// mail and on generated lines built from the pieces the patterns care about (with the `¤` that
/// marks where a product's name stood).
@Suite struct ASCIIQuantityScannerTests {
    static let tokens = ["1", "12", "123", "1234", "1,200", "12,345.50", "1,2345", "1,234,56", "3.5", "3.", ".5", "0", "007", "9",
                         "one", "Two", "THREE", "ten", "Twelve", "thirteen", "twenty", "Twenty-One", "thirty five", "ninety-nine", "forty  two",
                         "sixty-", "a dozen", "A Dozen", "a  dozen", "dozen", "a hundred", "hundred", "fourteen", "fortyfive", "sixties", "teen",
                         "pcs", "PC", "pieces", "Boxes", "box", "boxing", "packs", "packets", "set", "sets", "ea", "each", "kg", "KGS", "can", "cans",
                         "doz", "Dozens", "ctn", "units", "unit",
                         "x", "X", "×", "*", "qty", "Qty.", "QUANTITY", "quantity:", "qty=", ":", "=", "/", " /", "-", ".", ",", "@", "$", "_", "#",
                         "\t", " ", " ", " ", "  ", " ¤ ", "¤", "price", " at ", "(", ")", "a", "b", "x10", "xten", "A4", "80gsm", "No."]

    static var generatedLines: [String] {
        var generator = SeededGenerator(seed: 7)
        let separators = ["", " ", " ", " ", "  ", "\t"]
        return (0..<8000).map { _ in
            (0..<Int.random(in: 1...10, using: &generator)).map { _ in
                (tokens.randomElement(using: &generator) ?? "") + (separators.randomElement(using: &generator) ?? "")
            }.joined()
        }
    }

    static var corpus: [String] {
        (QuantityPatternTests.mailLines + QuantityPatternTests.generatedLines + generatedLines).filter { ASCIIQuantityScanner($0) != nil }
    }

    static func describe(_ matches: [QuantityMatch], in text: String) -> String {
        matches.map { match in
            let offsets = { (range: Range<String.Index>) in "\(text.utf8.distance(from: text.startIndex, to: range.lowerBound))+\(text.utf8.distance(from: range.lowerBound, to: range.upperBound))" }
            return [offsets(match.range), offsets(match.number), match.unit.map(offsets) ?? "-"].joined(separator: "/")
        }.joined(separator: ",")
    }

    @Test func scannerFindsWhatICUFinds() {
        let corpus = Self.corpus
        #expect(corpus.count > 6000)
        var matched: [QuantityPattern: Int] = [:]
        for line in corpus {
            let scanned = QuantityReader(line)
            let reference = QuantityReader(line, useScanner: false)
            for pattern in [QuantityPattern.labelled, .times, .unit] {
                let expected = Self.describe(reference.matches(pattern), in: line)
                #expect(Self.describe(scanned.matches(pattern), in: line) == expected, "\(pattern) in \(line.debugDescription)")
                #expect(Self.describe(scanned.firstMatch(pattern).map { [$0] } ?? [], in: line)
                        == Self.describe(reference.firstMatch(pattern).map { [$0] } ?? [], in: line), "\(pattern) first in \(line.debugDescription)")
                if !expected.isEmpty { matched[pattern, default: 0] += 1 }
            }
        }
        // Each pattern matched often enough for the comparison to mean something.
        #expect(matched[.labelled, default: 0] > 300, "\(matched)")
        #expect(matched[.times, default: 0] > 300, "\(matched)")
        #expect(matched[.unit, default: 0] > 300, "\(matched)")
    }

    @Test func countsAreICUsCounts() {
        var counted = 0
        for line in Self.corpus {
            let expected = ItemQuantity.countedQuantities(in: line, useScanner: false)
            #expect(ItemQuantity.countedQuantities(in: line) == expected, "\(line.debugDescription)")
            if expected > 1 { counted += 1 }
        }
        #expect(counted > 100)
    }

    @Test func readsTheShapesOfOrderLines() throws {
        let line = "2. HP 26A Toner Cartridge x 6 pcs @ 2980, Qty: 1,200 Boxes and twenty-one reams"
        let scanner = try #require(ASCIIQuantityScanner(line))
        let bytes = Array(line.utf8)
        let text = { (range: Range<Int>?) in range.map { String(decoding: bytes[$0], as: UTF8.self) } }
        #expect(scanner.matches(.times).map { text($0.range) } == ["x 6 pcs"])
        #expect(scanner.matches(.labelled).map { [text($0.number), text($0.unit)] } == [["1,200", "Boxes"]])
        #expect(scanner.matches(.unit).map { text($0.range) } == ["6 pcs", "1,200 Boxes", "twenty-one reams"])
        // The mark left where a product's name stood is read too; anything else but printable
        // ASCII and tabs goes to ICU.
        let remainder = try #require(ASCIIQuantityScanner("1.  ¤  x 40 boxes @ 650"))
        #expect(remainder.firstMatch(.times)?.range == 8..<18)  // ¤ is two bytes
        #expect(ASCIIQuantityScanner("A4影印紙 3箱") == nil)
        #expect(ASCIIQuantityScanner("3 boxes\u{0B}") == nil)
    }

    /// Chinese text `mayHoldNumber` turns away is text in which ICU finds no count pattern.
    @Test func chineseTextWithoutNumeralsHoldsNoCount() {
        var generator = SeededGenerator(seed: 3)
        let pieces = ["品名", "：", "A4影印紙", "箱", "盒", "公斤", "千克", "數量", "请", "出貨", "，", "。", "「", "」", "x", "×", "*", "(", ")", "（", " ", "  ",
                      "三", "十", "兩", "百", "零", "〇", "1", "２", "ｘ", "one", "Ten", "個", "本", "打", "从", "到", "元", "/", "–", "“", "é", "\u{3007}"]
        var turnedAway = 0
        for line in QuantityPatternTests.mailLines + (0..<4000).map({ _ in (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() })
        where !ItemQuantity.mayHoldNumber(line) {
            turnedAway += 1
            let reader = QuantityReader(line, useScanner: false)
            for pattern in QuantityPattern.allCases {
                #expect(reader.firstMatch(pattern) == nil, "\(pattern) in \(line.debugDescription)")
            }
        }
        #expect(turnedAway > 500)
        #expect(ItemQuantity.mayHoldNumber("品名：A4影印紙") && ItemQuantity.mayHoldNumber("數量：十箱") && ItemQuantity.mayHoldNumber("ＡＢ１"))
        #expect(!ItemQuantity.mayHoldNumber("請協助安排出貨：") && ItemQuantity.mayHoldNumber("請協助\u{3007}出貨"))
    }

    @Test func mayHoldNumberSeesDigitsAndNumberWordsInAnyCase() {
        #expect(ItemQuantity.mayHoldNumber("see you Tomorrow") == false)
        #expect(ItemQuantity.mayHoldNumber("a DOZEN pens"))
        #expect(ItemQuantity.mayHoldNumber("Fourteen"))
        #expect(ItemQuantity.mayHoldNumber("item 7"))
        #expect(ItemQuantity.mayHoldNumber("nineteen"))
        #expect(ItemQuantity.mayHoldNumber("TEEN"))
        #expect(ItemQuantity.mayHoldNumber("[`{@") == false)
        // What it replaced: a lower-cased search for each word.
        let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "teen",
                     "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen", "hundred"]
        for line in Self.corpus where line.utf8.allSatisfy({ $0 < 0x80 }) && !line.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            let lower = line.lowercased()
            #expect(ItemQuantity.mayHoldNumber(line) == words.contains { lower.contains($0) }, "\(line.debugDescription)")
        }
    }
}
