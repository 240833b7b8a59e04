import Foundation
import IntakeModel

/// Checks that every figure the customer wrote in the new part of an order is accounted for.
///
/// The extractor's rules find what they know; what they do not know, they skip in silence. A
/// "5 % discount", a third item in a sentence the rules did not parse, a price the table reader
/// put nowhere: each leaves a number in the message that no field explains. Auditing the numbers
/// the other way round (from the text to the document, not from the rules to the text) catches
/// the misses of every rule at once, including rules not written yet, so that such an order goes
/// to a person instead of being approved untouched.
///
/// A figure is explained by an extracted field that covers it in the text (PO, order reference,
/// address, recipient, phone, payment terms, a line's product as written or its catalog name),
/// by a line's quantity, unit price or line total near it, by the order's total, or by a context
/// that is not an order's (a date, a time, a duration, a phone or tax number beside its label, an
/// address, a URL, an item number). Lines from the sign-off on are the signature and not audited.
struct FigureAudit {
    /// One text line with figures nothing explains.
    struct Finding: Equatable {
        var location: String
        var figures: [String]
        var excerpt: String
    }

    let lines: [TextLine]
    let parsed: [ParsedLine]
    let document: OrderDocument
    /// Products the text names without ordering them (excepted from a forwarded list): their
    /// names explain the figures in them too.
    var mentioned: [Product] = []
    /// The SKUs of the catalog products a text names. A line inside the item list that names
    /// one and gave no item ("制版费 一次", a count the rules do not know) is unexplained; a line
    /// that names an ordered product anywhere (the body's copy of an attached order's table)
    /// has that item's figures explained.
    var productsNamed: ((String) -> Set<String>)?
    /// The catalog sells a service by the hour: "抓 4 小時", "2 hours of installation" may be a
    /// count, not a duration.
    var sellsByTheHour = false

    func findings() -> [Finding] {
        guard !lines.isEmpty else { return [] }
        let fieldTexts = explainingTexts()
        let totals = orderTotals()
        let itemLocations = Set(parsed.map(\.origin.location))
        let end = signatureStart() ?? lines.count
        let listItemLines = unreadListLines(itemLocations: itemLocations)
        let itemIndexes = lines.indices.filter { itemLocations.contains(lines[$0].location) }
        let itemSpan = (itemIndexes.min() ?? 0)...(itemIndexes.max() ?? -1 < 0 ? 0 : itemIndexes.max()!)
        let billing = billingBlockLines()
        var found: [Finding] = []
        for index in 0..<end {
            let line = lines[index]
            guard !billing.contains(index), Self.holdsCount(line.text) || listItemLines.contains(index) || itemSpan.contains(index) else { continue }
            let isItemLine = itemLocations.contains(line.location)
            var unexplained = unexplainedFigures(in: line, isItemLine: isItemLine, fieldTexts: fieldTexts, totals: totals)
            // A numbered or bulleted line with a count, in a list whose other lines are items,
            // that gave no item: "3. 黑色棒球帽　二十頂" with a counter the rules do not know.
            if unexplained.isEmpty, listItemLines.contains(index), !isItemLine, !ItemCorrections.declines(line.text) {
                unexplained.append(String(line.text.trimmedSpaces().prefix(40)))
            }
            // A line between item lines that names a catalog product and gave no item.
            // Or anywhere above the signature, a line that names a catalog product beside a count
            // and gave no item ("SR-SVC-COMM 併網試運轉 2天", a count in a unit the rules took for
            // a duration).
            if unexplained.isEmpty, !isItemLine, let productsNamed, itemSpan.contains(index) || Self.namesWithACount(line.text),
               !ItemCorrections.declines(line.text), !productsNamed(line.text).isEmpty {
                unexplained.append(String(line.text.trimmedSpaces().prefix(40)))
            }
            if !unexplained.isEmpty {
                found.append(Finding(location: line.location, figures: unexplained, excerpt: line.text.trimmedSpaces()))
            }
        }
        return found
    }

