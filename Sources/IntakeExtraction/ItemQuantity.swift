import Foundation
import IntakeModel

/// Reads the count of an item from its text: numbers in digits, Chinese numerals and English
/// words, what a clause changes a count to, a count before a product's name or in its catalog
/// unit. Apart from the readers that find items, so that they and the checks for unread counts
/// count alike.
enum ItemQuantity {
    /// (A Chinese numeral may follow a Latin size directly: "保鮮紙30cm兩卷".)
    static let numberPattern = #"(?:(?<![A-Za-z0-9.\-/])|(?<=[A-Za-z0-9])(?=[零〇一二兩两三四五六七八九十百千半]))"# + numberCore
    /// The number alone, for places where a letter may stand right before it ("x10").
    /// `半` only before 打 and a carton's or a box's counter: "半打" is half a dozen, "半箱" half a carton.
    static let numberCore = #"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二兩两三四五六七八九十百千]+|半(?=\s*[打箱盒包袋])|(?:"# + numberWordPattern + #")(?![A-Za-z]))"#
    /// "twenty", "twenty-one", "thirteen", "a dozen", "half a dozen": the tens (with an optional unit word) first,
    /// then the other words, in the order they are tried.
    static let numberWordPattern: String = {
        let ones = #"(?:[- ](?:"# + onesWords.joined(separator: "|") + #")(?![A-Za-z]))?"#
        return PatternAlternation.grouped(tensWords.map { $0 + ones } + otherNumberWords)
    }()
    /// The words of `numberWordPattern`: tens, which a unit word may follow ("twenty-one")…
    static let tensWords = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    static let onesWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    /// …and the others, tried after the tens in this order.
    static let otherNumberWords = onesWords + ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                               "half a dozen", "a dozen", "dozen", "a hundred", "hundred"]

    /// "change the quantity of X to 5", "increase the paper to 50 boxes": a verb of changing,
    /// at most a few words, then "to" and the count (no "from" count: see `changedQuantity`).
    private static let changedToQuantity = RegexCache.regex(#"(?i)\b(?:change|changed|increase|increased|reduce|reduced|raise|lower|amend|update|adjust|bump)\b[^\d\n]{0,80}?\bto\s+"#
                                                            + numberPattern + #"\s*("# + ItemUnits.unitPattern + #")?(?![\w/-])"#, options: [.caseInsensitive])
    /// "从20箱减少到15箱", "from 40 to 50 boxes": what the customer changes a count to.
    private static let changedQuantity = RegexCache.regex(#"(?:从|從|由|from)\s*"# + numberPattern + #"\s*(?:"# + ItemUnits.unitPattern + #")?\s*\S{0,4}?\s*(?:到|至|to|為|为|成)\s*"# + numberPattern + #"\s*("# + ItemUnits.unitPattern + #")?"#, options: [.caseInsensitive])

    /// How many counted quantities ("10 boxes", "x 3", "Qty: 5", "3包") a line holds, each
    /// counted once where patterns overlap: more than the items read from the line means one
    /// may have been missed.
    static func countedQuantities(in text: String, useScanner: Bool = true) -> Int {
        guard mayHoldNumber(text) else { return 0 }
        let reader = QuantityReader(text, useScanner: useScanner)
        var spans: [Range<String.Index>] = []
        for pattern in reader.patterns(extended: false) {
            for match in reader.matches(pattern) where !spans.contains(where: { $0.overlaps(match.range) }) {
                // "@ 2,980 ea" is a price, not a count.
                let before = text[..<match.range.lowerBound].suffix(8).lowercased()
                if ["@", "$", "price", " at ", "單價", "单价", "¥", "￥", "€"].contains(where: { before.hasSubstring($0) }) { continue }
                spans.append(match.range)
            }
        }
        return spans.count
    }

    /// The count a clause gives: what it changes a count to, or the first count pattern's.
    static func quantity(in text: String) -> (Decimal, String?)? {
        guard mayHoldNumber(text) else { return nil }
        // "月饼礼盒（8粒装）八百个": a figure in brackets describes the pack; the count stands
        // outside them when one does ("ENV-DL-100 (4)" has none outside, and keeps its 4).
        if text.utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == 0xEF }), text.contains(where: { $0 == "(" || $0 == "（" }) {
            let outside = RegexCache.replacing(#"[(（][^()（）]{0,30}[)）]"#, in: text, with: " ")
            if outside != text, let found = quantityOutsideBrackets(outside) { return found }
            // "日抛隐形眼镜（30片装）", "(12入)": a pack's size in brackets, and no count outside.
            if RegexCache.firstRange(#"[(（]\s*\d{1,4}\s*\S{0,2}\s*[装裝入][)）]"#, in: text) != nil, quantityOutsideBrackets(outside) == nil { return nil }
        }
        return quantityOutsideBrackets(text)
    }

    private static func quantityOutsideBrackets(_ text: String) -> (Decimal, String?)? {
        guard mayHoldNumber(text) else { return nil }
        let reader = QuantityReader(text)
        if reader.cues.changed, let regex = changedQuantity, let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let numberRange = Range(match.range(at: 2), in: text), let value = TextNormalizer.number(String(text[numberRange])), value > 0 {
            return (value, Range(match.range(at: 3), in: text).map { String(text[$0]) })
        }
        // "Please change the quantity of the HP 26A toner to 5", "increase the A4 paper to 50
        // boxes": the count after "to" is what the customer wants now.
        if text.hasSubstring(" to "), let regex = changedToQuantity, let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
           let numberRange = Range(match.range(at: 1), in: text), let value = TextNormalizer.number(String(text[numberRange])), value > 0 {
            return (value, Range(match.range(at: 2), in: text).map { String(text[$0]) })
        }
        var packFallback: (Decimal, String?)?
        for pattern in reader.patterns(extended: true) {
            guard let match = reader.firstMatch(pattern), let value = TextNormalizer.number(String(text[match.number])), value > 0 else { continue }
            // "自粘防水卷材 1m×10m：八卷", "1200x2400mm": a ×N with a length after it is a
            // dimension, not a count.
            if pattern == .times, RegexCache.firstRange(#"^\s*(?:mm|cm|m|ft|in|"|米|公分|毫米)(?![A-Za-z])"#, in: String(text[match.range.upperBound...])) != nil {
                continue
            }
            // "金枪鱼妙鲜包 85g×24 五十箱": a ×N right after a weight is the pack's count; a count
            // elsewhere in the line is the quantity.
            if pattern == .times, packFallback == nil,
               RegexCache.firstRange(#"(?i)\d\s*(?:g|kg|ml|l|mm|cm|oz|lb|克|公斤|毫升)\s*$"#, in: String(text[..<match.range.lowerBound])) != nil {
                packFallback = (value, match.unit.map { String(text[$0]) })
                continue
            }
            // "泌尿道處方飼料 3kg 十包": a weight or volume right after the name is the pack's
            // size when a count in another unit follows it.
            if pattern == .unit, let unit = match.unit.map({ String(text[$0]).lowercased() }), ItemUnits.measureUnits.contains(unit) {
                for later in reader.matches(.unit) where later.range.lowerBound > match.range.upperBound {
                    guard let laterUnit = later.unit.map({ String(text[$0]).lowercased() }), !ItemUnits.measureUnits.contains(laterUnit),
                          let count = TextNormalizer.number(String(text[later.number])), count > 0 else { continue }
                    return (count, laterUnit)
                }
            }
            return (value, match.unit.map { String(text[$0]) })
        }
        return packFallback
    }

    /// False only when `text` cannot hold a number `numberCore` reads: ASCII without a digit
    /// or a number word. Every quantity pattern needs one, and most lines of a message (greetings,
    /// addresses, signatures) have none; the regular expressions were a tenth of extraction.
    static func mayHoldNumber(_ text: String) -> Bool {
        if !text.isASCII {
            // Common CJK text (TextNormalizer.isCommon) holds no decimal digits but ASCII and
            // full-width ones, and no numerals but the Chinese ones; other text may hold anything.
            guard TextNormalizer.isCommon(text) else { return true }
            // (半 counts as one: "雞蛋 半箱" is half a carton.)
            if text.unicodeScalars.contains(where: { isChineseNumeral($0.value) || (0xFF10...0xFF19).contains($0.value) || $0.value == 0x534A }) { return true }
        }
        var text = text
        return text.withUTF8 { bytes in
            if bytes.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return true }
            // One pass: at each letter that starts a number word, compare the words it starts.
            for start in bytes.indices {
                let words = numberWordsByFirstLetter[Int(bytes[start] | 0x20) & 0x7F]
                for word in words where start + word.count <= bytes.count {
                    var matched = 1
                    while matched < word.count, bytes[start + matched] | 0x20 == word[matched] { matched += 1 }
                    if matched == word.count { return true }
                }
            }
            // "a case of soda water": the article is the count.
            let whole = String(decoding: bytes, as: UTF8.self)
            return whole.hasSubstring(" of ") && QuantityCues.mayHoldArticleCount(whole)
        }
    }

    /// The numerals of `numberCore`'s Chinese alternative.
    static let chineseNumerals = Set("零〇一二兩两三四五六七八九十百千".unicodeScalars)

    /// Membership in `chineseNumerals` by value (hashing each scalar of every Chinese line into
    /// the set was a hundred instructions a character).
    static func isChineseNumeral(_ value: UInt32) -> Bool {
        switch value {
        case 0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x5169, 0x4E24, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343: true
        default: false
        }
    }

    /// English number words `numberCore` knows (thirteen to nineteen through "teen"), as bytes
    /// under their first letter. Only letters are looked up: `| 0x20` folds a letter's case and
    /// sends no other byte to a letter's slot.
    private static let numberWordsByFirstLetter: [[[UInt8]]] = {
        let words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "teen",
                     "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen", "hundred"]
        var table = [[[UInt8]]](repeating: [], count: 128)
        for word in words { table[Int(word.utf8.first ?? 0)].append(Array(word.utf8)) }
        return table
    }()

    /// `10箱` → (10, 箱); `2.5 kg` → (2.5, kg); `二十` → (20, nil).
    static func splitQuantity(_ text: String) -> (Decimal?, String?) {
        let normalized = TextNormalizer.normalize(text).trimmedSpaces()
        var digits = ""
        var rest = Substring(normalized)
        while let first = rest.first, first.isNumber || first == "." || first == "," || TextNormalizer.isChineseNumeral(first) {
            digits.append(first)
            rest = rest.dropFirst()
        }
        let unit = rest.trimmedSpaces()
        return (TextNormalizer.number(digits), unit.isEmpty ? nil : unit)
    }

    /// "12 sleeves", "3 盅": a count in the unit the catalog sells the product by, where the
    /// general unit list does not know it.
    static func quantity(inCatalogUnitOf product: Product, in text: String) -> (Decimal, String?)? {
        guard let unit = product.unit?.trimmedSpaces().lowercased(), !unit.isEmpty, unit.count <= 12 else { return nil }
        let escaped = NSRegularExpression.escapedPattern(for: unit)
        let pattern = unit.unicodeScalars.allSatisfy(\.isASCII)
            ? #"(?i)(?<![\w.,])(\d{1,6})\s*"# + escaped + #"(?:s|es)?\b"#
            : #"(\d{1,6}|[零〇一二兩两三四五六七八九十百千]+)\s*"# + escaped
        guard let match = RegexCache.regex(pattern)?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text), let value = TextNormalizer.number(String(text[range])), value > 0 else { return nil }
        return (value, unit)
    }

    private static let trailingNumber = RegexCache.regex(#"(?<![A-Za-z0-9.\-/#])(\d{1,4}|[零〇一二兩两三四五六七八九十百千]+|(?<![A-Za-z])(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|half a dozen|a dozen|dozen|a hundred|hundred))\s*(?:[x×*]\s*)?$"#, options: [.caseInsensitive])

    /// A number ending the text before `name` in `clause`: the quantity of prose such as
    /// "please send 3 staplers".
    static func quantity(before name: String, in clause: String) -> (Decimal, String?)? {
        guard let nameRange = clause.caseInsensitiveRange(of: name), let regex = trailingNumber else { return nil }
        let before = String(clause[..<nameRange.lowerBound])
        guard let match = regex.firstMatch(in: before, range: NSRange(before.startIndex..., in: before)),
              let numberRange = Range(match.range(at: 1), in: before),
              let value = TextNormalizer.number(String(before[numberRange])), value > 0 else { return nil }
        return (value, nil)
    }

    /// "一箱（24瓶）", "2 cartons (48 bottles in all)", "兩箱（每箱24瓶）": the count in the catalog's
    /// unit that a bracket gives for a count in another unit. A bracket after one carton, or one
    /// that says "in all"/共, is the count; one that says each/每 is per carton.
    static func bracketCount(in clause: String, quantity: Decimal, unit: String?, catalogUnit: String?) -> Decimal? {
        guard let catalogUnit, !ItemUnits.sameUnit(unit, catalogUnit),
              let range = RegexCache.firstRange(#"[(（][^()（）]{0,12}?(\d{1,5}|[一二兩两三四五六七八九十百]+)\s*([^\d\s()（）]{1,8})[^()（）]{0,8}[)）]"#, in: clause) else { return nil }
        let bracket = String(clause[range])
        guard let match = RegexCache.regex(#"(\d{1,5}|[一二兩两三四五六七八九十百]+)\s*([^\d\s()（）]{1,8})"#)?.firstMatch(in: bracket, range: NSRange(bracket.startIndex..., in: bracket)),
              let numberRange = Range(match.range(at: 1), in: bracket), let unitRange = Range(match.range(at: 2), in: bracket),
              let inner = TextNormalizer.number(String(bracket[numberRange])), inner > 0, ItemUnits.sameUnit(String(bracket[unitRange]), catalogUnit) else { return nil }
        let lower = bracket.lowercased()
        if ["每", "each", "per"].contains(where: { lower.hasSubstring($0) }) { return quantity * inner }
        if quantity == 1 || ["共", "total", "in all"].contains(where: { lower.hasSubstring($0) }) { return inner }
        return nil
    }
}
