import Foundation
public import IntakeModel

/// The catalog and the customer list that extraction checks orders against.
public struct MasterData: Sendable {
    public var products: [Product]
    public var customers: [String: Customer]
    // Keys and the index of their product, apart: scanning keys for every line of every message
    // must not copy (retain and release) a Product per entry, which was most of the lookup's time.
    private var nameKeys: SearchKeys
    private var nameOwners: [Int]
    private var skuKeys: SearchKeys
    private var skuOwners: [Int]
    private var skuIndex: [String: Int]
    private var fuzzy: FuzzyProductMatcher
    private var sizes: SizeVariants

    public init(products: [Product], customers: [Customer]) {
        self.products = products
        self.customers = Dictionary(customers.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        var names: [(String, Int)] = []
        var skus: [String: Int] = [:]
        for (index, product) in products.enumerated() {
            skus[TextNormalizer.matchKey(product.sku)] = index
            for name in [product.name] + product.aliases where !name.isEmpty {
                names.append((TextNormalizer.matchKey(name), index))
            }
        }
        // Longest names first, so "A4 copy paper 80gsm" wins over "A4 paper" inside the same line.
        names.sort { $0.0.count > $1.0.count }
        self.nameKeys = SearchKeys(names.map(\.0))
        self.nameOwners = names.map(\.1)
        self.skuIndex = skus
        let skuEntries = skus.sorted { $0.key < $1.key }
        self.skuKeys = SearchKeys(skuEntries.map(\.key))
        self.skuOwners = skuEntries.map(\.value)
        self.fuzzy = FuzzyProductMatcher(products: products)
        self.sizes = SizeVariants(products: products)
    }

    public func customer(email: String?) -> Customer? {
        email.flatMap { customers[$0.lowercased()] }
    }

    /// The one customer on file with this phone (digits compared, eight or more) and, when a
    /// name is written, this name: a drop-folder file that gives no email address still names
    /// its buyer ("聯絡人,何志偉,電話,04-2225-6093").
    public func customer(phone: String?, name: String?) -> Customer? {
        guard let phone else { return nil }
        let digits = String(phone.filter(\.isNumber))
        guard digits.count >= 8 else { return nil }
        let written = name?.trimmedSpaces().lowercased()
        let found = customers.values.filter { customer in
            guard let own = customer.phone, String(own.filter(\.isNumber)).hasSuffix(digits) || digits.hasSuffix(String(own.filter(\.isNumber))),
                  own.filter(\.isNumber).count >= 8 else { return false }
            guard let written, !written.isEmpty else { return true }
            return customer.name?.lowercased() == written
        }
        return found.count == 1 ? found[0] : nil
    }

    public func product(sku: String) -> Product? {
        skuIndex[TextNormalizer.matchKey(sku)].map { products[$0] }
    }

    /// The product whose SKU, name or alias best matches a customer's description: exact key
    /// first, then a name contained in the text, then a text contained in a name.
    ///
    /// A text contained in several products' names ("丁腈手套" in 丁腈手套M and 丁腈手套L) names
    /// none of them alone: `context` (the row's other cells, the rest of the line) may hold what
    /// tells them apart ("M码"); if it does not, there is no match, and the line goes to a person
    /// rather than to whichever variant came first.
    public func product(matching description: String, context: String? = nil) -> Product? {
        if let found = matchedProduct(description, context: context) { return found }
        // "A4影印紙（80克）一百二十令": a bracket at the end that no name holds; the name before
        // it, with the bracket and the rest of the line as what tells variants apart.
        guard description.last == ")" || description.last == "）",
              let open = description.lastIndex(where: { $0 == "(" || $0 == "（" }), open > description.startIndex else { return nil }
        let name = String(description[..<open]).trimmedSpaces()
        return name.count >= 2 ? matchedProduct(name, context: (context ?? "") + " " + description[open...]) : nil
    }

    private func matchedProduct(_ description: String, context: String?) -> Product? {
        let key = TextNormalizer.matchKey(description)
        guard !key.isEmpty else { return nil }
        if let index = skuIndex[key] { return products[index] }
        if let exact = nameKeys.firstIndex(of: key) { return products[nameOwners[exact]] }
        // "深藍POLO衫" with "M" beside it, "White polo shirts, size M": one size of a family.
        if let variant = sizes.variant(description: description, context: context) { return products[variant] }
        if let contained = nameKeys.first(in: key, minLength: 2) { return products[nameOwners[contained]] }
        if let sku = writtenSKUs(in: key, line: description).first { return products[skuOwners[sku]] }
        // "耳塞" (two Han characters) in 1100耳塞, 1110耳塞, MAX耳塞: too short to name a product
        // alone, but the context may name one of them ("3M 1110 带线" in the row's spec cell).
        let shortHan = key.count == 2 && key.allSatisfy(FuzzyProductMatcher.isHan)
        guard key.count >= 3 || (shortHan && context != nil) else { return nil }
        let containing = nameKeys.allContaining(key)
        var owners: [Int] = []
        for position in containing where !owners.contains(nameOwners[position]) { owners.append(nameOwners[position]) }
        if owners.count <= 1 { return shortHan ? nil : owners.first.map { products[$0] } }
        guard let context else { return nil }
        let contextKey = TextNormalizer.matchKey(context)
        let contextWords = TextNormalizer.lowercased(TextNormalizer.normalize(context))
        // The rest of each containing name ("m" of 丁腈手套m), found in the context: a short
        // Latin rest as a word of its own ("M码", "size M"), not a letter inside "gloves".
        let fitting = Set(containing.filter { position in
            let rest = nameKeys.texts[position].replacingOccurrences(of: key, with: "")
            guard !rest.isEmpty else { return false }
            if rest.count <= 3, let first = rest.unicodeScalars.first, first.isASCII {
                // "15 boxes" for the rest "box": a unit word is written in the plural.
                return RegexCache.firstRange("(?<![a-z0-9])" + NSRegularExpression.escapedPattern(for: rest) + "(?:e?s)?(?![a-z0-9])", in: contextWords) != nil
            }
            return contextKey.hasSubstring(rest)
        }.map { nameOwners[$0] })
        return fitting.count == 1 ? fitting.first.map { products[$0] } : nil
    }

    /// The product a description most likely means when `product(matching:)` finds none; the
    /// caller flags the guess for review.
    /// The same product in another size ("… in small" after "nitrile gloves in medium").
    public func sibling(of product: Product, size: String) -> Product? {
        guard let index = products.firstIndex(where: { $0.sku == product.sku }), let found = sizes.sibling(of: index, size: size) else { return nil }
        return products[found]
    }

    /// The same product in another measure ("… the 30cm ones" after "20cm glass cylinder
    /// vases"): the one product whose name without its measure is the product's, with `measure`
    /// written in it.
    public func sibling(of product: Product, measure: String) -> Product? {
        func key(_ text: String) -> String {
            TextNormalizer.matchKey(RegexCache.replacing(ItemUnits.measurePattern, in: text, with: " "))
        }
        let wanted = TextNormalizer.matchKey(measure)
        let bases = Set(([product.name] + product.aliases).map(key))
        let found = products.filter { other in
            other.sku != product.sku && ([other.name] + other.aliases).contains { name in
                bases.contains(key(name)) && TextNormalizer.matchKey(name).hasSubstring(wanted)
            }
        }
        return found.count == 1 ? found.first : nil
    }

    /// The products a single written word belongs to (see `FuzzyProductMatcher.owners`).
    public func owners(ofWord word: String) -> [Product] {
        fuzzy.owners(ofWord: word)
    }

    /// Catalog products whose SKU is one edit from `written`, or starts with it: what an
    /// assistant who mistyped a SKU probably meant (at most three).
    public func products(withSKUsNear written: String) -> [Product] {
        let typed = Array(written.uppercased().utf8)
        guard typed.count >= 3 else { return [] }
        return products.filter { product in
            let sku = Array(product.sku.uppercased().utf8)
            return sku.starts(with: typed) || FuzzyProductMatcher.withinOneEdit(typed, sku)
        }.prefix(3).map { $0 }
    }

    /// A guess from the features of `text` the catalog knows (see `FuzzyProductMatcher.guess`):
    /// for a table row's name and spec cells, where the columns say what each cell is.
    public func guessProduct(knownPartOf text: String) -> FuzzyProductMatcher.Guess? {
        fuzzy.guess(text, ignoringUnknown: true)
    }

    public func guessProduct(_ description: String) -> FuzzyProductMatcher.Guess? {
        // "杏人片 1公斤": the slip is looked for in the name without the size written after it too.
        fuzzy.guess(description) ?? oneCharacterSlip(description)
            ?? oneCharacterSlip(RegexCache.replacing(#"(?i)[\s(（]*\d+(?:\.\d+)?\s*(?:kg|g|ml|l|lb|oz|公斤|千克|克|毫升|公升|升)[)）]?"#, in: description, with: ""))
    }

    /// "丁晴手套" for 丁腈手套, "胰霉" for 胰酶, "海君藍 Polo衫" for 海軍藍POLO衫: a name or alias
    /// of the same length as what was written, with one Han character typed wrong, when exactly
    /// one product has such a name. Bigrams miss these (one wrong character breaks two of them).
    func oneCharacterSlip(_ description: String) -> FuzzyProductMatcher.Guess? {
        let key = Array(TextNormalizer.matchKey(description))
        guard key.count >= 2, key.count <= 24, key.contains(where: FuzzyProductMatcher.isHan) else { return nil }
        var owners = Set<Int>()
        for (position, name) in nameKeys.texts.enumerated() {
            let candidate = Array(name)
            guard candidate.count == key.count else { continue }
            var differences = 0
            var differsInHan = false
            for (a, b) in zip(key, candidate) where a != b {
                differences += 1
                differsInHan = FuzzyProductMatcher.isHan(a) && FuzzyProductMatcher.isHan(b)
                if differences > 1 { break }
            }
            // Two or more Han characters must agree, so that the slip is one character of a word.
            if differences == 1, differsInHan, key.filter(FuzzyProductMatcher.isHan).count >= 2 { owners.insert(nameOwners[position]) }
        }
        guard owners.count == 1, let owner = owners.first else { return nil }
        return FuzzyProductMatcher.Guess(product: products[owner], score: 0.75)
    }

    /// Every product a text names (SKU, name or alias), each once; a name inside a longer name
    /// already found does not count again ("A4 paper" inside "A4 copy paper").
    public func allMentions(in text: String) -> [Product] {
        let key = TextNormalizer.matchKey(text)
        var found: [Int] = []
        var names: [String] = []
        for position in writtenSKUs(in: key, line: text) where !found.contains(skuOwners[position]) {
            found.append(skuOwners[position])
            names.append(skuKeys.texts[position])
        }
        for position in nameKeys.occurring(in: key, minLength: 2) {
            let name = nameKeys.texts[position]
            if found.contains(nameOwners[position]) || names.contains(where: { $0.hasSubstring(name) }) { continue }
            found.append(nameOwners[position])
            names.append(name)
        }
        return found.map { products[$0] }
    }

    /// Whether `sku` stands in `line` with no letter or digit right before or after it, its
    /// characters maybe separated by spaces, hyphens, points or slashes ("CB 2P 30A", "cb-2p-30a").
    static func writesAsWord(_ sku: String, in line: String) -> Bool {
        let parts = sku.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map { NSRegularExpression.escapedPattern(for: String($0)) }
        guard !parts.isEmpty else { return false }
        let pattern = #"(?i)(?<![\p{L}\p{N}])"# + parts.joined(separator: #"[\s\-_./]*"#) + #"(?![\p{L}\p{N}])"#
        return RegexCache.firstRange(pattern, in: TextNormalizer.normalize(line)) != nil
    }

    /// The SKU keys in a line's matching key that the line writes as words of their own. The
    /// matching key has no spaces or hyphens, so "RCCB 2P 30A" holds "cb2p30a", the key of
    /// CB-2P-30A, and "8-inch melamine" holds "chmel": those are no mentions.
    private func writtenSKUs(in key: String, line: String) -> [Int] {
        skuKeys.occurring(in: key, minLength: 4).filter { Self.writesAsWord(products[skuOwners[$0]].sku, in: line) }
    }

    /// Products mentioned anywhere in a line, SKU or name, with where the mention ends.
    public func mentions(in line: String) -> [(product: Product, written: String)] {
        let key = TextNormalizer.matchKey(line)
        var found: [(Product, String)] = []
        for position in writtenSKUs(in: key, line: line) {
            let product = products[skuOwners[position]]
            found.append((product, product.sku))
        }
        if found.isEmpty, let position = nameKeys.first(in: key, minLength: 2) {
            found.append((products[nameOwners[position]], nameKeys.texts[position]))
        }
        return found
    }
}
