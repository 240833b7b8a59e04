import Foundation
import IntakeModel

extension DocumentBuilder {
    /// Fills what master data knows, checks the order against the catalog and computes confidence.
    mutating func finish() -> Extraction {
        let customer = context.master.customer(email: document.customer.email)
        if let customer {
            if document.customer.name == nil, let name = customer.name { document.customer.name = name; note("customer.name", "customers.csv", "matched by email") }
            if document.customer.company == nil, let company = customer.company { document.customer.company = company; note("customer.company", "customers.csv", "matched by email") }
            if document.customer.phone == nil, let phone = customer.phone { document.customer.phone = phone; note("customer.phone", "customers.csv", "matched by email") }
        } else {
            // A sender not on file: the phone and name their form or letter gives as theirs.
            if document.customer.phone == nil, let phone = contactPhone {
                document.customer.phone = phone
                note("customer.phone", "text", "phone under a plain Phone/電話 label")
            }
            if document.customer.name == nil, let name = contactName {
                document.customer.name = name
                note("customer.name", "text", "name under a contact label")
            }
        }
        guard document.kind == .order else {
            if document.kind == .changeRequest {
                // The lines a change request names are what the customer wants instead.
                lines.forEach { line in document.lines.append(line.line) }
            }
            if document.kind != .unreadable {
                document.currency = writtenCurrency
            }
            document.confidence = document.kind == .unreadable ? 0 : (isAutomated ? 0.95 : 0.8)
            return result(language: customer?.language ?? Self.writtenLanguage(bodyText.isEmpty ? writtenBody : bodyText))
        }
        if let address = document.shipTo.address, !address.isASCII, let written = TextNormalizer.asWritten(address, in: writtenBody), written != address {
            // "東風中路318號（北門）": the label and the confirmation show what the customer wrote.
            document.shipTo.address = written
        }
        if document.shipTo.address == nil, let address = customer?.shipTo {
            document.shipTo.address = address
            note("shipTo.address", "customers.csv", addressOnFileRequested ? "the customer's address on file, as the message asks (\"our usual address\")"
                                                                           : "the customer's address on file: the message names none")
        }
        if document.paymentMethod == nil, let method = customer?.paymentMethod {
            document.paymentMethod = method
            note("paymentMethod", "customers.csv", "customer's default payment method")
        }

        // Currency: as written, else the catalog's for the products ordered.
        let hinted = Set(lines.compactMap(\.currencyHint))
        if hinted.count > 1 {
            document.issues.append(Issue(code: .mixedCurrency, field: "currency", message: "prices are written in several currencies: \(hinted.sorted().joined(separator: ", "))"))
        }
        document.currency = writtenCurrency ?? hinted.sorted().first
        // "单价 ¥168", "85元" from a mainland customer: the yuan, not the catalog's dollars.
        let orderText = (auditLines.map(\.text) + tableHeaders).joined(separator: "\n")
        if document.currency == nil, PaymentParser.writesYuan(orderText),
           let yuan = PaymentParser.yuanCurrency(language: customer?.language, text: orderText) {
            document.currency = yuan
            note("currency", "text", "元 or ¥ written by a customer whose yuan is \(yuan)")
        }
        if document.currency == nil {
            let catalogCurrencies = Set(lines.compactMap { $0.product?.currency })
            if catalogCurrencies.count == 1 {
                document.currency = catalogCurrencies.first
                note("currency", "catalog.csv", "defaulted: the message writes no currency; the catalog's for the products ordered")
            }
        }

        for (index, parsed) in lines.enumerated() {
            var line = parsed.line
            let number = index + 1
            origins.append(FieldOrigin(field: "lines[\(number)]", location: parsed.origin.location, rule: parsed.origin.rule, excerpt: parsed.origin.excerpt))
            if let product = parsed.product {
                if parsed.guessScore == nil, let written = line.description, let extra = Self.unnamedWords(written, product: product, quantity: parsed.line.quantity) {
                    // "Pillow protector, waterproof" holds the alias "pillow": the words the
                    // product's names do not have may make it another product.
                    document.issues.append(Issue(code: .productGuessed, field: "lines[\(number)].sku",
                        message: "\"\(written)\" names \(product.sku) \(product.name) only in part (\(extra) is not in its names); check the product"))
                }
                if parsed.guessCoversEveryWord {
                    // Every word written is the product's own and no other product comes close.
                    note("lines[\(number)].sku", parsed.origin.location, "every word written is one of \(product.sku)'s own", parsed.origin.excerpt)
                } else if let score = parsed.guessScore {
                    document.issues.append(Issue(code: .productGuessed, field: "lines[\(number)].sku",
                        message: "\"\(line.description ?? "?")\" is not a catalog name; guessed \(product.sku) \(product.name) (similarity \(score)); check the product"))
                }
                // "兩打", "2 dozen" of a product sold by the piece: twelve pieces each, counted in
                // the catalog's unit so that quantity and list price agree.
                if let unit = line.unit, Self.dozenUnits.contains(unit.lowercased()), let catalogUnit = product.unit,
                   !Self.dozenUnits.contains(catalogUnit.lowercased()), let dozens = DecimalText.parse(line.quantity) {
                    line.quantity = DecimalText.format(dozens * 12)
                    line.unit = catalogUnit
                    note("lines[\(number)].quantity", parsed.origin.location, "dozens counted in the catalog's unit (\(catalogUnit))", parsed.origin.excerpt)
                    if !Self.pieceUnits.contains(catalogUnit.lowercased()) {
                        // "兩打" of something sold by the box: 24 boxes, as customers mostly mean,
                        // or two boxes of twelve? A person checks.
                        document.issues.append(Issue(code: .unitMismatch, field: "lines[\(number)].quantity",
                            message: "\(product.sku) is sold by the \(catalogUnit) and the customer wrote \(DecimalText.format(dozens)) \(unit): read as \(DecimalText.format(dozens * 12)) \(catalogUnit); check it is not \(DecimalText.format(dozens)) \(catalogUnit) of twelve"))
                    }
                }
                if line.unit == nil, let unit = product.unit {
                    line.unit = unit
                    note("lines[\(number)].unit", "catalog.csv", "unit of \(product.sku)")
                }
            }
            // A quantity that is no number is none: checked as zero, and written so.
            let quantity = DecimalText.parse(line.quantity) ?? 0
            let checked = OrderLine(sku: line.sku, description: line.description, quantity: quantity, unit: line.unit, unitPrice: line.unitPrice.flatMap(DecimalText.parse))
            document.issues += OrderRules.issues(of: checked, number: number, product: parsed.product, currency: document.currency, source: .message)
            if quantity <= 0 { line.quantity = "0" }
            document.lines.append(line)
        }
        if let issue = OrderRules.noLines(count: lines.count, source: .message) {
            document.issues.append(issue)
        } else {
            // Counted as the items were read: wrapped prose as its sentences, at their first line.
            for line in Self.unreadQuantities(TextLine.joiningWrappedProse(bodyLines), lines: lines).prefix(3) {
                document.issues.append(Issue(code: .unreadQuantity, field: "lines",
                    message: "\(line.location) counts more than the lines read from it: \"\(line.text.trimmedSpaces().prefix(80))\"; check that no item is missing"))
            }
            auditFigures()
        }
        if let address = document.shipTo.address,
           RegexCache.firstRange(#"\d{8,}|\d{3,4}[- ]\d{3,4}[- ]\d{3,4}|(?i)\b(?:tel|phone|mobile)\b|電話|电话|手機|手机"#, in: address) != nil {
            // A phone inside the address: the block was not told apart, and the label would carry it.
            document.issues.append(Issue(code: .shipToUnclear, field: "shipTo.address",
                message: "the shipping address \"\(address.prefix(80))\" holds a phone number; split address, recipient and phone"))
        }
        if document.shipTo.address == nil {
            document.issues.append(Issue(code: .missingShipTo, field: "shipTo.address", message: "no shipping address in the order and none on file for the customer"))
        }
        if document.customer.email != nil && customer == nil {
            document.issues.append(Issue(code: .unknownCustomer, field: "customer.email", message: "\(document.customer.email ?? "") is not in customers.csv; check the buyer"))
        }
        if document.customer.email == nil {
            document.issues.append(Issue(code: .missingCustomer, field: "customer.email", message: "no customer email address found"))
        }
        document.confidence = confidence()
        return result(language: customer?.language ?? Self.writtenLanguage(bodyText.isEmpty ? writtenBody : bodyText))
    }

