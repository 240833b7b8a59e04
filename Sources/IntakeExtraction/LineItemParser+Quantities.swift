import Foundation

extension LineItemParser {
    private static let labelledQuantity = regex(#"(?:qty\.?|quantity|數量|数量)\s*[:=]?\s*"# + numberPattern + #"\s*("# + unitPattern + ")?")
    /// "x 3", "× 10箱"; not "× 1150元", which is a price.
    private static let timesQuantity = regex(#"(?:\bx|×|\*)\s*(?<![0-9.\-/])"# + numberCore + #"\s*("# + unitPattern + #")?(?!\s*(?:元|塊|块|円|[.,]?\d))"#)
    /// "10 boxes", "10箱": after a Latin unit no letter may follow ("10 boxing"), after a Chinese
    /// one anything may ("10箱A4复印纸"); "100个/盒" is a pack size, not a count.
    /// "116 台北市": 台 before a place name is Taiwan, not a count of machines.
    private static let unitQuantity = regex(numberPattern + #"\s*("# + unitPattern + #")(?!(?<=台)[北中南東东灣湾州])(?:(?<![A-Za-z])|(?![A-Za-z]))(?!\s*/)"#)
    /// "Notebooks (NTB-B5-60): 150": the number after the line's colon, at its end.
    private static let colonQuantity = regex(#"[:：]\s*"# + numberPattern + #"\s*("# + unitPattern + #")?\s*[.。]?\s*$"#)
    /// "PAP-A4-80 (10)": a count alone in parentheses.
    /// Digits only, and never at the start (where "(1)" or "(一)" numbers a list).
    private static let parenQuantity = regex(#"\S\s*[(（]\s*(\d{1,6})\s*("# + unitPattern + #")?\s*[)）]"#)
    /// "A4复印纸 10": the rest of an item line is a bare number.
    /// The number right before "of the" (group 2, the unit, never matches).
    static let ofTheQuantity = regex(#"(?<![A-Za-z0-9.,\-/])(\d{1,6})\s+()of\s+(?:the|our|your|those|these)\b"#)
    /// "a case of soda water", "a carton of the 8oz cups": one of a unit, written with
    /// the article (group 1), before "of".
    static let articleQuantity = regex(#"(?i)(?<![A-Za-z0-9.\-/])(?<!half )(an?)\s+("# + unitPattern + #")\s+of\b"#)
    /// "a dozen white chef jackets", "half a dozen hazelnut syrups": a count of dozens with no
    /// unit after it (with one, the unit pattern reads it). Group 2 never matches.
    static let dozenQuantity = regex(#"(?i)(?<![A-Za-z0-9.\-/])(half a dozen|a dozen)()(?![A-Za-z])"#)
    private static let bareQuantity = regex(#"^[\s\-–—:：=¤]*"# + numberPattern + #"\s*("# + unitPattern + #")?[\s.。,，;；]*$"#)

    /// "change the quantity of X to 5", "increase the paper to 50 boxes": a verb of changing,
    /// at most a few words, then "to" and the count (no "from" count: see `changedQuantity`).
    private static let changedToQuantity = regex(#"(?i)\b(?:change|changed|increase|increased|reduce|reduced|raise|lower|amend|update|adjust|bump)\b[^\d\n]{0,80}?\bto\s+"#
                                                 + numberPattern + #"\s*("# + unitPattern + #")?(?![\w/-])"#)
    /// "从20箱减少到15箱", "from 40 to 50 boxes": what the customer changes a count to.
    private static let changedQuantity = regex(#"(?:从|從|由|from)\s*"# + numberPattern + #"\s*(?:"# + unitPattern + #")?\s*\S{0,4}?\s*(?:到|至|to|為|为|成)\s*"# + numberPattern + #"\s*("# + unitPattern + #")?"#)

    /// The count patterns, in the order they are tried: the first three on every line, the
    /// others only where a count alone is looked for (`quantity(in:)`).
    enum QuantityPattern: CaseIterable {
        case labelled, times, unit, colon, paren, bare
        /// "120 of the grey gym towels", "600 of the 40x30x30 cartons": a count before "of the".
        case ofThe
        /// "a case of soda water": one, written as an article.
        case article
        /// "a dozen chef jackets": twelve, with no unit.
        case dozen

        var regex: NSRegularExpression? {
            switch self {
            case .labelled: LineItemParser.labelledQuantity
            case .times: LineItemParser.timesQuantity
            case .unit: LineItemParser.unitQuantity
            case .colon: LineItemParser.colonQuantity
            case .paren: LineItemParser.parenQuantity
            case .bare: LineItemParser.bareQuantity
            case .ofThe: LineItemParser.ofTheQuantity
            case .article: LineItemParser.articleQuantity
            case .dozen: LineItemParser.dozenQuantity
            }
        }

        /// The hand-written reader of the pattern for ASCII text, where there is one.
        var scanned: ASCIIQuantityScanner.Pattern? {
            switch self {
            case .labelled: .labelled
            case .times: .times
            case .unit: .unit
            case .colon, .paren, .bare, .ofThe, .article, .dozen: nil
            }
        }
    }

    /// A count pattern's match: the whole of it, the number (group 1) and the unit (group 2).
    struct QuantityMatch {
        var range: Range<String.Index>
        var number: Range<String.Index>
        var unit: Range<String.Index>?
    }

    /// The count patterns applied to one text: by `ASCIIQuantityScanner` where the text is
    /// ASCII and the pattern one it reads, by ICU otherwise. Both give the same matches.
    struct QuantityReader {
        let text: String
        let cues: QuantityCues
        private let scanner: ASCIIQuantityScanner?

        /// `useScanner: false` runs every pattern through ICU (the reference the tests compare with).
        init(_ text: String, useScanner: Bool = true) {
            self.text = text
            cues = QuantityCues(text)
            scanner = useScanner ? ASCIIQuantityScanner(text) : nil
        }

        /// The patterns in the order they are tried, without those the cues rule out.
        func patterns(extended: Bool) -> [QuantityPattern] {
            var patterns: [QuantityPattern] = []
            if cues.labelled { patterns.append(.labelled) }
            if cues.times { patterns.append(.times) }
            patterns.append(.unit)
            if cues.ofThe { patterns.append(.ofThe) }
            if cues.article { patterns.append(.article) }
            if cues.dozen { patterns.append(.dozen) }
            if extended {
                if cues.colon { patterns.append(.colon) }
                if cues.paren { patterns.append(.paren) }
                patterns.append(.bare)
            }
            return patterns
        }

        func firstMatch(_ pattern: QuantityPattern) -> QuantityMatch? {
            if let scanner, let scanned = pattern.scanned {
                return scanner.firstMatch(scanned).map(quantityMatch)
            }
            guard let regex = pattern.regex, let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
            return quantityMatch(match)
        }

        func matches(_ pattern: QuantityPattern) -> [QuantityMatch] {
            if let scanner, let scanned = pattern.scanned {
                return scanner.matches(scanned).map(quantityMatch)
            }
            guard let regex = pattern.regex else { return [] }
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap(quantityMatch)
        }

        private func quantityMatch(_ match: NSTextCheckingResult) -> QuantityMatch? {
            guard let range = Range(match.range, in: text), let number = Range(match.range(at: 1), in: text) else { return nil }
            let unit = match.numberOfRanges > 2 ? Range(match.range(at: 2), in: text) : nil
            return QuantityMatch(range: range, number: number, unit: unit)
        }

        private func quantityMatch(_ match: ASCIIQuantityScanner.Match) -> QuantityMatch {
            QuantityMatch(range: indices(match.range), number: indices(match.number), unit: match.unit.map(indices))
        }

        private func indices(_ offsets: Range<Int>) -> Range<String.Index> {
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
            return lower..<utf8.index(lower, offsetBy: offsets.count)
        }
    }

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
            let outside = text.replacingOccurrences(of: #"[(（][^()（）]{0,30}[)）]"#, with: " ", options: .regularExpression)
            if outside != text, let found = quantityOutsideBrackets(outside) { return found }
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
            if pattern == .unit, let unit = match.unit.map({ String(text[$0]).lowercased() }), measureUnits.contains(unit) {
                for later in reader.matches(.unit) where later.range.lowerBound > match.range.upperBound {
                    guard let laterUnit = later.unit.map({ String(text[$0]).lowercased() }), !measureUnits.contains(laterUnit),
                          let count = TextNormalizer.number(String(text[later.number])), count > 0 else { continue }
                    return (count, laterUnit)
                }
            }
            return (value, match.unit.map { String(text[$0]) })
        }
        return packFallback
    }

    /// Units of weight and length, which a product's name carries as its size.
    /// Lengths too: "Type-C 線 2米的 三條" is three 2 m cables, though fabric is counted in them.
    static let measureUnits: Set<String> = ["kg", "kgs", "公斤", "千克", "米", "公尺", "metres", "metre", "meters", "meter", "yards", "yard", "yds", "yd", "碼", "码"]

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

    /// Which quantity patterns can match `text` at all, from one pass over its bytes: each but
    /// the unit and bare patterns needs a character most lines lack ("qty"/數量 a q or 量, "x 3"
    /// an x, × or *, a colon, a parenthesis, "from"/从/從/由 an f or a non-ASCII byte). The cues
    /// may say yes when the pattern does not match, never the reverse; the regular expressions
    /// they spare were a tenth of a mailbox sync's extraction.
    struct QuantityCues {
        var labelled = false
        var times = false
        var colon = false
        var paren = false
        var changed = false
        /// " of the ", " of our ": a count may stand before it.
        var ofThe = false
        /// "a … of", "an … of": an article may be the count.
        var article = false
        /// "dozen": a count of dozens may stand without a unit.
        var dozen = false

        init(_ text: String) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "q"), UInt8(ascii: "Q"): labelled = true
                case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "*"): times = true
                case UInt8(ascii: ":"): colon = true
                case UInt8(ascii: "("): paren = true
                case UInt8(ascii: "f"), UInt8(ascii: "F"): changed = true
                case 0x80...:
                    // 量, ×, the full-width colon and parenthesis, 从 從 由: a look at the whole
                    // text below is cheaper than decoding here.
                    changed = true
                default: break
                }
            }
            ofThe = text.hasSubstring(" of ")
            article = ofThe && Self.mayHoldArticleCount(text)
            dozen = text.hasSubstring("dozen") || text.hasSubstring("Dozen")
            if changed, !text.isASCII {
                labelled = labelled || text.hasSubstring("量")
                times = times || text.hasSubstring("×")
                colon = colon || text.hasSubstring("：")
                paren = paren || text.hasSubstring("（")
            }
        }

        /// "a " or "an " at a word's start: the article `articleQuantity` reads as one.
        static func mayHoldArticleCount(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                for index in bytes.indices where bytes[index] | 0x20 == UInt8(ascii: "a") && (index == 0 || bytes[index - 1] == UInt8(ascii: " ")) {
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    if next == UInt8(ascii: " ") || (next | 0x20 == UInt8(ascii: "n") && index + 2 < bytes.count && bytes[index + 2] == UInt8(ascii: " ")) { return true }
                }
                return false
            }
        }
    }
}
