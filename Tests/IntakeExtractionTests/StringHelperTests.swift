import Foundation
@testable import IntakeExtraction
import IntakeMIME
import Testing

/// The hand-written trims and splits replace Foundation's on the hot path of extraction; they
/// must give what Foundation gives on the text customers write (ideographic and no-break spaces,
/// full-width punctuation, combining marks, emoji, empty pieces).
@Suite struct StringHelperTests {
    static let samples = [
        "", " ", "\t", "abc", "  abc  ", "\u{3000}透明胶带\u{3000}", "\u{00A0}A4 paper\u{00A0}", " -* A4: 10 boxes. ", "•• item ••",
        "e\u{0301} ", " \u{0301}x", "👍🏽 ok 👍🏽", ";;", "a;b;;c|d", "紙；筆，膠帶。好!嗎?", "a and b and ", " and ", "x / y / z", "1,200, 3",
        "A4影印紙、釘書機、", "、", "no separator here",
    ]

    static let multiline = samples + [
        "\n", "\n\n", "a\n", "\na", "a\nb", "a\r\nb", "a\r\n\r\nb\n", "\r\n", "\r\r\n\n", "a\n\u{0301}b", "x\u{0301}\ny", "行一\n\n行二\r\n",
        "Hello,\n\n1. A4 paper x 40 boxes\n2. Toner x 6\n\nBest,\nSarah\n", "five boxes of 2 KG strasse", "A4影印紙 10箱", "\u{1F44D}\u{1F3FD}\n\u{1F44D}", "\u{0085}a\u{2028}b\n",
    ]

    @Test(arguments: multiline)
    func lineSlicesSplitAsCharacterSplitDoes(_ text: String) {
        #expect(text.lineSlices(omittingEmpty: false) == text.split(separator: "\n", omittingEmptySubsequences: false))
        #expect(text.lineSlices() == text.split(separator: "\n"))
    }

    static let tableLines = multiline + ["a  b", "a   b  ", "  a", "a b  c\t d", "1  2  3", "    ", " ", "A4 paper  40  box", "a \u{0301} b", "\u{3000}1  2"]

    @Test(arguments: tableLines)
    func doubleSpaceCellsAreTheCharacterSplit(_ line: String) {
        #expect(TableCells.splitOnDoubleSpaces(line) == TableCells.splitOnDoubleSpaces(characters: line))
    }

    /// Table rules, totals and word counts read by bytes, against the character readings.
    @Test func tableLinesAreReadAsCharactersReadThem() {
        let totals = ["total", "subtotal", "sub-total", "grand total", "合計", "合计", "總計", "总计", "小計", "小计", "總額", "总额", "總金額", "总金额"]
        let lines = Self.tableLines + QuantityPatternTests.mailLines + ["---|---", "-\u{0338}--", "", "=== +", "_ _", "Total 5", "total\u{0301}", "合\u{0301}計 9",
                                                                        "\u{F9A8}計", "grand total: 12", "小計：300", "a  b \u{0301} c", " x  y "]
        for line in lines {
            #expect(TableCells.isRule(line) == line.allSatisfy({ "-=+|: _".contains($0) }), "\(line.debugDescription)")
            let lower = line.lowercased()
            #expect(TableCells.startsTotal(lower) == totals.contains(where: { lower.hasPrefix($0) }), "\(line.debugDescription)")
            var count = 0, inWord = false
            for character in line {
                if character == " " { inWord = false } else if !inWord { inWord = true; count += 1 }
            }
            #expect(TableCells.wordCount(line) == count, "\(line.debugDescription)")
        }
        #expect(TableCells.startsTotal("合計 9") && TableCells.isRule("--|--"))
    }

