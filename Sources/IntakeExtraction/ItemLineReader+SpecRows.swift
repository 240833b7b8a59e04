import Foundation
import IntakeModel

extension ItemLineReader {
    /// A product named on a line of its own, without a count, whose rows below give its counts
    /// by a spec: contact lenses by power, a jersey by size or colour.
    ///
    ///     日抛隐形眼镜（30片装）
    ///       -2.00  4盒
    ///       -3.00  6盒
    ///
    /// Or a family whose products differ by the spec: "球衣 (白色)" over "S 10 件", "M 20 件",
    /// where each row with the heading names one product (球衣 白色 S).
    struct Heading {
        /// Nil for a family: each row names its product with the heading.
        var product: Product?
        var text: String
        var location: String
    }

    /// The heading a line is: it names one product and holds no count (a pack size in brackets,
    /// "（30片装）", is none).
    func heading(_ line: TextLine) -> Heading? {
        // ("A4复印纸 10": a bare count at the end is a count.)
        guard ItemQuantity.quantity(in: line.text) == nil, RegexCache.firstRange(#"\d\s*$"#, in: line.text) == nil else { return nil }
        let text = line.text.trimming(ParsedLine.descriptionEdges)
        let mentions = master.mentions(in: line.text)
        if let product = mentions.first?.product, mentions.allSatisfy({ $0.product.sku == product.sku }) {
            return Heading(product: product, text: text, location: line.location)
        }
        // A family's heading: a short line of words, no product of its own.
        guard mentions.isEmpty, text.count <= 30, !text.hasSuffix(":"), text.contains(where: \.isLetter) else { return nil }
        return Heading(product: nil, text: text, location: line.location)
    }

    /// A row under `heading`: a short spec, then a count ("-2.00  4盒", "M 20", "白色 x 5"); an
    /// item of the heading's product, the spec in its description.
    func specRow(_ line: TextLine, under heading: Heading) -> ParsedLine? {
        guard let regex = Self.specThenCount, let match = regex.firstMatch(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)),
              let specRange = Range(match.range(at: 1), in: line.text), let countRange = Range(match.range(at: 2), in: line.text),
              let quantity = TextNormalizer.number(String(line.text[countRange])), quantity > 0 else { return nil }
        let spec = line.text[specRange].trimmedSpaces()
        guard !spec.isEmpty else { return nil }
        // The heading with the spec names the row's product when the family's products differ by
        // it ("球衣 白色" + "S": 球衣 白色 S); else the heading's product.
        let named = master.mentions(in: heading.text.replacingOccurrences(of: #"[(（)）]"#, with: " ", options: .regularExpression) + " " + spec)
        let product: Product
        if let first = named.first?.product, named.allSatisfy({ $0.product.sku == first.sku }), first.sku != heading.product?.sku {
            product = first
        } else if let headed = heading.product {
            // The spec names no other product of its own ("订书机 2", "1.60 抗藍 6副" are items,
            // not rows); a figure that happens to be in a product's names ("-2.00" and a "200")
            // is none.
            guard master.mentions(in: String(spec)).allSatisfy({ $0.product.sku == headed.sku || !$0.written.contains(where: \.isLetter) }) else { return nil }
            product = headed
        } else {
            return nil
        }
        let unit = Range(match.range(at: 3), in: line.text).map { String(line.text[$0]) }
        var row = ParsedLine(line: OrderDocument.Line(sku: product.sku, description: "\(heading.text) \(spec)", quantity: DecimalText.format(quantity),
                                                      unit: ItemUnits.normalizeUnit(unit), unitPrice: nil),
                             product: product,
                             origin: FieldOrigin(field: "lines", location: line.location, rule: "a row under the product named above it (\(heading.location))", excerpt: line.text))
        row.isSpecRow = true
        return row
    }

    /// Whether a line may be a spec row (a cheap test before any product is looked for).
    static func mayBeSpecRow(_ text: String) -> Bool {
        guard text.utf8.count <= 160, ItemQuantity.mayHoldNumber(text), text.count <= 40, let regex = specThenCount else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A spec of a few characters ("-2.00", "-1.75/-0.75x180", "XL", "白色"), then a count with an
    /// optional unit, and nothing else.
    private static let specThenCount = RegexCache.regex(#"^(?:[-•*·](?=\s)|\s)*([^\s\d]{1,6}|[+-]?\d{1,2}(?:\.\d{1,2})?(?:\s*/\s*[+-]?\d{1,2}(?:\.\d{1,2})?(?:\s*[x×]\s*\d{1,3})?)?|\d{2,3}(?:cm|mm)?)\s*[:：x×*]?\s+(\d{1,5})\s*("# + ItemUnits.unitPattern + #")?\s*$"#,
                                                         options: [.caseInsensitive])
}
