import Foundation
import IntakeModel

/// Reads items from lines of prose and lists, clause by clause: "藍色中性筆5盒和釘書機2台",
/// "10 boxes of A4 paper, and the same number of toner", a correction of the count before it.
/// The clause is split by `ItemClauses` and read by `ItemClauseReader`; here the clauses of a
/// line are walked in order, each with the items before it in mind.
struct ItemLineReader {
    let master: MasterData

    /// `checkingNumbers: false` reads every line in full (the reference the tests compare with).
    func parseItemLines(_ lines: [TextLine], checkingNumbers: Bool = true) -> [ParsedLine] {
        var result: [ParsedLine] = []
        // A product named without a count, and the line its last row stood on.
        var heading: (heading: Heading, last: String)?
        for (index, original) in lines.enumerated() {
            if Self.mayBeSpecRow(original.text) {
                if heading == nil || !Self.isLineRightAbove(heading?.last ?? "", original.location), index > 0,
                   Self.isLineRightAbove(lines[index - 1].location, original.location), let found = self.heading(lines[index - 1]) {
                    heading = (found, lines[index - 1].location)
                }
                if let open = heading, Self.isLineRightAbove(open.last, original.location), let row = specRow(original, under: open.heading) {
                    result.append(row)
                    heading?.last = original.location
                    continue
                }
            }
            heading = nil
            // Every item needs a count, and a line that cannot hold a number (greetings,
            // addresses, signatures: most of a message) has none in any of its clauses; only a
            // quantity shared after 各 is read another way (`splitQuantity`), so such lines go on.
            let counted = !checkingNumbers || ItemQuantity.mayHoldNumber(original.text)
            if !counted && !original.text.hasSubstring("各") { continue }
            // A labelled line is a field, unless what follows the label names products
            // ("Order: PAP-A4-80 (10), ENV-DL-100 (4)").
            if let labelled = FieldLabels.split(original.text), labelled.field != .product, master.mentions(in: labelled.value).isEmpty { continue }
            // "| A4影印紙 | 15 | 箱 |": a table row without a header reads as the words in its cells.
            var line = original
            // A byte test first: Foundation's contains searches through NSString, and most lines have no bar.
            if line.text.utf8.contains(UInt8(ascii: "|")), line.text.contains("|") { line.text = line.text.replacingOccurrences(of: "|", with: "  ") }
            line.text = ItemPrices.pricePerOne(line.text)
            let found = items(of: line, original: original, counted: counted, earlier: &result)
            result.append(contentsOf: found)
        }
        return withUnknownListItems(result, lines: lines)
    }

    /// The items of one line, clause by clause. `earlier`: the items of the lines before, which
    /// a clause may correct, repeat the count of, or price.
    func items(of line: TextLine, original: TextLine, counted: Bool, earlier result: inout [ParsedLine]) -> [ParsedLine] {
        let clauses = splitter.clauses(of: line.text)
        var found: [ParsedLine] = []
        var previousClauseGaveItem = false
        // Clauses that gave no item, and where their item would stand.
        var unread: [(position: Int, clause: String)] = []
        var declined = false
        for clause in clauses {
            // "We'll skip the triple-wall cartons", "先不要封箱膠帶": what is declined is no item.
            if ItemCorrections.declines(clause) { declined = true; continue }
            let itemsBefore = found.count
            defer { if found.count == itemsBefore { unread.append((itemsBefore, clause)) } }
            // "three packs of cable ties -- actually, make that five packs", "2.5箱？不对，3箱":
            // a correction with a count and no product replaces the count before it.
            // Only the item of the clause right before: a correction after a clause no rule
            // read corrects nothing that was read.
            let countBeforeClause = found.count
            let correctable = previousClauseGaveItem
            defer { previousClauseGaveItem = found.count > countBeforeClause }
            if let last = found.indices.last, correctable, ItemCorrections.corrects(clause), master.mentions(in: clause).isEmpty,
               let (quantity, unit) = ItemQuantity.quantity(in: clause) ?? ItemQuantity.quantity(in: ItemCorrections.withoutCorrectionWords(clause)) {
                found[last].line.quantity = DecimalText.format(quantity)
                if let unit, let normalized = ItemUnits.normalizeUnit(unit) { found[last].line.unit = normalized }
                continue
            }
            // "Half a dozen base coats and the same number of no-wipe top coats".
            if let last = found.last ?? result.last, ItemCorrections.meansSameCount(clause), ItemQuantity.quantity(in: clause) == nil,
               let product = master.mentions(in: clause).first?.product {
                found.append(ParsedLine(line: OrderDocument.Line(sku: product.sku, description: clause.trimming(ParsedLine.descriptionEdges), quantity: last.line.quantity,
                                                                 unit: last.line.unit, unitPrice: nil),
                                        product: product,
                                        origin: FieldOrigin(field: "lines", location: line.location, rule: "the same count as the item before", excerpt: line.text)))
                continue
            }
            if let shared = clauseReader.sharedQuantityItems(clause, location: line.location, fullLine: line.text) {
                found.append(contentsOf: shared)
            } else if counted, let last = found.last ?? result.last.flatMap({ Self.isLineRightAbove($0.origin.location, original.location) ? $0 : nil }),
                      let item = sizeOfPrevious(clause, previous: last, location: line.location, fullLine: line.text)
                        ?? variantOfPrevious(clause, previous: last, location: line.location, fullLine: line.text) {
                found.append(item)
            } else if counted, let item = clauseReader.parseItem(clause, location: line.location, fullLine: line.text, requireProduct: true) {
                found.append(item)
            } else if let last = found.indices.last, case (let price?, let currency) = ItemPrices.price(in: clause) {
                applyPrice(clause, at: price, currency: currency, last: last, found: &found, earlier: &result)
            }
        }
        // "… item 1 goes up to 24 pcs. Item 3 (chair mats) is not needed": the whole line read
        // at last is read without the clauses it declines.
        var kept = line
        if declined { kept.text = clauses.filter { !ItemCorrections.declines($0) }.joined(separator: ", ") }
        return withUnreadClauses(found, unread: unread, line: kept, counted: counted)
    }

