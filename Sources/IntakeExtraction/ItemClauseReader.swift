import Foundation
import IntakeModel

/// Reads one clause as one item (or several sharing a count after 各): a product named or
/// guessed, with its count, unit and price. Apart from the line reader, which decides which
/// clauses to read and what they correct.
struct ItemClauseReader {
    let master: MasterData

    /// "蓝色中性笔和订书机各5个": several products sharing one quantity, written once after 各 (each).
    func sharedQuantityItems(_ clause: String, location: String, fullLine: String) -> [ParsedLine]? {
        // An ASCII clause has no 各: a byte scan spares breaking it into characters.
        guard !clause.isASCII, let each = clause.firstIndex(of: "各") else { return nil }
        let after = String(clause[clause.index(after: each)...])
        let bare = ItemQuantity.splitQuantity(after)
        guard let (quantity, unit) = ItemQuantity.quantity(in: after) ?? bare.0.map({ ($0, bare.1) }) else { return nil }
        let head = String(clause[..<each])
        // In the order written.
        let products = master.allMentions(in: head).map { product in
            (product, ([product.sku, product.name] + product.aliases).compactMap { head.caseInsensitiveRange(of: $0)?.lowerBound }.min() ?? head.endIndex)
        }.sorted { $0.1 < $1.1 }.map(\.0)
        guard products.count >= 2 else { return nil }
        let (price, currency) = ItemPrices.price(in: after)
        return products.map { product in
            ParsedLine(line: OrderDocument.Line(sku: product.sku, description: product.aliases.first { clause.localizedCaseInsensitiveContains($0) } ?? product.name,
                                                quantity: DecimalText.format(quantity), unit: ItemUnits.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
                       product: product,
                       origin: FieldOrigin(field: "lines", location: location, rule: "products sharing one quantity (各)", excerpt: fullLine),
                       currencyHint: currency)
        }
    }

    /// One item in a clause: a product mention (or a numbered line) with a quantity.
    func parseItem(_ clause: String, location: String, fullLine: String, requireProduct: Bool) -> ParsedLine? {
        let mention = master.mentions(in: clause).first
        if mention == nil, requireProduct {
            return guessItem(clause, location: location, fullLine: fullLine)
        }
        if mention == nil {
            // Without a catalog product, only a numbered or bulleted line with a quantity and unit is an item.
            let marker = ListMarker.strip(clause)
            guard !requireProduct, marker.marked, !marker.text.isEmpty else { return nil }
        }
        var remainder = clause
        var written: String?
        if let product = mention?.product, let span = Self.writtenSpan(of: product, in: remainder) {
            written = String(remainder[span])
            // A mark where the name stood, so that "ENV-DL-100 (4)" keeps something before its "(4)".
            remainder.replaceSubrange(span, with: " ¤ ")
        }
        // "3 staplers", "2 HP 26A toner cartridges": a bare number right before the product's
        // name is its quantity (the unit is then the catalog's).
        guard let (readQuantity, readUnit) = ItemQuantity.quantity(in: remainder) ?? written.flatMap({ ItemQuantity.quantity(before: $0, in: clause) })
                ?? mention.flatMap({ ItemQuantity.quantity(inCatalogUnitOf: $0.product, in: remainder) }) else { return nil }
        var (quantity, unit) = (readQuantity, readUnit)
        // "乾洗手凝膠 500ml 一箱（24瓶）": the count in the catalog's unit, written in brackets.
        if let product = mention?.product, let inner = ItemQuantity.bracketCount(in: clause, quantity: quantity, unit: unit, catalogUnit: product.unit) {
            (quantity, unit) = (inner, product.unit)
        }
        var (price, currency) = ItemPrices.price(in: remainder)
        // "18V充電電鑽　2台　NT$3,650": one amount with its currency after the count is the unit
        // price when it is near the list price (a line total near count × list price is not).
        if price == nil, let product = mention?.product, let (amount, written) = Self.amountNearListPrice(of: product, in: remainder) {
            price = amount
            currency = currency ?? PaymentParser.currency(in: written.lowercased())
        }
        var description = written ?? clause
        if mention == nil {
            description = ListMarker.strip(clause).text
            // "A4 copy paper 80gsm - 15 boxes": a digit glued to a letter ("A4") is part of the name.
            if let cut = RegexCache.firstRange(#"\s*(?:(?:[x×*@]|qty|數量|数量)\s*\d|(?<![A-Za-z0-9])\d)"#, in: description, options: .caseInsensitive) {
                let head = description[..<cut.lowerBound].trimmedSpaces()
                if !head.isEmpty { description = head }
            }
        }
        // "White polo shirts, size M" names no catalog name whole, but one size of a family.
        let product = mention?.product ?? master.product(matching: description.trimming(ParsedLine.descriptionEdges), context: fullLine)
        return ParsedLine(
            line: OrderDocument.Line(sku: product?.sku, description: description.trimming(ParsedLine.descriptionEdges),
                                     quantity: DecimalText.format(quantity), unit: ItemUnits.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
            product: product,
            origin: FieldOrigin(field: "lines", location: location, rule: mention == nil ? "numbered item line" : "product named with a quantity", excerpt: fullLine),
            currencyHint: currency)
    }

    /// "A4標籤 3包", "20 packs of L-shaped folders": a clause with a counted quantity whose
    /// remaining words are close to one catalog product. Only counted quantities (a number with a
    /// unit, `x 3`, `Qty 3`) qualify, so that "see you in 3 days" is never an item.
    func guessItem(_ clause: String, location: String, fullLine: String) -> ParsedLine? {
        guard ItemQuantity.mayHoldNumber(clause) else { return nil }
        let reader = QuantityReader(clause)
        for pattern in reader.patterns(extended: false) {
            guard var match = reader.firstMatch(pattern) else { continue }
            // "片狀奶油 2公斤　二十片": a weight right after the name is the pack's size when a
            // count in another unit follows it (as `quantity(in:)` reads it).
            if pattern == .unit, let unit = match.unit.map({ String(clause[$0]).lowercased() }), ItemUnits.measureUnits.contains(unit),
               let later = reader.matches(.unit).first(where: { later in
                   later.range.lowerBound >= match.range.upperBound && !ItemUnits.measureUnits.contains(later.unit.map { String(clause[$0]).lowercased() } ?? "")
               }) {
                match = later
            }
            guard let quantity = TextNormalizer.number(String(clause[match.number])), quantity > 0 else { continue }
            let matchRange = match.range
            let unit = match.unit.map { String(clause[$0]) }
            let (price, currency) = ItemPrices.price(in: clause)
            // The product is written after the count ("20 packs of L-shaped folders") or, when
            // nothing follows it, before ("A4標籤 3包"); prices and request words are not part of it.
            // The item ends where its sentence does ("… folders. Delivery date: 05/06/2027").
            var after = String(clause[matchRange.upperBound...])
            if let end = RegexCache.firstRange(#"[.。!！?？:：;；](?:\s|$)"#, in: after) { after = String(after[..<end.lowerBound]) }
            if let cut = RegexCache.firstRange(#"(?:@|unit price|單價|单价|price|each at|\bat\s+\d|\#(ItemPrices.currencyPattern)).*$"#, in: after, options: .caseInsensitive) {
                after.removeSubrange(cut)
            }
            after = after.trimming(ParsedLine.descriptionEdges)
            if let of = RegexCache.firstRange(#"^(?:of|of the)\s+"#, in: after, options: .caseInsensitive) { after.removeSubrange(of) }
            var before = ListMarker.strip(String(clause[..<matchRange.lowerBound])).text
            if let start = before.range(of: #"[.。!！?？;；]\s"#, options: [.regularExpression, .backwards]) { before = String(before[start.upperBound...]) }
            if let request = RegexCache.firstRange(#"^(?:(?:please|pls|kindly|could you|can you|we|i)\s+)*(?:(?:send|ship|supply|order|deliver|need|want|would like)\s+)?(?:us\s+|me\s+)?"#, in: before, options: .caseInsensitive) {
                before.removeSubrange(request)
            }
            before = before.trimming(ParsedLine.descriptionEdges)
            var description = FuzzyProductMatcher.features(of: after).isEmpty ? before : after
            guard !description.isEmpty else { return nil }
            // "29x2.25 tyres: 40 pcs as quoted", "29\" tubes: make it 60 pcs instead of 30": words
            // after the count that name nothing are a remark; the name is before it.
            if description == after, RegexCache.firstRange(#"(?i)^(?:as\b|instead\b|same\b|like\b|please\b|pls\b|thanks?\b|only\b|for now\b|this time\b)"#, in: after) != nil {
                let named = before.replacingOccurrences(of: #"(?i)[:：]?\s*(?:make (?:it|that)|change (?:it )?to|should be|now)$"#, with: "", options: .regularExpression)
                    .trimming(ParsedLine.descriptionEdges)
                if !named.isEmpty, master.product(matching: named, context: fullLine) != nil || master.guessProduct(named) != nil { description = named }
            }
            if let product = master.product(matching: description, context: fullLine) {
                return ParsedLine(
                    line: OrderDocument.Line(sku: product.sku, description: description, quantity: DecimalText.format(quantity),
                                             unit: ItemUnits.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
                    product: product,
                    origin: FieldOrigin(field: "lines", location: location, rule: "product named with a quantity", excerpt: fullLine),
                    currencyHint: currency)
            }
            guard let guess = master.guessProduct(description) else { return nil }
            return ParsedLine(
                line: OrderDocument.Line(sku: guess.product.sku, description: description, quantity: DecimalText.format(quantity),
                                         unit: ItemUnits.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
                product: guess.product,
                origin: FieldOrigin(field: "lines", location: location, rule: "product guessed by similarity with a quantity", excerpt: fullLine),
                currencyHint: currency, guessScore: guess.score, guessCoversEveryWord: guess.coversEveryWord)
        }
        return nil
    }

    /// Where the product is written in `text`: every way it is written that appears, joined
    /// where they overlap or touch ("6 hp 26a toners" holds both "HP 26A" and "26A toner", and
    /// the count stands before both).
    static func writtenSpan(of product: Product, in text: String) -> Range<String.Index>? {
        var span: Range<String.Index>?
        for name in ([product.sku, product.name] + product.aliases).sorted(by: { $0.count > $1.count }) {
            guard let range = text.caseInsensitiveRange(of: name) else { continue }
            if let current = span {
                if range.lowerBound <= current.upperBound && current.lowerBound <= range.upperBound {
                    span = min(range.lowerBound, current.lowerBound)..<max(range.upperBound, current.upperBound)
                }
            } else {
                span = range
            }
        }
        return span
    }

    /// The one amount with its currency in `remainder`, when it is near the product's list
    /// price (a line total near count × list price is not); with the amount as written.
    static func amountNearListPrice(of product: Product, in remainder: String) -> (Decimal, String)? {
        guard let list = product.unitPrice, list > 0,
              let match = RegexCache.firstRange(#"(?i)(?:NT\$|US\$|HK\$|RMB|¥|\$|€)\s*\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*(?:元|塊|块)"#, in: remainder) else { return nil }
        let written = String(remainder[match])
        let amounts = RegexCache.regex(#"(?:NT\$|US\$|HK\$|RMB|¥|\$|€)\s*\d"#).map { $0.numberOfMatches(in: remainder, range: NSRange(remainder.startIndex..., in: remainder)) } ?? 0
        guard amounts <= 1, let amount = ItemPrices.firstNumber(written), amount >= list / 2, amount <= list * 3 / 2 else { return nil }
        return (amount, written)
    }
}
