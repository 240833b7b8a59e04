import Foundation

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

    private static let labelledQuantity = RegexCache.regex(#"(?:qty\.?|quantity|數量|数量)\s*[:=]?\s*"# + ItemQuantity.numberPattern + #"\s*("# + ItemUnits.unitPattern + ")?", options: [.caseInsensitive])
    /// "x 3", "× 10箱"; not "× 1150元", which is a price.
    private static let timesQuantity = RegexCache.regex(#"(?:\bx|×|\*)\s*(?<![0-9.\-/])"# + ItemQuantity.numberCore + #"\s*("# + ItemUnits.unitPattern + #")?(?!\s*(?:元|塊|块|円|[.,]?\d))"#, options: [.caseInsensitive])
    /// "10 boxes", "10箱": after a Latin unit no letter may follow ("10 boxing"), after a Chinese
    /// one anything may ("10箱A4复印纸"); "100个/盒" is a pack size, not a count.
    /// "116 台北市": 台 before a place name is Taiwan, not a count of machines.
    private static let unitQuantity = RegexCache.regex(ItemQuantity.numberPattern + #"\s*("# + ItemUnits.unitPattern + #")(?!(?<=台)[北中南東东灣湾州])(?:(?<![A-Za-z])|(?![A-Za-z]))(?!\s*/)"#, options: [.caseInsensitive])
    /// "Notebooks (NTB-B5-60): 150": the number after the line's colon, at its end.
    private static let colonQuantity = RegexCache.regex(#"[:：]\s*"# + ItemQuantity.numberPattern + #"\s*("# + ItemUnits.unitPattern + #")?\s*[.。]?\s*$"#, options: [.caseInsensitive])
    /// "PAP-A4-80 (10)": a count alone in parentheses.
    /// Digits only, and never at the start (where "(1)" or "(一)" numbers a list).
    private static let parenQuantity = RegexCache.regex(#"\S\s*[(（]\s*(\d{1,6})\s*("# + ItemUnits.unitPattern + #")?\s*[)）]"#, options: [.caseInsensitive])
    /// "A4复印纸 10": the rest of an item line is a bare number.
    /// The number right before "of the" (group 2, the unit, never matches).
    static let ofTheQuantity = RegexCache.regex(#"(?<![A-Za-z0-9.,\-/])(\d{1,6})\s+()of\s+(?:the|our|your|those|these)\b"#, options: [.caseInsensitive])
    /// "a case of soda water", "a carton of the 8oz cups": one of a unit, written with
    /// the article (group 1), before "of".
    static let articleQuantity = RegexCache.regex(#"(?i)(?<![A-Za-z0-9.\-/])(?<!half )(an?)\s+("# + ItemUnits.unitPattern + #")\s+of\b"#, options: [.caseInsensitive])
    /// "a dozen white chef jackets", "half a dozen hazelnut syrups": a count of dozens with no
    /// unit after it (with one, the unit pattern reads it). Group 2 never matches.
    static let dozenQuantity = RegexCache.regex(#"(?i)(?<![A-Za-z0-9.\-/])(half a dozen|a dozen)()(?![A-Za-z])"#, options: [.caseInsensitive])
    private static let bareQuantity = RegexCache.regex(#"^[\s\-–—:：=¤]*"# + ItemQuantity.numberPattern + #"\s*("# + ItemUnits.unitPattern + #")?[\s.。,，;；]*$"#, options: [.caseInsensitive])

    var regex: NSRegularExpression? {
        switch self {
        case .labelled: Self.labelledQuantity
        case .times: Self.timesQuantity
        case .unit: Self.unitQuantity
        case .colon: Self.colonQuantity
        case .paren: Self.parenQuantity
        case .bare: Self.bareQuantity
        case .ofThe: Self.ofTheQuantity
        case .article: Self.articleQuantity
        case .dozen: Self.dozenQuantity
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
