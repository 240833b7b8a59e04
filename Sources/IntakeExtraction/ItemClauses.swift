import Foundation

/// Splits an item line into clauses that each hold one item ("藍色中性筆5盒和釘書機2台", "a dozen
/// bags each of har gow and siu mai"), and joins again what belongs together (a name and its
/// count in the next clause, products sharing one count after 各).
struct ItemClauses {
    let master: MasterData

    /// The clauses of an item line: split at punctuation, "and", "+", 、 and 和, then joined again
    /// where a count or a shared count belongs to the clause before, each size word after its unit.
    func clauses(of text: String) -> [String] {
        // "(2) 羅技 MK295 …，數量 6 組": the list's number is no count of the first clause.
        let clausesSplit = ListMarker.strip(text).text.components(separatedBy: Self.clauseSeparators)
            // "… air pillow film. We'll skip the triple-wall cartons": a sentence ends at ". ".
            .flatMap { $0.pieces(separatedBy: ". ") }
            .flatMap(Self.splitOnCommas)
            .flatMap { $0.pieces(separatedBy: " and ") }
            // "10x 12spd chains (126L) + 4x 10-51T cassettes": a plus between items.
            .flatMap { $0.pieces(separatedBy: " + ") }
            .flatMap { $0.pieces(separatedBy: "、") }
            .flatMap(splitOnChineseAnd)
            .flatMap(splitAfterChineseCounts)
        return joiningQuantityClauses(joiningSharedQuantity(distributingEachOf(clausesSplit))).map(Self.sizeWordAfterUnit)
    }