    /// The figures of one line (numbers, and counts in words) that no field, no nearby item and
    /// no context explains.
    func unexplainedFigures(in line: TextLine, isItemLine: Bool, fieldTexts: [String], totals: Set<Decimal>) -> [String] {
        // What no order's figure is (dates, phones, a field's own text …): asked only when a
        // figure is left that the items do not explain, as it is most of the audit's cost.
        var coveredRanges: [Range<String.Index>]?
        func covered() -> [Range<String.Index>] {
            if let coveredRanges { return coveredRanges }
            var ranges = Self.contextRanges(in: line.text) + Self.setAsideClauses(in: line.text)
            if sellsByTheHour {
                ranges.removeAll { range in RegexCache.firstRange(#"(?i)^\d{1,3}\s*(?:個|个)?\s*(?:hours?|hrs?|小時|小时|鐘頭|钟头)"#, in: String(line.text[range])) != nil }
            }
            let lower = TextNormalizer.lowercased(line.text)
            for text in fieldTexts { ranges += Self.occurrences(of: text, in: lower, mappedTo: line.text) }
            coveredRanges = ranges
            return ranges
        }
        // The items around explain a cell of their row ("NT$1,850" alone under an Outlook row),
        // not a sentence of its own ("升降桌請派師傅現場安裝，抓 4 小時" under "鍵盤架 × 4").
        let isCell = isItemLine || (line.text.trimmedSpaces().count <= 16 && !line.text.contains(where: { "，,。!！?？;；".contains($0) }))
        var values = (isCell ? nearbyValues(of: line) : []).union(totals)
        // "唔好意思寫錯，瑤柱要5斤唔係3斤": a correction's figures are an item's count now and
        // the count its line first said, wherever the correction stands.
        if !isItemLine, ItemCorrections.correctsALine(line.text) { values.formUnion(Self.correctableValues(parsed)) }
        let rowCount = parsed.count
        var unexplained: [String] = []
        // A code on a line with no count ("另外想問PRO-2200多少錢", "for our new SS2 outlet")
        // orders nothing; beside a count ("HP 206A 碳粉匣：黑色兩支") it may name what was missed,
        // even when the count equals another item's.
        var codeRanges: [Range<String.Index>] = []
        var counts = false
        // Counts the items explain: they make the line one with counts unless a context covers them.
        var explainedCounts: [Range<String.Index>] = []
        var explainedWords: [Range<String.Index>] = []
        // "APC 650VA 不斷電系統 8台 NT$2,350" in the body, the order read from its attachment:
        // a line that names an ordered product carries that item's figures (asked only when
        // some figure is left, as naming is a catalog search).
        var named: Set<Decimal>?
        func namedValues() -> Set<Decimal> {
            if let named { return named }
            let found = isItemLine ? [] : namedItemValues(in: line.text)
            named = found
            return found
        }
        for token in Self.tokens(in: line.text).flatMap({ Self.splittingLists($0, in: line.text) }) {
            // "18吋雨刷", "15W-40（18升）", "H7 12V 55W": a size on the item's own line is
            // part of the product as written.
            if isItemLine && Self.isSpecification(token, in: line.text) { continue }
            guard let value = token.value else {
                codeRanges.append(token.range)
                continue
            }
            if values.contains(value) { explainedCounts.append(token.range); continue }
            if covered().contains(where: { $0.contains(token.range) }) { continue }
            counts = true
            if namedValues().contains(value) { continue }
            // "以下 3 項", "the 2 items below": the number of lines read, said so. Not a
            // bare "2 ctn" that happens to equal it.
            if value == Decimal(rowCount), Self.countsItems(after: token.range, in: line.text) { continue }
            if token.isItemMarker && value <= Decimal(max(rowCount, 1) + 1) { continue }
            // "10⇥MRO-PPE-0412⇥…⇥30⇥盒": a position numbered in tens, as ERP forms number them.
            if token.isItemMarker, isItemLine, value <= Decimal(10 * (rowCount + 1)), Self.isTens(value) { continue }
            // "1 12oz 紙杯(1000入) 20 箱 NT$1,850": a row's number before an ordered product.
            if value <= Decimal(rowCount + 1), line.text[..<token.range.lowerBound].trimmedSpaces().isEmpty, !namedValues().isEmpty { continue }
            unexplained.append(String(line.text[token.range]))
        }
        // Counts in words: "a dozen white chef jackets", "二十頂".
        for word in Self.wordCounts(in: line.text) {
            // "黑色工作襪(三雙入)": a count in brackets on the item's line describes the pack.
            let inBrackets = isItemLine && line.text[..<word.range.lowerBound].lastIndex(where: { $0 == "(" || $0 == "（" }).map { open in
                !line.text[open..<word.range.lowerBound].contains(where: { $0 == ")" || $0 == "）" })
            } == true
            if inBrackets || word.values.contains(where: values.contains) { explainedWords.append(word.range); continue }
            if covered().contains(where: { $0.overlaps(word.range) }) { continue }
            counts = true
            if word.values.contains(where: namedValues().contains) { continue }
            unexplained.append(String(line.text[word.range]))
        }
        guard !codeRanges.isEmpty else { return unexplained }
        if !counts {
            counts = explainedCounts.contains { range in !covered().contains { $0.contains(range) } }
                || explainedWords.contains { range in !covered().contains { $0.overlaps(range) } }
        }
        guard counts else { return unexplained }
        return unexplained + codeRanges.filter { range in !covered().contains { $0.contains(range) } }.map { String(line.text[$0]) }
    }

    /// Clauses that set an item aside: declined ("7. 路锥 70cm —— 这个先不要了", "we'll skip the
    /// 180mm rotors") or still in the customer's stock ("the workshop still has about 12 in
    /// stock", "上次的 1P 20A 还有库存"). Their figures order nothing. Cut at clause marks, so
    /// that "add 5 boxes of gloves; skip the masks" keeps its first clause audited.
    static func setAsideClauses(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start = text.startIndex
        var index = text.startIndex
        func close(_ end: String.Index) {
            let clause = String(text[start..<end])
            if ItemCorrections.declines(clause) || stockWords.contains(where: { TextNormalizer.lowercased(clause).hasSubstring($0) }) {
                ranges.append(start..<end)
            }
        }
        var depth = 0
        while index < text.endIndex {
            let character = text[index]
            if character == "(" || character == "（" { depth += 1 } else if (character == ")" || character == "）") && depth > 0 { depth -= 1 }
            // "第3,4項(10吋,12吋鼓皮)這次先不要": a comma inside brackets does not end the clause.
            if depth == 0, "，,;；。!！?？".contains(character) && !(character == "," && Self.isDigitComma(at: index, in: text)) {
                close(index)
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        close(text.endIndex)
        return ranges
    }

    static let stockWords = ["in stock", "still have", "still has", "left over", "from the last shipment", "还有库存", "還有庫存", "有库存", "有庫存", "仲有貨", "仲有货", "倉庫還有", "仓库还有"]

    /// A comma between digits ("1,150") belongs to the number.
    static func isDigitComma(at index: String.Index, in text: String) -> Bool {
        guard index > text.startIndex, text.index(after: index) < text.endIndex else { return false }
        return text[text.index(before: index)].isNumber && text[text.index(after: index)].isNumber
    }

    /// "5,80个" (a model's number, then the count) and "1,2,4,6" (numbers of a list) are no
    /// number with thousands: each piece stands alone, the first maybe a row's number.
    static func splittingLists(_ token: Token, in text: String) -> [Token] {
        let word = text[token.range]
        guard token.value == nil, word.contains(","), word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ",") }) else { return [token] }
        var pieces: [Token] = []
        var start = token.range.lowerBound
        for piece in word.split(separator: ",", omittingEmptySubsequences: false) {
            let end = text.index(start, offsetBy: piece.count)
            let isFirst = start == token.range.lowerBound
            pieces.append(Token(range: start..<end, value: DecimalText.parse(String(piece)),
                                isItemMarker: isFirst && token.isItemMarker || isFirst && text[..<start].trimmedSpaces().isEmpty))
            start = end < token.range.upperBound ? text.index(after: end) : end
        }
        return pieces
    }

    /// A short line (a list's line, not a sentence) with a count in a unit after it.
    static func namesWithACount(_ text: String) -> Bool {
        text.count <= 60 && RegexCache.firstRange(#"(?<![\d.,:/-])\d{1,5}\s*(?:[\p{Han}]|pcs|units?|days?|sets?)(?![\d])"#, in: text) != nil
            && !text.contains(where: { "。!！?？".contains($0) })
    }

    /// The figures of the items whose products a text names.
    func namedItemValues(in text: String) -> Set<Decimal> {
        guard let productsNamed else { return [] }
        let skus = productsNamed(text)
        guard !skus.isEmpty else { return [] }
        var values: Set<Decimal> = []
        var total: Decimal = 0
        var priced = 0
        for item in parsed where item.product.map({ skus.contains($0.sku) }) ?? false {
            values.formUnion(Self.figures(of: item.line))
            if let lineTotal = Self.lineTotal(item.line) { total += lineTotal; priced += 1 }
        }
        // "葡萄和芒果合计 ¥5,920": the total of the items the line names.
        if priced >= 2 { values.insert(total) }
        return values
    }

    static func isTens(_ value: Decimal) -> Bool {
        let whole = NSDecimalNumber(decimal: value).intValue
        return Decimal(whole) == value && whole > 0 && whole % 10 == 0
    }

    /// Quantity times unit price, dozens counted as twelve.
    static func lineTotal(_ line: OrderDocument.Line) -> Decimal? {
        guard var quantity = DecimalText.parse(line.quantity), let price = line.unitPrice.flatMap(DecimalText.parse) else { return nil }
        if let unit = line.unit, ItemUnits.dozenUnits.contains(unit.lowercased()) { quantity *= 12 }
        return quantity * price
    }

    /// The lines of a billing block ("Bill To:" and the address under it, to a blank line or
    /// another label): the invoice's address is no order's figure.
    func billingBlockLines() -> Set<Int> {
        var result: Set<Int> = []
        var inBlock = false
        for (index, line) in lines.enumerated() {
            let trimmed = TextNormalizer.lowercased(line.text.trimmedSpaces())
            if trimmed.isEmpty { inBlock = false; continue }
            if RegexCache.firstRange(#"^(?:bill to|billing address|invoice to|invoice address|發票地址|发票地址|帳單地址|账单地址|發票寄送|发票寄送)\s*[:：]?"#, in: trimmed) != nil {
                inBlock = true
                result.insert(index)
                continue
            }
            if inBlock {
                if FieldLabels.split(line.text) != nil { inBlock = false; continue }
                result.insert(index)
            }
        }
        return result
    }

    /// Indexes of list lines (numbered or bulleted, holding a count) in a run of list lines
    /// from which at least one item was read.
    func unreadListLines(itemLocations: Set<String>) -> Set<Int> {
        var result: Set<Int> = []
        var run: [Int] = []
        func close() {
            if run.contains(where: { itemLocations.contains(lines[$0].location) }) {
                result.formUnion(run.filter { !itemLocations.contains(lines[$0].location) && Self.holdsCount(lines[$0].text) })
            }
            run = []
        }
        for index in lines.indices {
            let text = lines[index].text
            if ListMarker.strip(text).marked { run.append(index) } else if !text.trimmedSpaces().isEmpty { close() }
        }
        close()
        return result
    }

    static func holdsCount(_ text: String) -> Bool {
        text.contains(where: { $0.isNumber }) || !wordCounts(in: text).isEmpty
    }

    struct WordCount {
        var range: Range<String.Index>
        /// The count, and for dozens the pieces too (兩打: 2 and 24).
        var values: [Decimal]
    }

    /// Counts written in words: English number words and dozens, and Chinese numerals with a
    /// counter after them. "one" and "a" alone are left out (too common to mean a count), and
    /// so are durations ("two weeks", 三天).
    static func wordCounts(in text: String) -> [WordCount] {
        var counts: [WordCount] = []
        let whole = NSRange(text.startIndex..., in: text)
        if text.utf8.contains(where: { $0 >= 0x80 }), let regex = RegexCache.regex(chineseCountPattern) {
            for match in regex.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text), let numeral = Range(match.range(at: 1), in: text),
                      let counter = Range(match.range(at: 2), in: text), let value = TextNormalizer.chineseNumeral(String(text[numeral])),
                      // "零件" (parts) is a word, not a count of nothing.
                      value > 0 else { continue }
                let isDozen = text[counter] == "打"
                counts.append(WordCount(range: range, values: isDozen ? [Decimal(value), Decimal(value * 12)] : [Decimal(value)]))
            }
        }
        if let regex = RegexCache.regex(englishCountPattern) {
            for match in regex.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                let words = text[range].lowercased()
                if let value = englishCount(words) { counts.append(WordCount(range: range, values: [Decimal(value)])) }
            }
        }
        return counts
    }

    static let chineseCounters = ItemUnits.units.filter { !$0.unicodeScalars.allSatisfy(\.isASCII) && $0 != "小時" && $0 != "小时" }
        + ["頂", "顶", "雙", "双", "副", "捆", "串", "份", "斤", "卷", "塊", "块", "排", "板", "籃", "篮", "簍", "篓", "尾", "隻", "座", "輛", "辆"]
    static let chineseCountPattern = #"([零〇一二兩两三四五六七八九十百千]+)\s*("# + chineseCounters.sorted { $0.count > $1.count }.joined(separator: "|") + ")"
    static let englishCountPattern = #"(?i)\b(?:half a dozen|(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s+dozens?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred)\b(?!\s*(?:days?|weeks?|months?|years?|hours?|minutes?|times|of (?:us|them|you|our|the team)|more|or (?:so|more|three|four)|people))"#

    static func englishCount(_ words: String) -> Int? {
        if words == "half a dozen" { return 6 }
        if words.hasSuffix("dozen") || words.hasSuffix("dozens") {
            let first = words.split(separator: " ").first.map(String.init) ?? "a"
            let multiplier = first == "a" ? 1 : TextNormalizer.englishNumber(first) ?? 1
            return multiplier * 12
        }
        return TextNormalizer.englishNumber(words.replacingOccurrences(of: "a hundred", with: "hundred"))
    }

    // MARK: - What explains a figure

    /// Field values and product wording, lower-cased, that cover the figures inside them.
    func explainingTexts() -> [String] {
        var texts: [String?] = [document.purchaseOrder, document.orderReference, document.shipTo.recipient, document.shipTo.phone,
                                document.customer.phone, document.customer.email, document.customer.company, document.paymentTerms]
        if let address = document.shipTo.address {
            texts.append(address)
            texts += address.pieces(separatedBy: ", ").map(Optional.some)
        }
        for product in mentioned {
            texts.append(product.sku)
            texts.append(product.name)
            texts += product.aliases.map(Optional.some)
        }
        for line in parsed {
            texts.append(line.line.description)
            texts.append(line.line.sku)
            if let product = line.product {
                texts.append(product.sku)
                texts.append(product.name)
                texts += product.aliases.map(Optional.some)
            }
        }
        let cleaned = texts.compactMap { $0 }.map { TextNormalizer.lowercased(TextNormalizer.normalize($0)).trimmedSpaces() }
        // Only texts that hold a figure can explain one; longest first, so that an address wins
        // over the house number inside it.
        return Array(Set(cleaned.filter { $0.utf8.contains(where: { (0x30...0x39).contains($0) }) })).sorted { $0.count > $1.count }
    }

    /// The quantities, unit prices and line totals of the lines read from this text line or from
    /// the few lines around it (a labelled block, an Outlook table with a cell per line).
    /// Every item's figures, and the figures written on the items' own lines (a count before a
    /// correction changed it).
    static func correctableValues(_ parsed: [ParsedLine]) -> Set<Decimal> {
        var values: Set<Decimal> = []
        for item in parsed {
            values.formUnion(Self.figures(of: item.line))
            if let excerpt = item.origin.excerpt { values.formUnion(Self.tokens(in: excerpt).compactMap(\.value)) }
        }
        return values
    }

    func nearbyValues(of line: TextLine) -> Set<Decimal> {
        guard let (family, number) = Self.position(line.location) else { return [] }
        var values: Set<Decimal> = []
        for item in parsed {
            guard let (itemFamily, itemNumber) = Self.position(item.origin.location), itemFamily == family, abs(itemNumber - number) <= 4 else { continue }
            values.formUnion(Self.figures(of: item.line))
            if let before = item.correctedFrom { values.insert(before) }
        }
        return values
    }

    /// Figures that may stand anywhere: the order's total, its total quantity, its number of lines.
    func orderTotals() -> Set<Decimal> {
        var values: Set<Decimal> = []
        let quantities = parsed.compactMap { DecimalText.parse($0.line.quantity) }
        if quantities.count == parsed.count { values.insert(quantities.reduce(0, +)) }
        let totals = parsed.compactMap { Self.lineTotal($0.line) }
        // The whole order's total, or the total of the lines that have prices ("以上有单价的合计
        // ¥4,430.00，低筋面粉和酵母按上次价格").
        if totals.count == parsed.count || totals.count >= 2 { values.insert(totals.reduce(0, +)) }
        return values
    }

    /// Words after a number that make it a count of items or lines ("3 items", "以下3項").
    static let itemCountWords = ["item", "line", "product", "sku", "項", "项", "款", "種", "种", "樣", "样", "個品項", "个品项", "個產品", "个产品"]

    static func countsItems(after range: Range<String.Index>, in text: String) -> Bool {
        let rest = TextNormalizer.lowercased(String(text[range.upperBound...]).trimmedSpaces())
        return itemCountWords.contains { rest.hasPrefix($0) }
    }

    static func figures(of line: OrderDocument.Line) -> Set<Decimal> {
        var values: Set<Decimal> = []
        let quantity = DecimalText.parse(line.quantity)
        let price = line.unitPrice.flatMap(DecimalText.parse)
        if let quantity { values.insert(quantity) }
        if let price { values.insert(price) }
        if let quantity, let price { values.insert(quantity * price) }
        // "两打 ¥598 ¥14,352": dozens are counted as twelve each in the line's total.
        if let quantity, let unit = line.unit, ItemUnits.dozenUnits.contains(unit.lowercased()) {
            values.insert(quantity * 12)
            if let price { values.insert(quantity * 12 * price) }
        }
        return values
    }

    /// The first line of the signature after the last line an item was read from: a sign-off
    /// ("Best regards", "謝謝", "此致"), or the sender's own name or company alone on a line.
    func signatureStart() -> Int? {
        let names = [document.customer.name, document.customer.company].compactMap { $0 }
        return Self.signatureStart(in: lines, itemLocations: Set(parsed.map(\.origin.location)), names: names)
    }

    static func signatureStart(in lines: [TextLine], itemLocations: Set<String>, names: [String]) -> Int? {
        let lastItem = lines.lastIndex { itemLocations.contains($0.location) } ?? -1
        let names = Set(names.map { TextNormalizer.lowercased(TextNormalizer.normalize($0)).trimmedSpaces() }.filter { !$0.isEmpty })
        for index in lines.indices where index > lastItem {
            let trimmed = lines[index].text.trimmedSpaces()
            guard trimmed.count <= 40 else { continue }
            if RegexCache.firstRange(Self.signOff, in: trimmed) != nil { return index }
            let lower = TextNormalizer.lowercased(trimmed)
            // "Delivery address:" / "Grand Harbour Hotel Macau": the company's name under a label
            // is the ship-to's first line, not the sign-off.
            if index > 0 {
                let previous = lines[index - 1].text.trimmedSpaces()
                if previous.hasSuffix(":") || previous.hasSuffix("：") || FieldLabels.split(previous) != nil { continue }
            }
            if names.contains(where: { lower == $0 || (lower.hasPrefix($0) && lower.count <= $0.count + 12) }) { return index }
        }
        return nil
    }

    /// Units of size, volume and power that a product's name carries (not what is counted).
    static let specificationUnits = ["吋", "寸", "英寸", "升", "公升", "毫升", "ml", "l", "米", "公分", "厘米", "毫米", "平方", "μl", "µl", "ul", "d", "w", "v", "ah", "mah", "mm", "cm", "m", "inch", "in", "\"", "oz",
                                      "号", "號", "码", "碼", "t", "k", "p", "g", "gsm", "磅", "入", "格", "頁", "页", "色", "層", "层", "孔", "吨", "噸", "kg", "公斤", "千克", "克", "lb", "lbs", "加仑", "加侖", "gallon", "gallons", "gal"]

    /// A number with a size unit right after it, in the word (`12V`) or the text (`18 吋`).
    static func isSpecification(_ token: Token, in text: String) -> Bool {
        let word = text[token.range].lowercased()
        if let letters = RegexCache.firstRange(#"(?<=\d)[a-z"]+$"#, in: word), specificationUnits.contains(String(word[letters])) { return true }
        // "-3.00 6盒", "+1.25": a power or offset names the variant.
        if token.value != nil, word.contains("."), token.range.lowerBound > text.startIndex, "+-".contains(text[text.index(before: token.range.lowerBound)]) { return true }
        // A code in a product's name: letters and digits mixed (`5W30`, `ILKAR7B11`).
        if token.value == nil, word.contains(where: \.isLetter) { return true }
        // "DL信封（100个/盒）", "(18升)": a figure in brackets describes the product.
        let before = text[..<token.range.lowerBound].reversed().drop { $0 == " " }.first
        if before == "(" || before == "（" || before == "[" { return true }
        let after = text[token.range.upperBound...].drop { $0 == " " }
        if specificationUnits.contains(where: { !$0.first!.isASCII && after.hasPrefix($0) }) || after.hasPrefix("%") { return true }
        // "FBS 500 mL", "25 mm": an ASCII unit as the next word.
        let nextWord = after.prefix { $0.isASCII && $0.isLetter }.lowercased()
        return !nextWord.isEmpty && specificationUnits.contains(nextWord)
    }

    static let signOff = #"(?i)^(?:(?:best|kind|warm|many)?\s*(?:regards|wishes|thanks)|thanks?(?: you)?(?: very much| so much)?|cheers|sincerely(?: yours)?|yours (?:truly|sincerely|faithfully)|br|謝謝|谢谢|感謝|感谢|多謝|多谢|敬上|敬啟|敬启|此致|順頌|顺颂|祝\s*商祺|祝好|商祺|順祝|顺祝)\b.{0,20}$"#

    // MARK: - Helpers

    /// Ranges of `needle` (lower-cased) in `lower`, carried over to `original`: lower-casing keeps
    /// the number of characters for the scripts an order is written in, so offsets carry over.
    static func occurrences(of needle: String, in lower: String, mappedTo original: String) -> [Range<String.Index>] {
        guard !needle.isEmpty, lower.count == original.count else { return [] }
        var ranges: [Range<String.Index>] = []
        var searchStart = lower.startIndex
        while let found = lower.range(of: needle, range: searchStart..<lower.endIndex) {
            let from = lower.distance(from: lower.startIndex, to: found.lowerBound)
            let length = lower.distance(from: found.lowerBound, to: found.upperBound)
            let start = original.index(original.startIndex, offsetBy: from)
            ranges.append(start..<original.index(start, offsetBy: length))
            searchStart = found.upperBound
        }
        return ranges
    }

    /// Whether a location is running text (a body, an HTML part, a quote, a text file) rather
    /// than a table's row.
    static func isProse(_ location: String) -> Bool {
        guard let family = position(location)?.0 else { return false }
        return ["body line", "html line", "quoted text line", "forwarded text line", "text line"].contains(family)
            || family.hasPrefix("attachment") && family.hasSuffix(".txt line")
    }

    /// `body line 12` → (`body`, 12).
    static func position(_ location: String) -> (String, Int)? {
        guard let space = location.lastIndex(of: " "), let number = Int(location[location.index(after: space)...]) else { return nil }
        return (String(location[..<space]), number)
    }
}