    /// Header lines are looked for only where a quantity label can be: never skipped where one is.
    @Test func headersAreLookedForOnlyWhereAQuantityCanBeNamed() {
        let crafted = ["Item | Qty | Unit price", "品名\t數量\t單價", "品名  数量  单价", "Product  QTY (pcs)  Price", "SKU  Quantity", "品項 | 件數", "品項 | 件数",
                       "Description Amount", "名稱 訂購數量", "Qty. Product", "货品  數量", "Product  Q_ty", "Hello there", "Total 5", "產品 | 价格"]
        var headers = 0, skipped = 0
        for text in crafted + QuantityPatternTests.mailLines {
            let line = TextNormalizer.normalize(text)
            let cells = TableCells.splitCells(line)
            let words = line.split(separator: " ").map(String.init)
            let isHeader = (cells.count >= 2 && TableHeader.columns(forHeader: cells) != nil) || (words.count >= 2 && TableHeader.columns(forHeader: words) != nil)
            if isHeader {
                #expect(TableHeader.mayNameQuantity(line), "\(text.debugDescription)")
                headers += 1
            }
            if !TableHeader.mayNameQuantity(line) { skipped += 1 }
        }
        #expect(headers >= 10)
        #expect(skipped > 500)
    }

    /// The byte look before a line is split into cells: never false where the split finds two.
    @Test func cellsAreLookedForOnlyWhereThereCanBeTwo() {
        var split = 0
        for line in Self.tableLines + QuantityPatternTests.mailLines + ["a|b", "|", "a\tb", "\t", "a \u{3000} b", "名稱  數量", "x\u{00A0}\u{00A0}y"] {
            let cells = TableCells.splitCells(line)
            if cells.count >= 2 {
                #expect(TableCells.mayHoldCells(line), "\(line.debugDescription)")
                split += 1
            }
            if !TableCells.mayHoldCells(line) { #expect(cells.count < 2, "\(line.debugDescription)") }
        }
        #expect(split > 10)
        #expect(!TableCells.mayHoldCells("A4 paper x 40 boxes"))
    }

    @Test(arguments: tableLines + ["x7", "٣ boxes", "Ⅻ", "½", "١٢", "no digits", "line 2"])
    func containsNumberIsCharacterIsNumber(_ text: String) {
        #expect(text.containsNumber == text.contains(where: \.isNumber))
        #expect(text[...].containsNumber == text.contains(where: \.isNumber))
    }

    @Test(arguments: [("please cancel the order", "cancel", true), ("cancelled; cancel", "cancel", true), ("cancelled", "cancel", false),
                      ("請cancel訂單", "cancel", true), ("x取消y", "取消", true), ("po: 123", "po", true), ("repo 1", "po", false),
                      ("the order2", "order", false), ("(order)", "order", true), ("", "order", false), ("order", "", true), ("order", "order", true)])
    func wordsNeedNonAlphanumericsAroundThemInASCII(_ text: String, _ word: String, _ expected: Bool) {
        #expect(PaymentParser.containsWord(text, word) == expected)
    }

    /// Payment terms run each pattern only where its word occurs; the reference runs them all.
    @Test func paymentTermsAreFoundWhereEveryPatternWouldFindThem() {
        let patterns = [#"(?i)\bnet\s*\d{1,3}(\s*days)?\b"#, #"月[結结]\s*\d{1,3}\s*天?"#, #"(?i)\b\d{1,3}\s*days\s+net\b"#, #"[票帳账]期\s*\d{1,3}\s*天"#]
        func reference(_ text: String) -> String? {
            let normalized = TextNormalizer.normalize(text)
            for pattern in patterns {
                if let range = RegexCache.firstRange(pattern, in: normalized) { return String(normalized[range]).trimmedSpaces() }
            }
            return nil
        }
        let crafted = ["Payment: NET 30", "net30 days", "30 days net", "30 DAYS NeT", "月結30天", "月结 45", "票期 60 天", "帳期30天", "ｎｅｔ　３０", "Internet 5",
                       "networking 30", "Dayß net 30", "payment ne t 30"]
        var found = 0
        for text in QuantityPatternTests.mailLines + crafted {
            let expected = reference(text)
            #expect(PaymentParser.terms(in: text) == expected, "\(text)")
            if expected != nil { found += 1 }
        }
        #expect(found >= 10)
        #expect(PaymentParser.containsCaseInsensitive("Terms: NeT 30", "net"))
        #expect(!PaymentParser.containsCaseInsensitive("n e t", "net"))
    }

    @Test func replySplittingFindsQuotesAndMarkersByTheirFirstCharacter() {
        let text = "Order below\n>\u{0338} not a quote\n> quoted 1\n  > quoted 2\nfresh\n-----Original Message-----\nold order\n"
        let (fresh, quoted) = ReplySplitter.splitReply(text)
        #expect(fresh == "Order below\n>\u{0338} not a quote\nfresh")
        #expect(quoted == "> quoted 1\n  > quoted 2\n-----Original Message-----\nold order\n")
        let chinese = ReplySplitter.splitReply("請出貨\n-----原始郵件-----\n舊訂單")
        #expect(chinese.fresh == "請出貨" && chinese.quoted == "-----原始郵件-----\n舊訂單")
        #expect(ReplySplitter.splitReply("-\u{0301}----original message-----\nx").quoted.isEmpty)
    }

    /// Lines are lower-cased only where a marker or disclaimer can open; upper case still opens one.
    @Test func replySplittingStillFindsDisclaimersInAnyCase() {
        for footer in ["This email and any attachments are confidential.", "THIS E-MAIL IS CONFIDENTIAL and intended for the recipient",
                       "Disclaimer: privileged", "本郵件含機密資訊", "________________________________", "-----ORIGINAL MESSAGE-----"] {
            let (fresh, quoted) = ReplySplitter.splitReply("Please send 5 boxes\nThanks\n\(footer)\nsample 99 pcs")
            #expect(fresh == "Please send 5 boxes\nThanks", "\(footer)")
            #expect(quoted == "\(footer)\nsample 99 pcs", "\(footer)")
        }
        #expect(ReplySplitter.splitReply("Thanks\nTotal 5\n").quoted.isEmpty)
    }

    /// The forwarded sender, against the line-by-line search without the whole-text look first.
    @Test func inlineForwardSenderIsFoundWhereTheLineSearchFindsIt() {
        func reference(_ text: String) -> MailAddress? {
            let markers = ["forwarded message", "begin forwarded message", "轉寄的郵件", "转发的邮件", "轉發的郵件", "原始郵件", "fwd:"]
            let lines = text.lineSlices()
            guard let start = lines.firstIndex(where: { line in markers.contains { line.lowercased().hasSubstring($0) } }) else { return nil }
            for line in lines[start...].prefix(8) {
                let trimmed = line.trimmedSpaces()
                for label in ["from:", "寄件者:", "发件人:", "寄件人:"] where trimmed.lowercased().hasPrefix(label) {
                    return AddressParser.parseList(Array(trimmed.dropFirst(label.count).utf8)).first
                }
            }
            return nil
        }
        let crafted = ["Hi\n---------- Forwarded message ---------\nFrom: Amy Lee <amy@buyer.example>\nDate: today\n\n10 boxes",
                       "FWD: order\nFROM: bob@buyer.example", "-------- 轉寄的郵件 --------\n寄件者: 王小明 <wang@buyer.example>\n主旨：訂單",
                       "Begin forwarded message:\n\nFrom: \"Ops\" <ops@buyer.example>", "Forwarded message\nno sender here", "nothing forwarded",
                       "ＦＷＤ: x\nFrom: y@z.example", "İ forwarded message\nFrom: i@x.example"]
        var found = 0
        for text in crafted + QuantityPatternTests.mailLines + [QuantityPatternTests.mailLines.joined(separator: "\n")] {
            let expected = reference(text)
            #expect(ForwardedMail.inlineForwardSender(text) == expected, "\(text.debugDescription)")
            if expected != nil { found += 1 }
        }
        #expect(found >= 4)
    }

    @Test func colonsAndTrimsAreThoseOfTheViews() {
        let edges = ScalarSet("-*•#> ")
        for text in Self.multiline + QuantityPatternTests.mailLines + ["品名：A4", "a:b:c", ":", "", "-* label -*", "• x", "e\u{0301}-"] {
            #expect(text.firstByteIndex(of: UInt8(ascii: ":")) == text.utf8.firstIndex(of: UInt8(ascii: ":")), "\(text.debugDescription)")
            let slice = text.dropFirst(min(1, text.count))
            #expect(slice.firstByteIndex(of: UInt8(ascii: ":")) == slice.utf8.firstIndex(of: UInt8(ascii: ":")), "\(slice.debugDescription)")
            let scalars = text.unicodeScalars
            let expected = scalars.firstIndex(where: { !edges.contains($0) }).map { first in
                String(text[first..<scalars.index(after: scalars.lastIndex(where: { !edges.contains($0) }) ?? first)])
            } ?? ""
            #expect(Array(text.trimming(edges).utf8) == Array(expected.utf8), "\(text.debugDescription)")
        }
    }

    @Test func chineseNumeralsByValueAreTheSet() {
        var members = 0
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(ItemQuantity.isChineseNumeral(value) == ItemQuantity.chineseNumerals.contains(scalar), "U+\(String(value, radix: 16))")
            if ItemQuantity.isChineseNumeral(value) { members += 1 }
        }
        #expect(members == ItemQuantity.chineseNumerals.count)
    }

    @Test func asciiIsEveryByteBelow128() {
        var texts = StringHelperTests.multiline + QuantityPatternTests.mailLines
        var generator = SystemRandomNumberGenerator()
        texts += (0..<2000).map { _ in String((0..<Int.random(in: 0...40, using: &generator)).map { _ in Int.random(in: 0...30, using: &generator) == 0 ? "é" : "a" }.joined()) }
        for text in texts {
            #expect(text.isASCII == text.utf8.allSatisfy { $0 < 0x80 }, "\(text.debugDescription)")
            for offset in [1, 3, 9] where text.count > offset {
                let slice = text.dropFirst(offset)
                #expect(slice.isASCII == slice.utf8.allSatisfy { $0 < 0x80 }, "\(slice.debugDescription)")
            }
        }
    }

    /// Unsubscribe requests, against comparing each word's prefix by characters.
    @Test func unsubscribeIsReadAsTheCharacterComparisonReadsIt() {
        func reference(subject: String, body: String) -> Bool {
            if SurveyReader.unsubscribeWords.contains(where: { subject.lowercased().hasSubstring($0) }) { return true }
            let firstLine = body.lineSlices().lazy.map { $0.trimmedSpaces().lowercased() }.first { !$0.isEmpty } ?? ""
            return SurveyReader.unsubscribeWords.contains { firstLine.hasPrefix($0) || (firstLine.count <= 40 && firstLine.hasSubstring($0)) }
        }
        let bodies = ["Unsubscribe me please", "\n\n  退訂  ", "please stop sending these surveys, they arrive every week and fill my inbox", "\u{F9A8}訂", "unsubscribe\u{0301}",
                      "Opt-Out", "我想取消訂閱問卷", "5 stars"] + QuantityPatternTests.mailLines
        var asked = 0
        for body in bodies {
            let expected = reference(subject: "Re: survey", body: body)
            #expect(SurveyReader.asksToUnsubscribe(subject: "Re: survey", body: body) == expected, "\(body.debugDescription)")
            if expected { asked += 1 }
        }
        #expect(asked >= 4)
    }

    /// The byte-pair look never rules out a word that occurs.
    @Test func bytePairsNeverRuleOutAWordThatOccurs() {
        var ruledOut = 0
        for text in QuantityPatternTests.mailLines + ["", "a", "訂單取消", "cancel the order"] {
            let pairs = BytePairSet(text)
            let characters = Array(text)
            for start in characters.indices {
                for length in 1...4 where start + length <= characters.count {
                    #expect(pairs.mayContain(String(characters[start..<(start + length)])), "\(text.debugDescription)")
                }
            }
            for word in ["cancel", "取消訂單", "complaint", "please send", "zq"] where !pairs.mayContain(word) {
                #expect(!text.hasSubstring(word))
                ruledOut += 1
            }
        }
        #expect(ruledOut > 100)
    }

    /// In-place search against the bytes of copies, for strings and slices of them.
    @Test func substringSearchFindsWhatTheBytesHold() {
        func reference(_ text: some StringProtocol, _ word: some StringProtocol) -> Bool {
            let hay = Array(text.utf8), pin = Array(word.utf8)
            guard !pin.isEmpty else { return true }
            guard hay.count >= pin.count else { return false }
            return (0...(hay.count - pin.count)).contains { Array(hay[$0..<($0 + pin.count)]) == pin }
        }
        let words = ["wrote", "寫道", "e\u{0301}", "é", "order", "", " ", "\r\n"]
        for text in StringHelperTests.multiline + ["On Monday, Amy wrote:", "在 2026年 寫道：", "caf\u{00E9} cafe\u{0301}"] {
            let slice = text.dropFirst(min(2, text.count))
            for word in words {
                #expect(text.hasSubstring(word) == reference(text, word), "\(text.debugDescription) \(word.debugDescription)")
                #expect(slice.hasSubstring(word) == reference(slice, word), "\(slice.debugDescription) \(word.debugDescription)")
                #expect(text.hasSubstring(word.dropFirst(0)) == reference(text, word))
            }
        }
    }

    @Test func scalarSetsAnswerASCIIFromBitsAsTheirMembersSay() {
        for (characters, spaces) in [(":*#", false), (";|", false), (";；，。!?", false), ("-*•:,.", true), ("-*•#> ", false), ("\u{7F}\u{0}@`", true)] {
            let set = ScalarSet(characters, spaces: spaces)
            let members = Set(characters.unicodeScalars)
            for value in UInt32(0)..<0x3100 {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(set.contains(scalar) == (members.contains(scalar) || spaces && String.isSpace(scalar)), "U+\(String(value, radix: 16)) in \(characters)")
            }
        }
    }

    @Test func disclaimerTestSkipsOnlyLinesNoOpeningStarts() {
        let lines = QuantityPatternTests.mailLines + ["This email and any attachments are confidential", "t\u{0301}his email is confidential",
                                                      "disclaimer: intended recipient only", "Confidentiality notice: privileged", "本郵件含機密資訊",
                                                      " this email is confidential", "\u{0301}this email confidential", "the information contained is privileged",
                                                      "此信件僅供收件人使用", "免責聲明：機密", "品名：本郵件", "本\u{0301}郵件 機密", "\u{F9A8}郵件 機密"]
        var disclaimers = 0
        for line in lines {
            let lower = line.lowercased()
            let expected = ReplySplitter.disclaimerOpenings.contains { lower.hasPrefix($0) } && ReplySplitter.disclaimerSubjects.contains { lower.contains($0) }
            #expect(ReplySplitter.startsDisclaimer(lower) == expected, "\(line)")
            if expected { disclaimers += 1 }
        }
        #expect(disclaimers >= 5)
    }

    @Test(arguments: multiline)
    func caseInsensitiveRangeMatchesFoundation(_ text: String) {
        for needle in ["a", "A", "B", "ab", "A4 PAPER", "paper x", "box", "BOXES", "\n", "\r\n", "zz", "x", "中", "紙", "A4影印紙", "é", "E\u{0301}", "\u{FB01}ve", "\u{212A}g", "stra\u{00DF}e", text, text + "x"] {
            #expect(text.caseInsensitiveRange(of: needle) == text.range(of: needle, options: .caseInsensitive), "\(needle) in \(text)")
        }
    }

    @Test(arguments: samples)
    func trimmedSpacesMatchesFoundation(_ text: String) {
        #expect(text.trimmedSpaces() == text.trimmingCharacters(in: .whitespaces))
        #expect(text[...].trimmedSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: samples)
    func trimmingMatchesFoundation(_ text: String) {
        let edges = "-*•:,."
        #expect(text.trimming(ScalarSet(edges, spaces: true)) == text.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: edges))))
        #expect(text.trimming(ScalarSet(edges)) == text.trimmingCharacters(in: CharacterSet(charactersIn: edges)))
    }

    @Test(arguments: samples)
    func splittingMatchesFoundation(_ text: String) {
        let separators = ";；，。!?|"
        #expect(text.components(separatedBy: ScalarSet(separators)) == text.components(separatedBy: CharacterSet(charactersIn: separators)))
        for separator in [" and ", "  ", ", ", " / ", "、", ";"] {
            #expect(text.pieces(separatedBy: separator) == text.components(separatedBy: separator), "separator \(separator)")
        }
    }

    @Test(arguments: ["Hello,", "Best regards,", "Sarah Miller", "Purchasing, Northwind Traders"])
    func linesWithoutNumbersSkipTheQuantityPatterns(_ line: String) {
        #expect(!ItemQuantity.mayHoldNumber(line))
        #expect(ItemQuantity.quantity(in: line) == nil)
        #expect(ItemQuantity.countedQuantities(in: line) == 0)
    }

    @Test(arguments: ["Staplers x 3", "ten boxes of paper", "Twenty-five boxes of folders", "A dozen packs of pens", "fifteen reams", "影印紙十箱", "Ａ４紙　１０箱"])
    func linesWithNumbersStillReachThem(_ line: String) {
        #expect(ItemQuantity.mayHoldNumber(line))
        #expect(ItemQuantity.quantity(in: line) != nil)
    }
}