    /// The words of what the customer wrote that none of the product's names, aliases or SKU
    /// has (sizes, counts and packaging words aside), joined for a message; nil when the names
    /// explain it all.
    static func unnamedWords(_ written: String, product: Product, quantity: String? = nil) -> String? {
        let writtenFeatures = FuzzyProductMatcher.features(of: ListMarker.strip(written).text)
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

    /// Words that describe a product without making it another: colours, sizes, sterility, packaging.
    static let describingWords: Set<String> = ["size", "small", "medium", "large", "new", "same", "usual", "again", "sterile", "color", "colour",
                                               "pack", "packs", "case", "cases", "box", "boxes", "roll", "rolls", "sheet", "sheets", "logo", "brand",
                                               "black", "white", "red", "blue", "green", "yellow", "grey", "gray", "navy", "brown", "clear", "transparent"]
    static let describingHan: Set<Character> = ["色", "装", "裝", "入", "个", "號", "号", "码", "碼", "大", "中", "小", "款", "型", "的", "用", "支", "盒", "箱", "包",
                                                "瓶", "桶", "袋", "卷", "捲", "件", "条", "條", "片", "套", "组", "組", "双", "雙", "对", "對", "只", "颗", "顆", "粒"]

    static let dozenUnits: Set<String> = ["打", "dozen", "dozens", "doz", "dz"]
    /// Units of one single thing: a dozen of them is twelve. (A dozen of a product sold by the
    /// box may mean a box of twelve; that is left as written.)
    static let pieceUnits: Set<String> = ["pcs", "pc", "piece", "pieces", "ea", "each", "unit", "units", "支", "枝", "個", "个", "只", "隻", "顆", "颗", "件", "片", "條", "条", "把", "瓶", "罐", "pair", "對", "对", "雙", "双",
                                          "roll", "rolls", "卷", "捲", "bottle", "bottles", "can", "cans", "tube", "tubes", "jar", "頂", "顶", "本", "張", "张", "sheet", "sheets"]

    /// Figures in the order's text that no field explains: one issue naming them, and where
    /// each stands in `explain`.
    mutating func auditFigures() {
        let master = context.master
        let findings = FigureAudit(lines: auditLines.filter { !excludedLocations.contains($0.location) }, parsed: lines, document: document,
                                   mentioned: excludedSKUs.compactMap(master.product(sku:)),
                                   namesProduct: { !master.mentions(in: $0).isEmpty }).findings()
            + Self.unreadProductWords(in: auditLines.filter { !excludedLocations.contains($0.location) }, items: lines, master: master)
        guard !findings.isEmpty else { return }
        for finding in findings {
            note("unexplained", finding.location, "figure not explained by any field: " + finding.figures.joined(separator: ", "), finding.excerpt)
        }
        let shown = findings.prefix(3).map { "\($0.location): " + $0.figures.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ") }
        let more = findings.count > 3 ? " and \(findings.count - 3) more lines" : ""
        document.issues.append(Issue(code: .unexplainedFigures, field: "lines",
            message: shown.joined(separator: "; ") + more + ": no field explains these figures; check for a missing item, price or instruction"))
    }

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
            for word in sentence.text.split(whereSeparator: { !($0.isASCII && $0.isLetter) }) where word.count >= 4 && SizeVariants.wordSize(in: String(word)) == nil {
                let owners = master.owners(ofWord: String(word))
                guard !owners.isEmpty, owners.count <= 3, !owners.contains(where: { ordered.contains($0.sku) }) else { continue }
                if !words.contains(String(word)) { words.append(String(word)) }
            }
            if !words.isEmpty { findings.append(FigureAudit.Finding(location: sentence.location, figures: words, excerpt: sentence.text.trimmedSpaces())) }
        }
        return findings
    }

    /// How sure the extractor is that the order needs no human edits: 1 minus a weight for each
    /// issue, so an order with no issues and a known customer scores high.
    func confidence() -> Double {
        let weights: [Issue.Code: Double] = [
            .unknownSKU: 0.4, .missingQuantity: 0.45, .priceMismatch: 0.15, .missingShipTo: 0.3, .unknownCustomer: 0.1,
            .missingCustomer: 0.4, .ambiguousDate: 0.15, .noLines: 0.9, .mixedCurrency: 0.2, .charsetMismatch: 0.08,
            .unsupportedAttachment: 0.25, .productGuessed: 0.1, .unreadQuantity: 0.1, .unexplainedFigures: 0.15, .unusualDate: 0.15, .unitMismatch: 0.15, .shipToUnclear: 0.15, .decodeError: 0.3, .tooManyRows: 0.3, .unknownLayout: 0.3,
        ]
        var score = 1.0
        for issue in document.issues { score -= weights[issue.code] ?? 0.1 }
        if origins.contains(where: { $0.rule == "numbered item line" }) { score -= 0.05 }
        return (max(0, min(1, score)) * 100).rounded() / 100
    }
}
