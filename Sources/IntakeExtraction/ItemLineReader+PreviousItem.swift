import Foundation
import IntakeModel

extension ItemLineReader {
    /// Whether `above` is the line right before `location` in the same text ("body line 3", "body line 4").
    static func isLineRightAbove(_ above: String, _ location: String) -> Bool {
        guard let upper = FigureAudit.position(above), let lower = FigureAudit.position(location) else { return false }
        return upper.0 == lower.0 && upper.1 + 1 == lower.1
    }

    /// "a dozen boxes of nitrile gloves in medium and half a dozen boxes in small": a clause with
    /// a count and a size and no other word of a product is the item before it in that size.
    func sizeOfPrevious(_ clause: String, previous: ParsedLine, location: String, fullLine: String) -> ParsedLine? {
        guard let product = previous.product, master.mentions(in: clause).isEmpty,
              let (quantity, unit) = ItemQuantity.quantity(in: clause) else { return nil }
        // "a dozen of the 30cm ones": a measure in place of a size.
        let measure = RegexCache.firstRange(ItemUnits.measurePattern, in: clause).map { String(clause[$0]) }
        var rest = SizeVariants.removingSize(from: clause)
        if let measure { rest = rest.replacingOccurrences(of: measure, with: " ") }
        guard RegexCache.firstRange(#"(?i)^[\s\W]*(?:(?:and|plus|also|then|another|of|the|same|ones?|those|these|in|size|boxes|box|packs?|cases?|pcs|pieces?|cartons?|bottles?|bags?|pairs?|rolls?|"# + ItemQuantity.numberWordPattern + #"|\d+|[个個件盒箱包雙双])[\s\W]*)*$"#, in: rest) != nil else { return nil }
        let sibling: Product?
        if let size = SizeVariants.size(in: clause) {
            sibling = master.sibling(of: product, size: size)
        } else if let measure {
            sibling = master.sibling(of: product, measure: measure)
        } else {
            sibling = nil
        }
        guard let sibling else { return nil }
        return Self.line(of: sibling, clause: clause, quantity: quantity, unit: unit, origin: FieldOrigin(
            field: "lines", location: location, rule: "the item before, in another size", excerpt: fullLine))
    }

    /// A clause read as a product, without a price.
    static func line(of product: Product, clause: String, quantity: Decimal, unit: String?, origin: FieldOrigin) -> ParsedLine {
        ParsedLine(line: OrderDocument.Line(sku: product.sku, description: clause.trimming(ParsedLine.descriptionEdges), quantity: DecimalText.format(quantity),
                                            unit: ItemUnits.normalizeUnit(unit), unitPrice: nil),
                   product: product, origin: origin)
    }

    /// "安全帽 M白10頂、L黑6頂、S白4頂": a counted clause that names no product but, after the
    /// previous item's family word (the first word of one of its names: 安全帽), names a sibling
    /// of it in another size or colour. Only when every such word leads to the same product.
    func variantOfPrevious(_ clause: String, previous: ParsedLine, location: String, fullLine: String) -> ParsedLine? {
        // In the same line, and a clause of a variant's few words ("L黑6頂", "XL black x 4").
        guard previous.origin.location == location, let product = previous.product, master.mentions(in: clause).isEmpty,
              let (quantity, unit) = ItemQuantity.quantity(in: clause),
              clause.filter({ !$0.isNumber && !$0.isWhitespace && !$0.isPunctuation }).count <= 10 else { return nil }
        let heads = Set(([product.name] + product.aliases).compactMap { name in
            name.split(separator: " ").first.map(String.init).flatMap { $0.count >= 2 && $0.count < name.count ? $0 : nil }
        })
        var sibling: Product?
        for head in heads.sorted() {
            guard let found = master.mentions(in: head + " " + clause).first?.product, found.sku != product.sku else { continue }
            if let sibling, sibling.sku != found.sku { return nil }
            sibling = found
        }
        guard let sibling else { return nil }
        return Self.line(of: sibling, clause: clause, quantity: quantity, unit: unit, origin: FieldOrigin(
            field: "lines", location: location, rule: "the item before, in another variant", excerpt: fullLine))
    }
}