    /// "A4复印纸，数量：30箱": a clause naming a product without a count, followed by one that is
    /// only a count, are one item.
    func joiningQuantityClauses(_ clauses: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < clauses.count {
            let clause = clauses[index]
            // ("Please also add 6 yellow hard hats": a bare count of its own keeps the clause apart.)
            if index + 1 < clauses.count, ItemQuantity.quantity(in: clause) == nil, !master.mentions(in: clause).isEmpty,
               RegexCache.firstRange(#"(?<![\w.,/(-])\d{1,5}(?![\w.,/)-])"#, in: RegexCache.replacing(#"[(（][^()（）]*[)）]"#, in: clause, with: " ")) == nil,
               ItemQuantity.quantity(in: clauses[index + 1]) != nil, master.mentions(in: clauses[index + 1]).isEmpty,
               // "TP-125 tennis string, 200 m reel: 2 reels at USD 88.00": the product's size and its
               // count after a comma, naming no product of their own.
               Self.isOnlyACount(clauses[index + 1]) || Self.isSizeThenCount(clauses[index + 1]) {
                result.append(clause + " " + clauses[index + 1])
                index += 2
                continue
            }
            result.append(clause)
            index += 1
        }
        return result
    }

    /// "200 m reel: 2 reels at USD 88.00", "size 7 x 20": a size or measure, then the count.
    static func isSizeThenCount(_ clause: String) -> Bool {
        clause.count <= 48 && RegexCache.firstRange(#"^\s*(?:size\s+\w{1,4}|\d+(?:\.\d+)?\s*(?:mm|cm|m|ml|l|kg|g|oz|米|公分|毫米)\b)"#, in: clause) != nil
    }

    /// "底膠、免洗封層 各五瓶" (its 、 a comma once normalised): the products before a shared
    /// count after 各, split apart as clauses, are one clause again.
    func joiningSharedQuantity(_ clauses: [String]) -> [String] {
        guard clauses.contains(where: { !$0.isASCII && $0.hasSubstring("各") }) else { return clauses }
        var result: [String] = []
        for clause in clauses {
            if !clause.isASCII, clause.hasSubstring("各"), let last = result.last,
               ItemQuantity.quantity(in: last) == nil, !master.mentions(in: last).isEmpty {
                var joined = clause
                while let previous = result.last, ItemQuantity.quantity(in: previous) == nil, !master.mentions(in: previous).isEmpty {
                    joined = previous + "、" + joined
                    result.removeLast()
                }
                result.append(joined)
            } else {
                result.append(clause)
            }
        }
        return result
    }

    /// "2 jumbo bag sand", "3 large boxes of gloves": a size word between the count and its unit
    /// goes after the unit ("2 bag jumbo sand"), where it describes the product and the count
    /// keeps its unit.
    static func sizeWordAfterUnit(_ clause: String) -> String {
        guard clause.isASCII, clause.contains(where: \.isNumber),
              let regex = Self.sizeWordBeforeUnit, regex.firstMatch(in: clause, range: NSRange(clause.startIndex..., in: clause)) != nil else { return clause }
        return regex.stringByReplacingMatches(in: clause, range: NSRange(clause.startIndex..., in: clause), withTemplate: "$1 $3 $2")
    }
    private static let sizeWordBeforeUnit = RegexCache.regex(#"(?<![\w.])(\d{1,5})\s+(jumbo|big|large|small|mini|giant|extra large|extra-large)\s+("# + ItemUnits.unitPattern + #")(?![A-Za-z])"#, options: [.caseInsensitive])

    /// "a dozen bags each of har gow and siu mai" (split at "and"): the count before "each of"
    /// is every named product's, as 各 is in Chinese. The products after it that have no count of
    /// their own get it.
    func distributingEachOf(_ clauses: [String]) -> [String] {
        guard clauses.contains(where: { $0.isASCII && $0.range(of: "each of ", options: .caseInsensitive) != nil }) else { return clauses }
        var result: [String] = []
        var index = 0
        while index < clauses.count {
            let clause = clauses[index]
            index += 1
            guard let each = clause.range(of: "each of ", options: .caseInsensitive) else { result.append(clause); continue }
            let count = String(clause[..<each.lowerBound])
            guard ItemQuantity.quantity(in: count) != nil else { result.append(clause); continue }
            result.append(count + String(clause[each.upperBound...]))
            while index < clauses.count, ItemQuantity.quantity(in: clauses[index]) == nil, !master.mentions(in: clauses[index]).isEmpty {
                result.append(count + clauses[index].trimmedSpaces())
                index += 1
            }
        }
        return result
    }

    /// "数量：30箱", "x 5", "qty 12 boxes": a clause that is a count and nothing else ("Also
    /// three boxes of the medium nitrile gloves" names something else and is no count of the
    /// clause before it).
    static func isOnlyACount(_ clause: String) -> Bool {
        let rest = clause.replacingOccurrences(of: #"(?i)\b(?:qty|quantity|please|pls|thanks)\b|數量|数量|共|各|要|[0-9０-９.,]+|"# + ItemUnits.unitPattern + "|" + ItemQuantity.numberWordPattern,
                                               with: " ", options: .regularExpression)
        return rest.filter { $0.isLetter }.count <= 3
    }

    /// "藍色中性筆5盒和釘書機2台": split where 和 / 及 / 与 / 與 joins two clauses that each name a
    /// product with a quantity; a name that contains 和 stays whole, and "X和Y各5个" (one shared
    /// quantity) is left to `sharedQuantityItems`.
    /// "1.56HMC 10副 1.60抗藍 6副 保養液360 12瓶" (a phone's one line, items apart by spaces
    /// only): each item ends at its count in a Chinese unit. Split only where two or more such
    /// counts stand apart by a space and each piece names a product, so that "筆 2盒 藍色" keeps its
    /// colour.
    func splitAfterChineseCounts(_ clause: String) -> [String] {
        guard !clause.isASCII else { return [clause] }
        // Cut where each count ends.
        let pieces = RegexCache.pieces(of: clause, cutBy: Self.chineseCountThenSpace, at: { NSRange(location: NSMaxRange($0.range(at: 1)), length: 0) })
        guard pieces.count > 1 else { return [clause] }
        let items = pieces.filter { ItemQuantity.quantity(in: $0) != nil && !master.mentions(in: $0).isEmpty }
        // The last piece may be a remark after the last item ("老樣子貨到付款"): it goes with it.
        guard items.count >= 2, pieces.dropLast().allSatisfy({ ItemQuantity.quantity(in: $0) != nil && !master.mentions(in: $0).isEmpty }) else { return [clause] }
        return pieces
    }
    /// A count in a Chinese unit, then a space and more text.
    private static let chineseCountThenSpace = RegexCache.regex(
        #"((?<![\d.])\d{1,5}\s?(?:"# + ItemUnits.units.filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }.joined(separator: "|") + #"))\s+(?=\S)"#)

    func splitOnChineseAnd(_ clause: String) -> [String] {
        guard !clause.isASCII, !clause.contains("各") else { return [clause] }
        // The bytes are looked at first (Foundation's contains searches through NSString); common
        // CJK text has no other spelling of a conjunction.
        let common = TextNormalizer.isCommon(clause)
        for conjunction in ["以及", "和", "及", "与", "與"] where (!common || clause.hasSubstring(conjunction)) && clause.contains(conjunction) {
            let parts = clause.pieces(separatedBy: conjunction)
            let each = parts.map { part in (master.mentions(in: part).first != nil, ItemQuantity.quantity(in: part) != nil) }
            if parts.count >= 2, each.allSatisfy({ $0.0 && $0.1 }) { return parts }
        }
        return [clause]
    }

    /// Clauses of a line split at commas, except a comma between two digits (`1,200`). Chinese
    /// enumerations (`，` `、`) arrive here as plain commas after normalisation, without a space.
    static func splitOnCommas(_ text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        var previous: Character?
        var iterator = text.makeIterator()
        var next = iterator.next()
        while let character = next {
            next = iterator.next()
            if character == ",", !(previous?.isNumber == true && next?.isNumber == true) {
                clauses.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        clauses.append(current)
        return clauses
    }

    static let clauseSeparators = ScalarSet(";；，。!?")
}
