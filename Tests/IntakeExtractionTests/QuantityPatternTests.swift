import Foundation
@testable import IntakeExtraction
import IntakeMIME
import IntakeTestSupport
import Testing

/// The quantity patterns' number words and units are written as alternations grouped by first
/// letter (`PatternAlternation`), which ICU runs about twice as fast. These tests hold them to
/// the flat alternations they replace: the same matches, capture groups included, on every line
/// of the example and evaluation mail and on generated lines of numbers, words and units.
@Suite struct QuantityPatternTests {
    /// The patterns as they were written before grouping (the reference): the units as one flat
    /// alternation, in the parser's order, which the grouped pattern must match alike.
    static let flatUnits = ItemUnits.units.joined(separator: "|")
    static let flatNumber = #"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二兩两三四五六七八九十百千]+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)(?![A-Za-z]))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozen|a hundred|hundred)(?![A-Za-z]))"#

    /// The shapes the parser builds from the two fragments (labelled, times, unit, colon, bare, changed).
    static func templates(number: String, units: String) -> [String] {
        let lookbehind = #"(?<![A-Za-z0-9.\-/])"#
        return [
            #"(?:qty\.?|quantity|數量|数量)\s*[:=]?\s*"# + lookbehind + number + #"\s*("# + units + ")?",
            #"(?:\bx|×|\*)\s*(?<![0-9.\-/])"# + number + #"\s*("# + units + #")?(?!\s*(?:元|塊|块|円|[.,]?\d))"#,
            lookbehind + number + #"\s*("# + units + #")(?:(?<![A-Za-z])|(?![A-Za-z]))(?!\s*/)"#,
            #"[:：]\s*"# + lookbehind + number + #"\s*("# + units + #")?\s*[.。]?\s*$"#,
            #"^[\s\-–—:：=¤]*"# + lookbehind + number + #"\s*("# + units + #")?[\s.。,，;；]*$"#,
            #"(?:从|從|由|from)\s*"# + lookbehind + number + #"\s*(?:"# + units + #")?\s*\S{0,4}?\s*(?:到|至|to|為|为|成)\s*"# + lookbehind + number + #"\s*("# + units + #")?"#,
        ]
    }

    static func matches(_ regex: NSRegularExpression, _ line: String) -> String {
        regex.matches(in: line, range: NSRange(line.startIndex..., in: line)).map { match in
            (0..<match.numberOfRanges).map { "\(match.range(at: $0))" }.joined(separator: "/")
        }.joined(separator: ",")
    }

    static var mailLines: [String] {
        var lines: [String] = []
        for folder in DocumentJSONTests.folders {
            let directory = Repository.path(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".eml") {
                guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                      let message = try? MIMEParser().parse(Array(data)) else { continue }
                for part in message.bodyParts() {
                    lines += part.decodedText().text.split(separator: "\n").map(String.init)
                }
            }
        }
        return lines
    }

    static var generatedLines: [String] {
        let tokens = ["1", "12", "1,200", "3.5", "40", "0", "one", "Two", "THREE", "ten", "Twelve", "thirteen", "twenty", "Twenty-One", "thirty five",
                      "ninety-nine", "a dozen", "dozen", "A Hundred", "hundred", "fourteen", "fortyfive", "sixties", "seventeens",
                      "pcs", "PC", "pieces", "Boxes", "box", "boxing", "packs", "set", "sets", "ea", "each", "kg", "KGS", "can", "cans",
                      "箱", "盒", "公斤", "千克", "个", "三", "十二", "兩", "百", "x", "X", "×", "*", "@", "qty", "Qty.", "數量", ":", "：", "(", ")", "（", "）",
                      "/", "-", ".", ",", "。", " ", " ", "  ", "\t", "from", "to", "从", "到", "元", "stra\u{00DF}e", "\u{017F}ix", "\u{212A}G", "A4", "x10", "#5"]
        var generator = SeededGenerator(seed: 42)
        return (0..<3000).map { _ in
            (0..<Int.random(in: 1...9, using: &generator)).map { _ in tokens.randomElement(using: &generator) ?? "" }.joined()
        }
    }

    /// Price patterns skipped by their clues give what trying all of them gives.
    @Test func priceCluesSkipOnlyPatternsThatCannotMatch() {
        let crafted = ["A4 paper x 10 @ 120", "unit price: NT$1,200", "單價 350", "每箱 1150元", "USD 12.50 each", "$3/pc", "¥200一個", "at 95 TWD per pack",
                       "10箱 × 1150元 = 11500元", "350元/箱", "Price: 1,234.5", "EACH AT 7", "PRICE 5", "€ 4 ea", "rmb88/个", "at 5 per", "5 x 3 boxes",
                       "ｕｎｉｔ ｐｒｉｃｅ １２", "no price here", "1150元", "x 3元", "2 pcs at 4 dollars each"]
        var priced = 0
        for text in crafted + Self.mailLines {
            let line = TextNormalizer.normalize(text)
            let expected = ItemPrices.price(in: line, usingClues: false)
            let found = ItemPrices.price(in: line)
            #expect(found.0 == expected.0 && found.1 == expected.1, "\(text.debugDescription)")
            if expected.0 != nil { priced += 1 }
        }
        #expect(priced >= 15)
    }

    @Test func groupedAlternationsMatchWhatTheFlatOnesMatched() throws {
        let corpus = Self.mailLines + Self.generatedLines
        #expect(corpus.count > 3000)
        let flat = Self.templates(number: Self.flatNumber, units: Self.flatUnits)
        let grouped = Self.templates(number: ItemQuantity.numberCore, units: ItemUnits.unitPattern)
        var compared = 0
        var matched = 0
        for (old, new) in zip(flat, grouped) {
            let before = try NSRegularExpression(pattern: old, options: [.caseInsensitive])
            let after = try NSRegularExpression(pattern: new, options: [.caseInsensitive])
            for line in corpus {
                let expected = Self.matches(before, line)
                #expect(Self.matches(after, line) == expected, "\(line)")
                compared += 1
                if !expected.isEmpty { matched += 1 }
            }
        }
        // Enough lines hold a quantity for the comparison to mean something.
        #expect(matched > 500, "\(matched) of \(compared) lines matched")
    }

    @Test func groupingKeepsTheOrderWithinALetter() {
        #expect(PatternAlternation.grouped(["four", "five", "fourteen", "one", "a dozen", "dozen"]) == "f(?:our|ive|ourteen)|one|a dozen|dozen")
        #expect(PatternAlternation.grouped(["箱", "盒", "公斤"]) == "箱|盒|公斤")
        #expect(PatternAlternation.grouped(["Ten", "two"]) == "t(?:en|wo)")
    }
}
