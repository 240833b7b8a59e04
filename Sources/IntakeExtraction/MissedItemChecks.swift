import Foundation
import IntakeModel

/// Tells what the reading may have missed: words a product's names do not explain, catalog words and counts
/// on lines that gave fewer items; apart from `OrderFinisher` because these read text against the catalog.
enum MissedItemChecks {
    /// The words of what the customer wrote that none of the product's names, aliases or SKU
    /// has (sizes, counts and packaging words aside), joined for a message; nil when the names
    /// explain it all.
    static func unnamedWords(_ written: String, product: Product, quantity: String? = nil) -> String? {
        // "香檳色雪紗帶 10卷 @HK$26", "at the US$61.50/case we agreed", "100L 湯桶 兩個 @MOP 1,350":
        // a price and its currency name no product; "add one", "the same number of" are filler.
        let stripped = ListMarker.strip(written).text
        let unpriced = stripped.contains(where: \.isNumber) ? RegexCache.replacing(Self.writtenPrice, in: stripped, with: " ") : stripped
        let writtenFeatures = FuzzyProductMatcher.features(of: unpriced).filter { !FuzzyProductMatcher.fillerWords.contains($0) && !Self.countingWords.contains($0) && !Self.fillerExtra.contains($0) }
        guard !writtenFeatures.isEmpty else { return nil }
        // A small number that names a variant ("Level 3", "No. 2") must be one the product's
        // names have when they have such numbers: "Surgical masks ASTM Level 3" is not Level 1.
        let productNumbers = Set(([product.sku, product.name] + product.aliases).flatMap { FuzzyProductMatcher.features(of: $0) }
            .filter { $0.count <= 2 && $0.allSatisfy(\.isNumber) })
        // (The count written beside the name, "x 12", "10盤", is no variant's number.)
        let counts = Set([quantity].compactMap { $0 }) .union(RegexCache.regex(#"(?i)(?:[x×*]\s*(\d{1,3})|(\d{1,3})\s*(?:[x×*]|pcs|cases?|boxes|盒|盤|盘|箱|包|瓶|支|個|个|件))"#).map { regex in
            regex.matches(in: written, range: NSRange(written.startIndex..., in: written)).compactMap { match in
                (Range(match.range(at: 1), in: written) ?? Range(match.range(at: 2), in: written)).map { String(written[$0]) }
            }
        } ?? [])
        if !productNumbers.isEmpty,
           let conflict = writtenFeatures.filter({ $0.count <= 2 && $0.allSatisfy(\.isNumber) && !counts.contains($0) }).subtracting(productNumbers).sorted().first {
            return "\"\(conflict)\""
        }
        // Only a name that covers less than half of what was written ("pillow" in "pillow
        // protector waterproof") leaves room for another product; a name with a word or two
        // beside it (長效 水箱精, 6吋蛋糕盒 開窗) is that product described.
        func letters(_ text: String) -> Int { TextNormalizer.matchKey(text).filter { $0.isLetter }.count }
        let writtenKey = TextNormalizer.matchKey(written)
        let covered = ([product.sku, product.name] + product.aliases).filter { !$0.isEmpty && writtenKey.hasSubstring(TextNormalizer.matchKey($0)) }.map(letters).max() ?? 0
        guard covered > 0, Double(covered) <= 0.5 * Double(max(letters(written), 1)) else { return nil }
        var named = Set<String>()
        var namedHan = Set<Character>()
        for text in [product.sku, product.name] + product.aliases {
            named.formUnion(FuzzyProductMatcher.features(of: text))
            for character in TextNormalizer.lowercased(TextNormalizer.normalize(text)) where FuzzyProductMatcher.isHan(character) {
                namedHan.insert(TextNormalizer.simplified(character))
            }
        }
        // "冷凍蝦仁" of "Frozen Peeled Prawns": a Chinese word the English name says.
        if written.unicodeScalars.contains(where: { $0.value >= 0x3400 }) {
            let englishNames = ([product.name] + product.aliases).map { TextNormalizer.lowercased($0) }.joined(separator: " | ")
            namedHan.formUnion(AttributeGlossary.namedCharacters(in: written, names: englishNames))
        }
        let extra = writtenFeatures.subtracting(named).filter { feature in
            // Figures and sizes ("50x75", "48mm", "2xl") describe; a word of three letters or
            // more, or a Han pair with a character no name of the product has, may not.
            if feature.contains(where: \.isNumber) { return false }
            if feature.allSatisfy({ $0.isASCII }) { return feature.count >= 3 && !Self.describingWords.contains(feature) }
            return feature.contains { FuzzyProductMatcher.isHan($0) && !namedHan.contains($0) && !Self.describingHan.contains($0) }
        }
        guard !extra.isEmpty else { return nil }
        return extra.sorted().prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// Whether every word written (figures and describing words aside) is one of the product's
    /// names' words: "Classical guitar capo" is all the capo's, not the classical guitar's.
    static func namesEveryWord(_ written: String, product: Product) -> Bool {
        var named = Set<String>()
        for text in [product.sku, product.name] + product.aliases { named.formUnion(FuzzyProductMatcher.features(of: text)) }
        let words = FuzzyProductMatcher.features(of: written).filter { !$0.contains(where: \.isNumber) && !describingWords.contains($0) }
        return !words.isEmpty && words.isSubset(of: named)
    }

    /// Words that describe a product without making it another: colours, sizes, sterility, packaging.
    static let describingWords: Set<String> = ["size", "small", "medium", "large", "new", "same", "usual", "again", "sterile", "color", "colour",
                                               "pack", "packs", "case", "cases", "box", "boxes", "roll", "rolls", "sheet", "sheets", "logo", "brand",
                                               "black", "white", "red", "blue", "green", "yellow", "grey", "gray", "navy", "brown", "clear", "transparent"]
    /// A price as written beside an item: "@HK$26", "at US$61.50/case", "MOP 1,350", "¥45 一条", "38元/套".
    static let writtenPrice = #"(?i)(?:@|\bat\b)?\s*(?:US\$|HK\$|NT\$|S\$|A\$|C\$|RM|RMB|MOP|HKD|USD|NTD|TWD|SGD|MYR|EUR|CNY|AUD|人民币|人民幣|[$¥￥€£])\s*\d[\d,]*(?:\.\d+)?(?:\s*/\s*\p{L}+)?|\d[\d,]*(?:\.\d+)?\s*(?:元|円)(?:\s*/\s*\p{L}+)?|@\s*\d[\d,]*(?:\.\d+)?"#
    static let fillerExtra: Set<String> = ["add", "one", "number", "same", "as", "usual", "agreed", "quoted", "quote", "please", "thanks"]
    static let countingWords: Set<String> = ["half", "dozen", "dozens", "bulk", "each", "more", "less", "extra", "another", "total", "units", "pieces", "size", "sizes"]
    static let describingHan: Set<Character> = ["色", "装", "裝", "入", "个", "號", "号", "码", "碼", "大", "中", "小", "款", "型", "的", "用", "支", "盒", "箱", "包",
                                                "瓶", "桶", "袋", "卷", "捲", "件", "条", "條", "片", "套", "组", "組", "双", "雙", "对", "對", "只", "颗", "顆", "粒"]

    /// "We'll also need 30 navy caps, with our logo embroidered on each": a sentence of prose
    /// that gave items, holding a word that belongs to a few catalog products none of which is
    /// on the order (here the embroidery), names something the rules did not read. Figures alone
    /// miss it when the count it shares is explained by another item.
    static func unreadProductWords(in lines: [TextLine], items: [ParsedLine], master: MasterData) -> [FigureAudit.Finding] {
        let itemLocations = Set(items.filter { FigureAudit.isProse($0.origin.location) && !$0.origin.rule.hasPrefix("table") }.map(\.origin.location))
        guard !itemLocations.isEmpty else { return [] }
        let ordered = Set(items.compactMap { $0.product?.sku })
        var findings: [FigureAudit.Finding] = []
        // "底膠、免洗封層 各五瓶" read as one line: a catalog name on a line that gave items, whose
        // product is on no line, was not read.
        for line in lines where itemLocations.contains(line.location) {
            let missed = master.allMentions(in: line.text).filter { !ordered.contains($0.sku) }
            guard !missed.isEmpty, !ItemCorrections.declines(line.text) else { continue }
            findings.append(FigureAudit.Finding(location: line.location, figures: missed.map(\.sku), excerpt: line.text.trimmedSpaces()))
        }
        for sentence in TextLine.joiningWrappedProse(lines) where itemLocations.contains(sentence.location) {
            var words: [String] = []
            // A size ("in medium") names a variant of an item, not another product.
            // Words that count or size ("half a dozen", "in bulk", "size M") own no product.
            for word in sentence.text.split(whereSeparator: { !($0.isASCII && $0.isLetter) }) where word.count >= 4 && SizeVariants.wordSize(in: String(word)) == nil
                && !countingWords.contains(word.lowercased()) {
                let owners = master.owners(ofWord: String(word))
                guard !owners.isEmpty, owners.count <= 3, !owners.contains(where: { ordered.contains($0.sku) }) else { continue }
                if !words.contains(String(word)) { words.append(String(word)) }
            }
            if !words.isEmpty { findings.append(FigureAudit.Finding(location: sentence.location, figures: words, excerpt: sentence.text.trimmedSpaces())) }
        }
        return findings
    }

    /// Lines that count more things than the items read from them ("two cartons of paper and a
    /// dozen pens" giving one line): an item may have been missed, which confidence must show.
    /// Labelled quantity lines belong to the item block above them and are not counted alone.
    static func unreadQuantities(_ textLines: [TextLine], lines: [ParsedLine], productsNamed: ((String) -> Set<String>)? = nil) -> [TextLine] {
        var read: [String: Int] = [:]
        for line in lines { read[line.origin.location, default: 0] += 1 }
        // A table row is one item by construction: "蚝油 5kg | 6 | 桶" counts a size and a quantity.
        let tableRows = Set(lines.filter { $0.origin.rule.hasPrefix("table") }.map(\.origin.location))
        let correctable = FigureAudit.correctableValues(lines)
        return textLines.filter { line in
            guard !tableRows.contains(line.location) else { return false }
            // "瑤柱要5斤唔係3斤": a correction whose figures are an item's counts, now and before.
            if read[line.location] == nil, ItemCorrections.correctsALine(line.text) {
                let figures = FigureAudit.tokens(in: line.text).compactMap(\.value)
                if !figures.isEmpty, figures.allSatisfy(correctable.contains) { return false }
            }
            // A line that cannot hold a number counts nothing: its label need not be read.
            guard ItemQuantity.mayHoldNumber(line.text) else { return false }
            if let labelled = FieldLabels.split(line.text), labelled.field != .product { return false }
            // Pack sizes in brackets and weights before a count ("鮪魚飼料2公斤 二十包") count nothing.
            var stripped = RegexCache.replacing(#"[(（][^()（）]{0,30}[)）]"#, in: line.text, with: " ")
            stripped = RegexCache.replacing(#"(?i)\d+(?:\.\d+)?\s*(?:kg|公斤|千克|g|克|ml|毫升|l|升)(?![a-z])(?=.*\d|.*[一二兩两三四五六七八九十百千])"#, in: stripped, with: " ")
            // "3 bags cake flour 25kg": a weight after a count in another unit is the pack's size too.
            if RegexCache.firstRange(#"(?i)\d\s*(?:bags?|boxes|box|cases?|cartons?|packs?|tins?|bottles?|包|袋|箱|盒|罐|瓶|桶)\b.*\d\s*(?:kg|g|ml|l|lb)\b"#, in: stripped) != nil {
                stripped = RegexCache.replacing(#"(?i)\d+(?:\.\d+)?\s*(?:kg|g|ml|l|lb)\b"#, in: stripped, with: " ")
            }
            let readHere = read[line.location] ?? 0
            guard ItemQuantity.countedQuantities(in: stripped) > readHere else { return false }
            // What the figure audit knows for no order's (a dimension, a pack's content, a date, a
            // declined or in-stock clause), and sizes before a count ("HDMI線 3米 5條"), count nothing.
            stripped = RegexCache.replacing(#"(?i)\d+(?:\.\d+)?\s*(?:米|公尺|公分|厘米|毫米|cm|mm|m|吋|寸|inch|"|lb|lbs)(?![a-z])(?=.*\d)|\d+\s*(?:pcs|片|个|個|支|粒|包|條|条)?\s*(?:入|装|裝)|[一二兩两三四五六七八九十百]+\s*(?:套|片|個|个|支|包)\s*(?:装|裝)|零件"#,
                                        in: FigureAudit.blankingContexts(stripped), with: " ")
            let counted = ItemQuantity.countedQuantities(in: stripped)
            guard counted > 0 && counted > readHere else { return false }
            // "1 12oz 紙杯(1000入) 20 箱 NT$1,850" in the body, the order read from its attachment:
            // a line naming ordered products, counting no more of them than they are.
            if read[line.location] == nil, let productsNamed {
                let named = productsNamed(line.text)
                let copies = lines.filter { $0.product.map { named.contains($0.sku) } ?? false }
                if !copies.isEmpty, counted <= copies.count,
                   FigureAudit.tokens(in: line.text).compactMap(\.value).contains(where: { value in copies.contains { DecimalText.parse($0.line.quantity) == value } }) {
                    return false
                }
            }
            return true
        }
    }
}
