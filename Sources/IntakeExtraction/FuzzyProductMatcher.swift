import Foundation
public import IntakeModel

/// Finds the catalog product a customer meant when what they wrote is not a name or alias:
/// "A4標籤" for "A4 Labels 65 per sheet" (alias 標籤紙), "L-shaped folders" for "L-shaped
/// Folder A4", "stapplers" for "Stapler 24/6".
///
/// Text becomes features that work across scripts: runs of Latin letters and digits are words
/// (lower-cased, a plural `s` dropped, one typo forgiven in long words), runs of Han characters
/// become character bigrams after Traditional → Simplified (Chinese has no spaces, and bigrams
/// are what CJK search engines index for the same reason). A product's features are those of its
/// SKU, name and aliases together, so "A4" from the name and "標籤" from an alias both count.
///
/// The score is the share of the customer's features the product has, each weighted by how rare
/// it is in the catalog (words every product shares, like "A4", say little; a feature no product
/// has counts fully against). A guess is returned only when it is strong and clearly ahead of the
/// runner-up; the caller marks it for review.
public struct FuzzyProductMatcher: Sendable {
    /// A product and how much of the written text it explains (0–1).
    public struct Guess: Sendable, Equatable {
        public var product: Product
        public var score: Double
        /// Every word the customer wrote (two or more) is one of the product's own, spelled as
        /// the catalog spells it, and no other product comes close: "the blue patient bibs" for
        /// Dental Bib 2-Ply Tissue + Poly Blue. A name written in other words, not a guess.
        public var coversEveryWord = false
    }

    /// Below this share of explained text there is no guess.
    static let minimumScore = 0.7
    /// The best guess must lead the second by this much, or the text is ambiguous.
    static let minimumLead = 0.2

    private let products: [Product]
    private let features: [Set<String>]
    /// Each product's names one by one (SKU, name, aliases), as features.
    private let nameFeatures: [[Set<String>]]
    private let documentFrequency: [String: Int]

    public init(products: [Product]) {
        self.products = products
        self.nameFeatures = products.map { product in ([product.sku, product.name] + product.aliases).map { Self.features(of: $0) }.filter { !$0.isEmpty } }
        self.features = nameFeatures.map { names in names.reduce(into: Set<String>()) { $0.formUnion($1) } }
        var frequency: [String: Int] = [:]
        for set in features { for feature in set { frequency[feature, default: 0] += 1 } }
        self.documentFrequency = frequency
    }

