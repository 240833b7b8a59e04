import Foundation
import IntakeModel

/// Reads items written as labelled fields (`品名：A4影印紙` / `數量：10箱`, or `Item: A4 paper,
/// Qty: 10` on one line): the labels say what each value is, so no count pattern is needed.
struct LabelledItemReader {
    let master: MasterData

    /// `品名：A4影印紙` / `數量：10箱` / `單價：650`, one block per item, or several labels on one line
    /// (`Item: A4 paper, Qty: 10, Price: 650`).
    func parseLabelledBlocks(_ lines: [TextLine]) -> [ParsedLine] {
        var result: [ParsedLine] = []
        var current: (description: String?, sku: String?, quantity: String?, unit: String?, price: String?, currency: String?, location: String, excerpt: String)?
        func flush() {
            guard let item = current, item.description != nil || item.sku != nil else { current = nil; return }
            var product = item.sku.flatMap(master.product(sku:))
            if product == nil, let description = item.description { product = master.product(matching: description, context: item.excerpt) }
            var guess: FuzzyProductMatcher.Guess?
            if product == nil, item.sku == nil, let description = item.description {
                guess = master.guessProduct(description)
                product = guess?.product
            }
            result.append(ParsedLine(
                line: OrderDocument.Line(sku: product?.sku ?? item.sku, description: item.description ?? item.sku,
                                         quantity: item.quantity ?? "0", unit: ItemUnits.normalizeUnit(item.unit), unitPrice: item.price),
                product: product,
                origin: FieldOrigin(field: "lines", location: item.location,
                                    rule: guess == nil ? "labelled item fields" : "labelled item fields, product guessed by similarity", excerpt: item.excerpt),
                currencyHint: item.currency, guessScore: guess?.score, guessCoversEveryWord: guess?.coversEveryWord ?? false))
            current = nil
        }
        for line in lines {
            let segments = Self.labelSegments(line.text)
            guard !segments.isEmpty else { continue }
            for (field, value) in segments {
                switch field {
                case .product, .sku:
                    if current != nil && (field == .product ? current?.description != nil : current?.sku != nil) { flush() }
                    if current == nil { current = (nil, nil, nil, nil, nil, nil, line.location, line.text) }
                    if field == .product { current?.description = value } else { current?.sku = value }
                    // "产品1：36V 10.4Ah 锂电池 × 10": a web form's item with its count after ×.
                    if field == .product, current?.quantity == nil, let counted = Self.countAfterTimes(value) {
                        current?.description = counted.name
                        current?.quantity = counted.quantity
                        current?.unit = counted.unit
                    }
                case .quantity:
                    guard current != nil else { continue }
                    let (number, unit) = ItemQuantity.splitQuantity(value)
                    current?.quantity = number.map(DecimalText.format) ?? value
                    if current?.unit == nil { current?.unit = unit }
                case .unit:
                    current?.unit = value
                case .unitPrice:
                    guard current != nil else { continue }
                    current?.price = ItemPrices.firstNumber(value).map(DecimalText.format)
                    current?.currency = PaymentParser.currency(in: value)
                default:
                    continue
                }
            }
        }
        flush()
        return result.filter { $0.line.quantity != "0" || $0.product != nil }
    }

    /// "36V 10.4Ah 锂电池 × 10", "树脂碟刹片 B01S x 40 副": a name, then × (or a spaced x) and a
    /// count with an optional unit. "700x25C" is a size, not a count (no space before the x).
    static func countAfterTimes(_ value: String) -> (name: String, quantity: String, unit: String?)? {
        // "洗眼液 500ml x 24 瓶（一箱12瓶）": a remark in brackets after the count.
        if let remark = RegexCache.firstRange(#"\s*[（(][^（()）]{1,40}[)）]\s*$"#, in: value), remark.lowerBound > value.startIndex,
           let counted = countAfterTimes(String(value[..<remark.lowerBound])) {
            return counted
        }
        // A form's item is a short value; the count is looked for only at its end (a lazy name
        // before it made a long value quadratic).
        guard value.count <= 300, value.contains(where: { $0 == "×" || $0 == "x" || $0 == "X" || $0 == "*" || $0 == "＊" }),
              let regex = RegexCache.regex(#"(?:\s+[xX]|\s*[×＊*])\s*(\d+(?:\.\d+)?)\s*([^\s\d]{1,4})?\s*$"#),
              let match = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)),
              let whole = Range(match.range, in: value), let countRange = Range(match.range(at: 1), in: value) else { return nil }
        let name = value[..<whole.lowerBound].trimmedSpaces()
        guard !name.isEmpty else { return nil }
        return (name, String(value[countRange]), Range(match.range(at: 2), in: value).flatMap { ItemUnits.normalizeUnit(String(value[$0])) })
    }

    /// The item labels on a line: one `Label: value`, or several separated by `,` `;` `|` or wide gaps.
    static func labelSegments(_ text: String) -> [(FieldLabels.Field, String)] {
        // Every label ends in a colon (a full-width one is one after NFKC): a line without one
        // has no segments, and most lines have none; splitting them into pieces first was a
        // twentieth of a mailbox sync.
        guard text.utf8.contains(UInt8(ascii: ":")) else { return [] }
        let stripped = ListMarker.strip(text).text
        let itemFields = Self.itemFields
        if let whole = FieldLabels.split(stripped), itemFields.contains(whole.field), !whole.value.contains(":") {
            return [(whole.field, whole.value)]
        }
        // Two segments need two colons (each piece below is split at its own), and most
        // labelled lines ("Ship to: …") have one: they are not cut into pieces for nothing.
        var colons = 0
        for byte in stripped.utf8 where byte == UInt8(ascii: ":") { colons += 1 }
        guard colons >= 2 else { return [] }
        let pieces = stripped.components(separatedBy: Self.itemSeparators).flatMap { $0.pieces(separatedBy: ", ") }
            .flatMap { $0.pieces(separatedBy: "  ") }.flatMap { $0.pieces(separatedBy: " / ") }.flatMap(Self.piecesBeforeItemLabels)
        var segments: [(FieldLabels.Field, String)] = []
        for piece in pieces {
            if let split = FieldLabels.split(piece), itemFields.contains(split.field) { segments.append((split.field, split.value)) }
        }
        return segments.count >= 2 ? segments : []
    }

    /// "品名:1.60 漸進多焦點 HMC 數量:4 單位:副" (a web form's full-width spaces, one space each
    /// once normalised): a piece cut again before each item label that follows a space.
    static func piecesBeforeItemLabels(_ piece: String) -> [String] {
        // Cut where each match starts: the label stays with its value.
        RegexCache.pieces(of: piece, cutBy: beforeItemLabel, at: { NSRange(location: $0.range.location, length: 0) })
    }
    /// A space before the label of an item field and its colon.
    private static let beforeItemLabel: NSRegularExpression? = {
        let labels = FieldLabels.labels.filter { LabelledItemReader.itemFields.contains($0.key) }.flatMap(\.value)
            .flatMap { [$0, FieldLabels.simplified($0)] }
        let alternation = Set(labels).sorted { $0.count > $1.count }.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        return RegexCache.regex(#"(?<=\s)(?:"# + alternation + #")\s*:"#, options: [.caseInsensitive])
    }()

    /// The labels of an item's own fields (made once: a set per line was a visible cost).
    static let itemFields: Set<FieldLabels.Field> = [.product, .sku, .quantity, .unit, .unitPrice]
    static let itemSeparators = ScalarSet(";|")
}