    /// Prices an item with a clause that holds only a price: the item it names, else the one its
    /// words after "for" refer to, else the item before it.
    func applyPrice(_ clause: String, at price: Decimal, currency: String?, last: Int, found: inout [ParsedLine], earlier result: inout [ParsedLine]) {
        // "订购B5笔记本200本，单价45元/本": a clause with only a price prices the item before
        // it; "虾饺、烧卖各十包，虾饺￥110/包，烧卖￥95/包": one that names an item of
        // the line prices that one.
        let named = master.mentions(in: clause).first.flatMap { mention in found.lastIndex { $0.line.sku == mention.product.sku } }
        // "RM 8.50 per metre for the voile": the words after "for" name the item,
        // on this line or the one before (prose wraps).
        if named == nil, let phrase = PricedPhrase.phrases(in: clause).first?.phrase, let index = ItemCorrections.referredItem(phrase, in: result + found) {
            if index < result.count { result[index].takePrice(price, currency: currency) } else { found[index - result.count].takePrice(price, currency: currency) }
            return
        }
        found[named ?? last].takePrice(price, currency: currency)
    }

    /// The line's items with those of its unread clauses: the whole line read as one item when no
    /// clause gave any; else each counted clause that gave none, read by similarity, in its place.
    func withUnreadClauses(_ items: [ParsedLine], unread: [(position: Int, clause: String)], line: TextLine, counted: Bool) -> [ParsedLine] {
        var found = items
        if found.isEmpty, counted, let item = clauseReader.parseItem(line.text, location: line.location, fullLine: line.text, requireProduct: false) {
            found.append(item)
        } else if !found.isEmpty, counted {
            // "聽日送保鮮紙30cm兩卷、錫紙30cm兩卷、中碼手套三盒": in a line that gave items, a
            // counted clause whose name is no alias is an item too, by similarity (a guess,
            // which the line's issue marks) — in its place.
            for entry in unread.reversed() where !ItemCorrections.corrects(entry.clause) && ItemQuantity.quantity(in: entry.clause) != nil {
                if let item = clauseReader.parseItem(entry.clause, location: line.location, fullLine: line.text, requireProduct: false) {
                    found.insert(item, at: min(entry.position, found.count))
                }
            }
        }
        return found
    }

    private var splitter: ItemClauses { ItemClauses(master: master) }
    private var clauseReader: ItemClauseReader { ItemClauseReader(master: master) }

    /// "不鏽鋼亮光劑 *3瓶" between lines that gave items: a line of the same list with a counted
    /// quantity ("x 3", "*3瓶", "3 bottles") and a name no catalog product has is an item of an
    /// unknown product (no SKU: the unknown_sku issue sends it to a person), not a line to drop.
    func withUnknownListItems(_ items: [ParsedLine], lines: [TextLine]) -> [ParsedLine] {
        let itemLocations = Set(items.map(\.origin.location))
        guard !itemLocations.isEmpty else { return items }
        var added: [(index: Int, item: ParsedLine)] = []
        for (index, line) in lines.enumerated() where !itemLocations.contains(line.location) {
            let neighbours = [index - 1, index + 1].filter { lines.indices.contains($0) }.filter { itemLocations.contains(lines[$0].location) }
            guard !neighbours.isEmpty, ItemQuantity.mayHoldNumber(line.text), FieldLabels.split(line.text) == nil, !ItemCorrections.declines(line.text) else { continue }
            let text = ListMarker.strip(line.text).text.trimmedSpaces()
            guard !TableCells.startsTotal(text.lowercased()), ItemPrices.price(in: text).0 == nil else { continue }
            let reader = QuantityReader(text)
            guard let match = [QuantityPattern.times, .unit].lazy.compactMap({ reader.firstMatch($0) }).first,
                  let quantity = TextNormalizer.number(String(text[match.number])), quantity > 0 else { continue }
            let name = String(text[..<match.range.lowerBound]).trimming(ParsedLine.descriptionEdges)
            // A name: some letters or Han characters before the count, and no sentence.
            // After the count at most a remark in brackets: "Last time 3 boxes arrived late." is a sentence.
            let rest = String(text[match.range.upperBound...]).replacingOccurrences(of: #"[(（][^()（）]*[)）]"#, with: "", options: .regularExpression)
            guard name.count >= 2, name.count <= 40, name.contains(where: { $0.isLetter }), !name.contains(where: { "。，,.!?！？".contains($0) }),
                  !rest.contains(where: { $0.isLetter }), !"。.!?！？".contains(text.last ?? " ") else { continue }
            let unit = match.unit.map { String(text[$0]) }
            added.append((index, ParsedLine(line: OrderDocument.Line(sku: nil, description: name, quantity: DecimalText.format(quantity), unit: ItemUnits.normalizeUnit(unit), unitPrice: nil),
                                            product: nil,
                                            origin: FieldOrigin(field: "lines", location: line.location, rule: "unknown product in a list of items", excerpt: line.text))))
        }
        guard !added.isEmpty else { return items }
        // In the text's order.
        let order = Dictionary(lines.enumerated().map { ($0.element.location, $0.offset) }, uniquingKeysWith: { first, _ in first })
        return (items.map { (order[$0.origin.location] ?? 0, $0) } + added.map { ($0.index, $0.item) })
            .enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }
}