    /// The product `text` most likely names, or nil when no product explains enough of it or two
    /// explain it about equally well.
    /// With `ignoringUnknown`, features no product has (nor one a typo away) are left out, as
    /// long as at least half the features are known: "電動車鋰電池 | 36V 10.4Ah" in a table row,
    /// where 電動車 (e-bike) is a word the catalog does not use and the rest names one battery.
    public func guess(_ text: String, ignoringUnknown: Bool = false) -> Guess? {
        var query = Self.features(of: text, known: { self.documentFrequency[$0] != nil })
        if ignoringUnknown {
            let known = query.filter { documentFrequency[$0] != nil || similarFrequency($0) > 0 }
            guard known.count < query.count, known.count * 2 >= query.count else { return nil }
            query = known
        }
        // "M", "2": a size or a number alone names no product.
        guard query.contains(where: { $0.count >= 2 && !$0.allSatisfy(\.isNumber) }), !products.isEmpty else { return nil }
        let unknownWeight = log(1 + Double(products.count))
        // Summed in one fixed order: a `Set` iterates in an order seeded per process, and sums of
        // doubles in different orders differ in the last bits, so two products scoring alike
        // could swap places from one run to the next.
        let terms = query.sorted()
        var weights: [String: Double] = [:]
        var total = 0.0
        for feature in terms {
            let frequency = documentFrequency[feature] ?? similarFrequency(feature)
            let weight = frequency > 0 ? log(1 + Double(products.count) / Double(frequency)) : unknownWeight
            weights[feature] = weight
            total += weight
        }
        var best: (index: Int, score: Double)?
        var second: (index: Int, score: Double)?
        for (index, productFeatures) in features.enumerated() {
            var matched = 0.0
            for feature in terms { matched += (weights[feature] ?? 0) * Self.credit(productFeatures, feature) }
            let score = matched / total
            if score > (best?.score ?? 0) {
                second = best
                best = (index, score)
            } else if score > (second?.score ?? 0) {
                second = (index, score)
            }
        }
        guard let best, best.score >= Self.minimumScore else { return nil }
        // Close to the runner-up, the guess still stands when the text has a word the best has
        // and the runner-up has not, and the runner-up's own word is not written ("front brake
        // pads" beside Front and Rear Brake Pad Set): the variants are told apart by it.
        if let second, best.score - second.score < Self.minimumLead {
            // "3-4cm dong gu" between Dong Gu 3-4cm (per catty) and its 5 lb box: the one product
            // with a name whose every word is written, in any order ("dong gu 3-4cm").
            let close = features.indices.filter { index in
                var matched = 0.0
                for feature in terms { matched += (weights[feature] ?? 0) * Self.credit(features[index], feature) }
                return best.score - matched / total < Self.minimumLead
            }
            let named = close.filter { index in nameFeatures[index].contains { name in name.count >= 2 && name.isSubset(of: query) } }
            if named.count == 1, let only = named.first {
                return Guess(product: products[only], score: (best.score * 100).rounded() / 100, coversEveryWord: false)
            }
            let bestOnly = query.filter { Self.credit(features[best.index], $0) > Self.credit(features[second.index], $0) }
            // A number of two digits or more tells variants apart too ("70%" and "55%" chocolate).
            // So does a Han character written alone (黑 for black beside 透明 and 藍色).
            guard !bestOnly.isEmpty, bestOnly.contains(where: { $0.count >= 2 || $0.first.map(Self.isHan) == true }) else { return nil }
        }
        let wholly = best.score >= 0.999 && query.count >= 2 && query.allSatisfy { features[best.index].contains($0) }
            && (second.map { best.score - $0.score >= Self.minimumLead } ?? true)
        return Guess(product: products[best.index], score: (best.score * 100).rounded() / 100, coversEveryWord: wholly)
    }

    /// The products whose words hold `word` (a Latin word, a plural's `s` dropped), or a word
    /// one edit from it without an "-ed"/"-ing" ending ("embroidered" → "embroider", one edit
    /// from "embroidery"). The word itself must be written as the catalog writes it: "better" is
    /// one edit from "butter" and no typo. Filler words own nothing.
    public func owners(ofWord word: String) -> [Product] {
        let lower = stemmedWord(word)
        guard lower.count >= 4, !Self.fillerWords.contains(lower) else { return [] }
        let roots = ["ed", "ing"].filter { lower.hasSuffix($0) && lower.count - $0.count >= 5 }.map { String(lower.dropLast($0.count)) }
        return features.indices.filter { index in
            features[index].contains(lower) || roots.contains { Self.contains(features[index], $0) }
        }.map { products[$0] }
    }

    private func stemmedWord(_ word: String) -> String {
        Self.stem(TextNormalizer.lowercased(word))
    }

    /// How many products have a word close to `feature` (for typos, whose exact form no product has).
    private func similarFrequency(_ feature: String) -> Int {
        features.reduce(0) { $0 + (Self.contains($1, feature) ? 1 : 0) }
    }

    /// How much of a feature a product's features hold: all of it, or half for a Han character
    /// written alone that only a two-character word of the product holds (黑 in 黑色).
    static func credit(_ set: Set<String>, _ feature: String) -> Double {
        guard contains(set, feature) else { return 0 }
        return feature.count == 1 && feature.first.map(isHan) == true && !set.contains(feature) ? 0.5 : 1
    }

    static func contains(_ set: Set<String>, _ feature: String) -> Bool {
        if set.contains(feature) { return true }
        // "垃圾袋 大 黑": a Han character written alone is an abbreviation (黑 for 黑色); it is
        // had by a product with a word that holds it.
        if feature.count == 1, let character = feature.first, isHan(character) {
            return set.contains { $0.count == 2 && $0.contains(character) }
        }
        // A typo is forgiven in a word, never in a figure: "300mm" one edit from "200mm" is
        // another product, not a slip.
        guard feature.count >= 5, feature.first?.isASCII == true, !feature.contains(where: \.isNumber) else { return false }
        return set.contains { candidate in
            candidate.first?.isASCII == true && abs(candidate.count - feature.count) <= 1 && candidate.count >= 5 && !candidate.contains(where: \.isNumber)
                && Self.withinOneEdit(Array(candidate.utf8), Array(feature.utf8))
        }
    }

