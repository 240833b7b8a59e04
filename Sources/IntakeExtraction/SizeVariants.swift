import Foundation
import IntakeModel

/// Products that differ only by size ("Polo Shirt Navy S", "… M", "… 2XL"): customers write the
/// product once and the size apart ("深藍POLO衫 | M | 40", "White polo shirts, size M",
/// "工作夹克 L码"). The index keeps, per product, its size and its names without the size (the
/// base); a description without its size that names one base, with the size written beside it,
/// is that variant, and nothing else is guessed.
public struct SizeVariants: Sendable {
    /// Base key → (size → product index).
    private var byBase: [String: [String: Int]] = [:]
    private var bases: SearchKeys
    /// Product index → its size and base keys, for the same product in another size.
    private var familyOf: [Int: (size: String, bases: [String])] = [:]

    init(products: [Product]) {
        var byBase: [String: [String: Int]] = [:]
        for (index, product) in products.enumerated() {
            let sizes = Set(([product.sku, product.name] + product.aliases).compactMap { Self.size(in: $0) })
            guard sizes.count == 1, let size = sizes.first else { continue }
            var keys: [String] = []
            for name in [product.name] + product.aliases where !name.isEmpty {
                let base = TextNormalizer.matchKey(Self.removingSize(from: name))
                guard base.count >= 2 else { continue }
                byBase[base, default: [:]][size] = byBase[base]?[size] ?? index
                keys.append(base)
            }
            familyOf[index] = (size, keys)
        }
        self.byBase = byBase
        self.bases = SearchKeys(byBase.keys.sorted { $0.count > $1.count })
    }

    /// The product index for a description and its context (a row's other cells, the line),
    /// when the description without a size names exactly one base that has the size written.
    func variant(description: String, context: String?) -> Int? {
        let written = description + " " + (context ?? "")
        // The size in the description, else the one size the context names (two sizes there
        // belong to two items).
        let contextSizes = context.map(Self.sizes(in:)) ?? []
        guard let size = Self.size(in: description) ?? (contextSizes.count == 1 ? contextSizes.first : nil) else { return nil }
        let key = TextNormalizer.matchKey(Self.removingSize(from: description))
        guard key.count >= 2 else { return nil }
        // The base as written, or a base inside what was written ("white polo shirts" holds
        // "whitepolo"), or what was written inside a base ("工作夹克" in "藏青工作夹克").
        var found: Set<Int> = []
        if let exact = byBase[key]?[size] { found.insert(exact) }
        if found.isEmpty {
            for position in bases.occurring(in: key, minLength: 3) {
                if let index = byBase[bases.texts[position]]?[size] { found.insert(index) }
            }
        }
        if found.isEmpty {
            let containing = bases.allContaining(key).compactMap { byBase[bases.texts[$0]]?[size] }
            let writtenKey = TextNormalizer.matchKey(written)
            // Several families hold it (藏青 and 卡其 jackets): the rest of the base (the colour)
            // must be written too.
            let fitting = bases.allContaining(key).filter { position in
                let rest = bases.texts[position].replacingOccurrences(of: key, with: "")
                return byBase[bases.texts[position]]?[size] != nil && (rest.isEmpty || writtenKey.hasSubstring(rest))
            }.compactMap { byBase[bases.texts[$0]]?[size] }
            found = Set(fitting.isEmpty && Set(containing).count == 1 ? containing : fitting)
        }
        return found.count == 1 ? found.first : nil
    }

    /// "a dozen boxes of nitrile gloves in medium and half a dozen in small": the product of
    /// the same family (a base name shared) in `size`, when exactly one is.
    func sibling(of index: Int, size: String) -> Int? {
        guard let family = familyOf[index], family.size != size else { return nil }
        let found = Set(family.bases.compactMap { byBase[$0]?[size] })
        return found.count == 1 ? found.first : nil
    }

    // MARK: - Sizes

    static let sizePattern = #"(?i)(?:size\s*|尺寸\s*|尺码\s*|尺碼\s*)?(?<![A-Za-z0-9])(xxxl|xxl|3xl|2xl|4xl|xl|xs|s|m|l|f|(?<!-)free)(?![A-Za-z0-9])\s*(?:號|号|碼|码|size)?"#

    /// The size a text names ("M", "2XL", "XXL號", "size L", "L码"); `XXL` is `2XL`.
    static func size(in text: String) -> String? {
        let normalized = TextNormalizer.normalize(text)
        guard let regex = RegexCache.regex(sizePattern),
              let match = regex.firstMatch(in: normalized, range: NSRange(normalized.startIndex..., in: normalized)),
              let range = Range(match.range(at: 1), in: normalized) else {
            for (word, size) in chineseSizes where text.hasSubstring(word) { return size }
            return wordSize(in: normalized)
        }
        let size = normalized[range].lowercased()
        return ["xxl": "2xl", "xxxl": "3xl", "free": "f"][size] ?? size
    }

    /// Every size a text names.
    static func sizes(in text: String) -> Set<String> {
        let normalized = TextNormalizer.normalize(text)
        guard let regex = RegexCache.regex(sizePattern) else { return [] }
        var found = Set(regex.matches(in: normalized, range: NSRange(normalized.startIndex..., in: normalized)).compactMap { match -> String? in
            guard let range = Range(match.range(at: 1), in: normalized) else { return nil }
            let size = normalized[range].lowercased()
            return ["xxl": "2xl", "xxxl": "3xl", "free": "f"][size] ?? size
        })
        for (word, size) in chineseSizes where text.hasSubstring(word) { found.insert(size) }
        if let word = wordSize(in: normalized) { found.insert(word) }
        return found
    }

    /// The size a text writes as a word, when it writes one.
    static func wordSize(in text: String) -> String? {
        guard let range = RegexCache.firstRange(wordSizePattern, in: text) else { return nil }
        let written = text[range].lowercased()
        return wordSizes.first { $0.0 == written }?.1 ?? (written.hasPrefix("extra") ? (written.hasSuffix("large") ? "xl" : "xs") : nil)
    }

    /// Sizes written as words ("in medium", "three large nail clippers"), longest first.
    static let wordSizes = [("extra large", "xl"), ("extra-large", "xl"), ("x-large", "xl"), ("extra small", "xs"), ("extra-small", "xs"), ("x-small", "xs"),
                            ("small", "s"), ("medium", "m"), ("large", "l")]
    static let wordSizePattern = #"(?i)(?<![A-Za-z])(?:extra[- ]large|x-large|extra[- ]small|x-small|small|medium|large)(?![A-Za-z])"#

    static let chineseSizes = [("特大號", "2xl"), ("加大號", "xl"), ("特大", "xl"), ("加大", "xl"), ("中號", "m"), ("中号", "m"), ("大號", "l"), ("大号", "l"), ("小號", "s"), ("小号", "s"), ("均碼", "f"), ("均码", "f")]

    static func removingSize(from text: String) -> String {
        var result = TextNormalizer.normalize(text).replacingOccurrences(of: sizePattern, with: " ", options: .regularExpression)
        for (word, _) in chineseSizes { result = result.replacingOccurrences(of: word, with: " ") }
        return RegexCache.replacing(wordSizePattern, in: result, with: " ")
    }
}