    /// True when one insertion, deletion or substitution turns `a` into `b`.
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard long.count - short.count <= 1 else { return false }
        var i = 0
        var j = 0
        var edited = false
        while i < short.count && j < long.count {
            if short[i] == long[j] { i += 1; j += 1; continue }
            if edited { return false }
            edited = true
            if short.count == long.count { i += 1 }
            j += 1
        }
        return true
    }

    // MARK: - Features

    /// Words that say nothing about which product: requests, articles, packaging units.
    static let fillerWords: Set<String> = [
        "please", "pls", "kindly", "send", "ship", "deliver", "supply", "order", "ordering", "need", "want", "would", "like", "could",
        "can", "you", "we", "us", "our", "me", "my", "i", "to", "of", "the", "a", "an", "and", "for", "some", "more", "another",
        "also", "plus", "with", "in", "on", "by", "per", "each", "x", "qty", "quantity", "pcs", "pc", "piece", "unit", "box", "pack",
        "packet", "carton", "ctn", "roll", "ream", "set", "bottle", "dozen", "kg", "bag", "can", "case", "jar", "tin", "tube", "pair", "reel", "spool", "ea",
        "item", "product", "thank", "thanks", "hi", "hello", "also", "more", "usual",
    ]
    /// Chinese request wording removed before bigrams are made, Simplified (the text is converted first).
    static let fillerPhrases = [
        "我们", "我司", "需要", "订购", "购买", "麻烦", "帮忙", "另外", "还要", "再要", "加订", "请", "寄", "送", "要", "买", "订", "各", "共",
        // When, not what: "聽日送保鮮紙30cm兩卷".
        "听日", "明天", "今天", "今日", "后天", "唔该",
    ]

    /// Words and Han bigrams of `text`, as described on the type.
    ///
    /// With `known` (the catalog's features), a bigram no product has that joins two features the
    /// catalog knows is dropped: "9W黃光燈泡" is 黄光 and 灯泡 written without a space, and 光灯
    /// between them names nothing; "2尺白光" is 尺 and 白光. Otherwise the seam counts as a word
    /// no product has, against every product alike.
    static func features(of text: String, known: ((String) -> Bool)? = nil) -> Set<String> {
        let simplified = featureText(text)
        var result = Set<String>()
        var word = ""
        var han: [Character] = []
        func flushWord() {
            defer { word = "" }
            let stemmed = stem(word)
            guard !word.isEmpty, !fillerWords.contains(word), !fillerWords.contains(stemmed) else { return }
            result.insert(stemmed)
        }
        func flushHan() {
            defer { han = [] }
            hanFeatures(han, known: known, into: &result)
        }
        for character in simplified {
            if character.isASCII, character.isLetter || character.isNumber {
                flushHan()
                word.append(character)
            } else if isHan(character) {
                flushWord()
                han.append(character)
            } else {
                flushWord()
                flushHan()
            }
        }
        flushWord()
        flushHan()
        return result
    }

    /// `text` as `features(of:)` splits it: sizes in Latin, normalised, lower-cased and
    /// Simplified, without filler phrases, regional words in one form and 色 after a colour dropped.
    private static func featureText(_ text: String) -> String {
        var simplified = ""
        // "1/2 GN", "16/20 prawns": a fraction or a count size is one feature ("1of2"), not the
        // numbers 1 and 2 that every size shares.
        var text = text
        if text.utf8.contains(UInt8(ascii: "/")), text.contains(where: \.isNumber) {
            text = RegexCache.replacing(#"(?<![\d/])(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])"#, in: text, with: "$1of$2")
        }
        // "2公斤" is the catalog's "2kg": one feature, whichever way the size is written.
        for character in TextNormalizer.lowercased(TextNormalizer.normalize(TextNormalizer.measuresInLatin(text))) {
            simplified.append(TextNormalizer.simplified(character))
        }
        if !simplified.isASCII {
            for phrase in fillerPhrases where simplified.hasSubstring(phrase) {
                simplified = simplified.replacingOccurrences(of: phrase, with: " ")
            }
            simplified = regionalWordsInOneForm(simplified, traditional: writesTraditional(text))
            // "粉紅色" and "粉紅", "黑色" and "黑": a colour with or without 色 is one colour.
            if simplified.hasSubstring("色") {
                simplified = RegexCache.replacing(#"([红黄蓝绿白黑灰紫粉棕金银橙米青])色"#, in: simplified, with: "$1")
            }
        }
        return simplified
    }

    /// The features of one run of Han characters: the character alone, else its bigrams, less
    /// those `known` finds to be a seam between two features (see `features(of:known:)`).
    private static func hanFeatures(_ han: [Character], known: ((String) -> Bool)?, into result: inout Set<String>) {
        if han.count == 1 { result.insert(String(han[0])); return }
        let bigrams = han.indices.dropLast().map { String([han[$0], han[$0 + 1]]) }
        for (index, bigram) in bigrams.enumerated() {
            if let known, !known(bigram) {
                // Joined on the left by the bigram before or a character the catalog has alone
                // at the run's start; on the right by the bigram after or a lone character at its end.
                let leftCharacter = String(han[index])
                let rightCharacter = String(han[index + 1])
                let left = index > 0 ? known(bigrams[index - 1]) : known(leftCharacter)
                let right = index + 1 < bigrams.count ? known(bigrams[index + 1]) : known(rightCharacter)
                if left && right {
                    if index == 0 { result.insert(leftCharacter) }
                    if index + 1 == bigrams.count { result.insert(rightCharacter) }
                    continue
                }
            }
            result.insert(bigram)
        }
    }

    /// Words Taiwan, Hong Kong and the mainland write differently for one thing (牛油, 黃油 and
    /// in Taiwan 奶油 for butter; 朱古力 and 巧克力; 印表機 and 打印机), in one form, so that a
    /// customer's word and the catalog's alias from another region share their bigrams. Applied
    /// to Simplified text, on both sides of a comparison.
    static func regionalWordsInOneForm(_ simplified: String, traditional: Bool) -> String {
        var text = simplified
        // In Taiwan 奶油 is butter (cream is 鮮奶油); on the mainland it is cream.
        if traditional, text.hasSubstring("奶油") {
            text = RegexCache.replacing(#"(?<![鲜淡稀])奶油(?!奶酪|乳酪)"#, in: text, with: "黄油")
        }
        for (regional, common) in regionalWords where text.hasSubstring(regional) {
            text = text.replacingOccurrences(of: regional, with: common)
        }
        return text
    }

    /// (regional word, the form used for comparing), Simplified.
    static let regionalWords = [("牛油", "黄油"), ("朱古力", "巧克力"), ("芝士", "奶酪"), ("起司", "奶酪"), ("忌廉", "鲜奶油"), ("淡奶油", "鲜奶油"),
                                ("印表机", "打印机"), ("影印纸", "复印纸"), ("碳粉匣", "硒鼓"), ("原子笔", "圆珠笔"), ("滑鼠", "鼠标"), ("随身碟", "U盘"),
                                ("凤梨", "菠萝"), ("吞拿鱼", "金枪鱼"), ("鲔鱼", "金枪鱼"), ("马铃薯", "土豆"), ("薯仔", "土豆"), ("塑胶", "塑料"),
                                ("地拖", "拖把"), ("洗碗精", "洗洁精"), ("面纸", "纸巾"), ("卫生纸", "厕纸")]

    /// Whether a text holds Traditional characters and no Simplified-only ones.
    static func writesTraditional(_ text: String) -> Bool {
        var traditional = false
        for scalar in text.unicodeScalars where scalar.value >= 0x2E80 {
            if TextNormalizer.traditionalToSimplified[scalar] != nil { traditional = true } else if HanScript.simplifiedMembers.contains(scalar) { return false }
        }
        return traditional
    }

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// "folders" → "folder", "boxes" → "box", "glass" stays: plurals must not hide a match.
    static func stem(_ word: String) -> String {
        guard word.count > 3, word.last == "s", !word.hasSuffix("ss") else { return word }
        for suffix in ["xes", "ches", "shes", "sses"] where word.hasSuffix(suffix) { return String(word.dropLast(2)) }
        return String(word.dropLast())
    }
}
