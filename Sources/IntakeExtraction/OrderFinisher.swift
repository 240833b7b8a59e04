import Foundation
import IntakeModel

/// The last step of every reader: fills what master data knows, checks the order against the catalog and
/// the house rules, and scores confidence; apart from the readers because it reads the document, not the text.
enum OrderFinisher {
    /// Fills what master data knows, checks the order against the catalog and computes confidence.
    static func finish(_ builder: inout DocumentBuilder) -> Extraction {
        var customer = builder.context.master.customer(email: builder.document.customer.email)
        if customer == nil, builder.document.customer.email == nil,
           let known = builder.context.master.customer(phone: builder.document.customer.phone ?? builder.contactPhone, name: builder.document.customer.name ?? builder.contactName) {
            customer = known
            builder.document.customer.email = known.email
            builder.note("customer.email", "customers.csv", "no email address written: the one customer on file with this phone and name")
        }
        fillFromCustomer(customer, into: &builder)
        DeliveryDateReader.checkUnusual(into: &builder)
        guard builder.document.kind == .order else {
            return finishOther(customer, &builder)
        }
        fillShipToAndPayment(customer, into: &builder)
        settleCurrency(customer, into: &builder)
        for (index, parsed) in builder.lines.enumerated() {
            checkLine(parsed, number: index + 1, into: &builder)
        }
        checkOrder(customer, into: &builder)
        builder.document.confidence = confidence(of: builder)
        return builder.result(language: customer?.language ?? DocumentBuilder.writtenLanguage(builder.bodyText.isEmpty ? builder.writtenBody : builder.bodyText))
    }

    /// The customer's name, company and phone from customers.csv; for a sender not on file, the
    /// phone and name their form or letter gives as theirs.
    private static func fillFromCustomer(_ customer: Customer?, into builder: inout DocumentBuilder) {
        if let customer {
            // "東光眼鏡 <dongguang@…>": a shop's name shown as the sender's is the company's, not
            // the buyer's; the buyer on file is named instead.
            if let shown = builder.document.customer.name, let company = customer.company, customer.name != nil, shown.count >= 2,
               company.lowercased().hasSubstring(shown.lowercased()) {
                builder.document.customer.name = nil
            }
            // "張雅婷 (採購)" shown, 張雅婷 on file: the name on file.
            if let shown = builder.document.customer.name, let name = customer.name, shown != name, name.count >= 2, shown.hasSubstring(name) {
                builder.document.customer.name = name
                builder.note("customer.name", "customers.csv", "the name on file inside the name shown (\(shown))")
            }
            if builder.document.customer.name == nil, let name = customer.name { builder.document.customer.name = name; builder.note("customer.name", "customers.csv", "matched by email") }
            if builder.document.customer.company == nil, let company = customer.company { builder.document.customer.company = company; builder.note("customer.company", "customers.csv", "matched by email") }
            if builder.document.customer.phone == nil, let phone = customer.phone { builder.document.customer.phone = phone; builder.note("customer.phone", "customers.csv", "matched by email") }
        } else {
            // A sender not on file: the phone and name their form or letter gives as theirs.
            if builder.document.customer.phone == nil, let phone = builder.contactPhone {
                builder.document.customer.phone = phone
                builder.note("customer.phone", "text", "phone under a plain Phone/電話 label")
            }
            if builder.document.customer.name == nil, let name = builder.contactName {
                builder.document.customer.name = name
                builder.note("customer.name", "text", "name under a contact label")
            }
            // "周育賢 / 佳視眼鏡 / 08-732-5516": the signature under the sender's name.
            if let name = builder.document.customer.name, builder.document.customer.company == nil || builder.document.customer.phone == nil {
                let signed = SignatureBlock.read(builder.bodyText, name: name)
                if builder.document.customer.company == nil, let company = signed.company {
                    builder.document.customer.company = TextNormalizer.asWritten(company, in: builder.writtenBody) ?? company
                    builder.note("customer.company", "text", "the line under the sender's name in the signature")
                }
                if builder.document.customer.phone == nil, let phone = signed.phone {
                    builder.document.customer.phone = phone
                    builder.note("customer.phone", "text", "the phone in the signature under the sender's name")
                }
            }
        }
    }

    /// A message that is no order: a change request keeps the lines it names, and confidence is
    /// the classifier's.
    private static func finishOther(_ customer: Customer?, _ builder: inout DocumentBuilder) -> Extraction {
        if builder.document.kind == .changeRequest {
            // The lines a change request names are what the customer wants instead.
            for (index, parsed) in builder.lines.enumerated() {
                var line = parsed.line
                if let product = parsed.product { speakCatalogUnit(&line, product: product, parsed: parsed, number: index + 1, into: &builder) }
                builder.document.lines.append(line)
            }
        }
        if builder.document.kind != .unreadable {
            builder.document.currency = builder.writtenCurrency
        }
        builder.document.confidence = builder.document.kind == .unreadable ? 0 : (builder.isAutomated ? 0.95 : 0.8)
        return builder.result(language: customer?.language ?? DocumentBuilder.writtenLanguage(builder.bodyText.isEmpty ? builder.writtenBody : builder.bodyText))
    }

    /// A date to come (today up to half a year on) written in the sender's own words above the
    /// signature, outside a label of another date (order date, validity, payment) and the items.
    static func unreadDate(in builder: DocumentBuilder) -> (TextLine, CalendarDate)? {
        let lines = builder.auditLines.filter { !builder.excludedLocations.contains($0.location) }
        let itemLocations = Set(builder.lines.map(\.origin.location))
        let names = [builder.document.customer.name, builder.document.customer.company].compactMap { $0 }
        let end = FigureAudit.signatureStart(in: lines, itemLocations: itemLocations, names: names) ?? lines.count
        let resolver = builder.dateResolver
        for line in lines.prefix(end) where !itemLocations.contains(line.location) && line.text.contains(where: \.isNumber) {
            if let labelled = FieldLabels.split(line.text), labelled.field == .orderDate { continue }
            let lower = TextNormalizer.lowercased(line.text)
            if Self.otherDateWords.contains(where: { lower.hasSubstring($0) }) { continue }
            for pattern in FigureAudit.datePatterns {
                guard let regex = RegexCache.regex(pattern) else { continue }
                for match in regex.matches(in: line.text, range: NSRange(line.text.startIndex..., in: line.text)) {
                    guard let range = Range(match.range, in: line.text), case .date(let date)? = resolver.resolve(String(line.text[range])),
                          let days = builder.referenceDay.days(until: date), (0...183).contains(days) else { continue }
                    return (line, date)
                }
            }
        }
        return nil
    }

    /// Dates that are not when the goods are wanted: an order's, a quotation's validity, a payment's, an invoice's.
    static let otherDateWords = ["valid", "有效", "quotation dated", "報價日期", "报价日期", "invoice", "發票", "发票", "pay", "付款", "匯款", "汇款", "結帳", "结账",
                                 "下單日期", "下单日期", "訂單日期", "订单日期", "order date", "po date", "sent:", "寄件日期", "日期:", "date:", "wrote", "寫道", "写道",
                                 "送出時間", "提交時間", "提交时间", "submitted", "上次", "last time", "previous", "收到", "received", "arrived"]

    /// Whether the sender's own text, above the signature and outside the items and a billing
    /// block, has a line that looks like a street address: a recipient with no address read may
    /// then have had one the rules missed. A portal's ship-to with a recipient and no address
    /// field, or "收件人：王小姐" alone, relies on the address on file.
    static func writesAnUnreadAddress(_ builder: DocumentBuilder) -> Bool {
        let lines = builder.auditLines.filter { !builder.excludedLocations.contains($0.location) }
        let itemLocations = Set(builder.lines.map(\.origin.location))
        let names = [builder.document.customer.name, builder.document.customer.company].compactMap { $0 }
        let end = FigureAudit.signatureStart(in: lines, itemLocations: itemLocations, names: names) ?? lines.count
        let audit = FigureAudit(lines: lines, parsed: builder.lines, document: builder.document)
        let billing = audit.billingBlockLines()
        return lines.prefix(end).enumerated().contains { index, line in
            guard !itemLocations.contains(line.location), !billing.contains(index) else { return false }
            // "請送到新倉庫", "deliver to our new site": a place other than the usual, named not addressed.
            return ShipToReader.looksLikeStreetAddress(line.text)
                || RegexCache.firstRange(#"(?i)(?:送到|送至|寄到|寄至|送往|改送|deliver(?:ed)? to|ship(?:ped)? to|send (?:it |them )?to)[^。.\n]{0,20}(?:新|另|別的|别的|其他|\bnew\b|\banother\b|\bdifferent\b|\bother\b)"#, in: line.text) != nil
        }
    }

    /// The ship-to as the customer wrote it, else the address on file; the payment method on file.
    private static func fillShipToAndPayment(_ customer: Customer?, into builder: inout DocumentBuilder) {
        if let address = builder.document.shipTo.address, !address.isASCII, let written = TextNormalizer.asWritten(address, in: builder.writtenBody), written != address {
            // "東風中路318號（北門）": the label and the confirmation show what the customer wrote.
            builder.document.shipTo.address = written
        }
        if builder.document.shipTo.address == nil, let address = customer?.shipTo {
            // A recipient written for the delivery, and no address read with it: the
            // address is somewhere the rules did not read, not the one on file.
            if builder.document.shipTo.recipient != nil && !builder.addressOnFileRequested && Self.writesAnUnreadAddress(builder) {
                builder.document.issues.append(Issue(code: .shipToUnclear, field: "shipTo.address",
                    message: "the message names a recipient for the delivery but no address was read; the address on file stands: check it"))
            }
            builder.document.shipTo.address = address
            builder.note("shipTo.address", "customers.csv", builder.addressOnFileRequested ? "the customer's address on file, as the message asks (\"our usual address\")"
                                                                                           : "the customer's address on file: the message names none")
        }
        // "paymentTerms": "Net 30" with no method: the terms are the method (net_terms).
        if builder.document.paymentMethod == nil, let terms = builder.document.paymentTerms, PaymentParser.method(in: terms) == .netTerms {
            builder.document.paymentMethod = .netTerms
            builder.note("paymentMethod", "text", "payment terms written, no other method: \(terms)")
        }
        if builder.document.paymentMethod == nil, let method = customer?.paymentMethod {
            builder.document.paymentMethod = method
            builder.note("paymentMethod", "customers.csv", "customer's default payment method")
        }
    }

    /// Currency: as written, else the catalog's for the products ordered.
    private static func settleCurrency(_ customer: Customer?, into builder: inout DocumentBuilder) {
        let hinted = Set(builder.lines.compactMap(\.currencyHint))
        if hinted.count > 1 {
            builder.document.issues.append(Issue(code: .mixedCurrency, field: "currency", message: "prices are written in several currencies: \(hinted.sorted().joined(separator: ", "))"))
        }
        builder.document.currency = builder.writtenCurrency ?? hinted.sorted().first
        // "单价 ¥168", "85元" from a mainland customer: the yuan, not the catalog's dollars.
        let orderText = (builder.auditLines.map(\.text) + builder.tableHeaders).joined(separator: "\n")
        if builder.document.currency == nil, PaymentParser.writesYuan(orderText),
           let yuan = PaymentParser.yuanCurrency(language: customer?.language, text: orderText) {
            builder.document.currency = yuan
            builder.note("currency", "text", "元 or ¥ written by a customer whose yuan is \(yuan)")
        }
        if builder.document.currency == nil {
            let catalogCurrencies = Set(builder.lines.compactMap { $0.product?.currency })
            if catalogCurrencies.count == 1 {
                builder.document.currency = catalogCurrencies.first
                builder.note("currency", "catalog.csv", "defaulted: the message writes no currency; the catalog's for the products ordered")
            }
        }
    }

    /// One line checked against its product: a guessed product, dozens in the catalog's unit, the
    /// catalog's unit, the order rules; then put on the document.
    private static func checkLine(_ parsed: ParsedLine, number: Int, into builder: inout DocumentBuilder) {
        var parsed = parsed
        var line = parsed.line
        // "TP-125 tennis string, 200 m reel: 2 reels" read as the TP-125 sold by the set: the one
        // sibling (same SKU stem) sold in the unit written is the product meant, a guess a
        // person confirms.
        // "B4影印紙 10包" matched to the ream, "A4影印紙 80磅 8箱" to the ream when the catalog's
        // box is "box (箱) of 5 reams": the sibling whose catalog name calls its unit by the
        // word written is the product, as the catalog says (no guess).
        if let product = parsed.product, let written = line.unit, !ItemUnits.namedUnits(of: product).contains(written),
           let sibling = Self.siblingNaming(written, of: product, among: builder.context.master.products) {
            builder.note("lines[\(number)].sku", parsed.origin.location, "\(written) is what the catalog calls \(sibling.sku)'s unit (\(sibling.unit ?? written)), not \(product.sku)'s", parsed.origin.excerpt)
            parsed.product = sibling
            line.sku = sibling.sku
            parsed.line.sku = sibling.sku
        } else if let product = parsed.product, let written = line.unit, let unit = product.unit, ItemUnits.isKnownUnit(written), ItemUnits.isKnownUnit(unit),
           !ItemUnits.compatible(written, unit), !ItemUnits.namedUnits(of: product).contains(written),
           let sibling = Self.siblingSold(in: written, of: product, among: builder.context.master.products) {
            builder.document.issues.append(Issue(code: .productGuessed, field: "lines[\(number)].sku",
                message: "\(product.sku) is sold by the \(unit) and the customer wrote \(written): read as \(sibling.sku) \(sibling.name), sold by the \(sibling.unit ?? written); check the product"))
            parsed.product = sibling
            line.sku = sibling.sku
            parsed.line.sku = sibling.sku
        }
        // "2包（每包10套）" of strings sold by the set: 20 sets; of a product sold by the pack, 2 packs.
        if let written = line.unit, let (outer, count, inner) = ItemUnits.packContent(written) {
            if let unit = parsed.product?.unit, ItemUnits.means(inner, unit), !ItemUnits.means(outer, unit), let packs = DecimalText.parse(line.quantity) {
                line.quantity = DecimalText.format(packs * Decimal(count))
                line.unit = unit
                builder.note("lines[\(number)].quantity", parsed.origin.location, "\(DecimalText.format(packs)) \(written) counted in the catalog's unit (\(unit))", parsed.origin.excerpt)
            } else {
                line.unit = outer
            }
        }
        // "EL-1046 … PKT 3" read as the single set when the family has a pack of its own: the
        // sibling sold by the very unit written is likelier, a guess a person confirms.
        if let product = parsed.product, let written = line.unit, let unit = product.unit, !ItemUnits.sameUnit(written, unit), !ItemUnits.means(written, unit),
           !ItemUnits.namedUnits(of: product).contains(written), !ItemUnits.dozenUnits.contains(written.lowercased()),
           let sibling = Self.siblingSoldBy(written, of: product, among: builder.context.master.products),
           !Self.sizeWritten(parsed.origin.excerpt ?? line.description ?? "", tells: product, from: sibling) {
            builder.document.issues.append(Issue(code: .productGuessed, field: "lines[\(number)].sku",
                message: "\(product.sku) is sold by the \(unit) and the customer wrote \(written): read as \(sibling.sku) \(sibling.name), sold by the \(sibling.unit ?? written); check the product"))
            parsed.product = sibling
            line.sku = sibling.sku
            parsed.line.sku = sibling.sku
        }
        // "2 pallets" of modules sold by the piece, "pallet = 31 pcs" in the catalog's name, and no
        // sibling sold by the pallet: 62 pieces, as the catalog counts them.
        // (Only for a catalog unit of one thing: "case of 500" says what the catalog's case holds.)
        if let product = parsed.product, let written = line.unit, let unit = product.unit, !ItemUnits.means(written, unitOf: product),
           !ItemUnits.sameUnit(written, unit), !ItemUnits.containerOrMeasureUnits.contains(ItemUnits.normalizeUnit(unit) ?? unit),
           let each = ItemUnits.content(of: written, in: product), let count = DecimalText.parse(line.quantity) {
            line.quantity = DecimalText.format(count * Decimal(each))
            builder.note("lines[\(number)].quantity", parsed.origin.location, "\(DecimalText.format(count)) \(written) of \(each) \(unit) each, as the catalog's name says", parsed.origin.excerpt)
            line.unit = unit
        }
        builder.origins.append(FieldOrigin(field: "lines[\(number)]", location: parsed.origin.location, rule: parsed.origin.rule, excerpt: parsed.origin.excerpt))
        if let product = parsed.product {
            if parsed.guessScore == nil, !parsed.isSpecRow, let written = line.description, let extra = MissedItemChecks.unnamedWords(written, product: product, quantity: parsed.line.quantity) {
                // "Pillow protector, waterproof" holds the alias "pillow": the words the
                // product's names do not have may make it another product.
                builder.document.issues.append(Issue(code: .productGuessed, field: "lines[\(number)].sku",
                    message: "\"\(written)\" names \(product.sku) \(product.name) only in part (\(extra) is not in its names); check the product"))
            }
            if parsed.guessCoversEveryWord {
                // Every word written is the product's own and no other product comes close.
                builder.note("lines[\(number)].sku", parsed.origin.location, "every word written is one of \(product.sku)'s own", parsed.origin.excerpt)
            } else if let score = parsed.guessScore {
                builder.document.issues.append(Issue(code: .productGuessed, field: "lines[\(number)].sku",
                    message: "\"\(line.description ?? "?")\" is not a catalog name; guessed \(product.sku) \(product.name) (similarity \(score)); check the product"))
            }
            // "兩打", "2 dozen" of a product sold by the piece: twelve pieces each, counted in
            // the catalog's unit so that quantity and list price agree.
            if let unit = line.unit, ItemUnits.dozenUnits.contains(unit.lowercased()), let catalogUnit = product.unit,
               !ItemUnits.dozenUnits.contains(catalogUnit.lowercased()), !ItemUnits.pieceUnits.contains(catalogUnit.lowercased()), ItemUnits.holdsADozen(product) {
                // "紅色原子筆 3 打" of pens sold by the box of 12: a dozen is one box.
                line.unit = catalogUnit
                builder.note("lines[\(number)].unit", parsed.origin.location, "\(unit) as written: \(product.sku)'s \(catalogUnit) holds twelve", parsed.origin.excerpt)
            } else if let unit = line.unit, ItemUnits.dozenUnits.contains(unit.lowercased()), let catalogUnit = product.unit,
               !ItemUnits.dozenUnits.contains(catalogUnit.lowercased()), let dozens = DecimalText.parse(line.quantity) {
                line.quantity = DecimalText.format(dozens * 12)
                line.unit = catalogUnit
                builder.note("lines[\(number)].quantity", parsed.origin.location, "dozens counted in the catalog's unit (\(catalogUnit))", parsed.origin.excerpt)
                if !ItemUnits.pieceUnits.contains(catalogUnit.lowercased()), !ItemUnits.statesOtherContent(product) {
                    // "兩打" of something sold by the box: 24 boxes, as customers mostly mean,
                    // or two boxes of twelve? A person checks.
                    builder.document.issues.append(Issue(code: .unitMismatch, field: "lines[\(number)].quantity",
                        message: "\(product.sku) is sold by the \(catalogUnit) and the customer wrote \(DecimalText.format(dozens)) \(unit): read as \(DecimalText.format(dozens * 12)) \(catalogUnit); check it is not \(DecimalText.format(dozens)) \(catalogUnit) of twelve"))
                }
            }
            if line.unit == nil, let unit = product.unit {
                line.unit = unit
                builder.note("lines[\(number)].unit", "catalog.csv", "unit of \(product.sku)")
            } else {
                speakCatalogUnit(&line, product: product, parsed: parsed, number: number, into: &builder)
                // "BS-66 string, 200 m reel … 4 reels" read as the BS-66 sold by the set: a count in
                // a unit the product is not sold by may mean another product, or another pack.
                if let written = line.unit, let unit = product.unit, written != unit, ItemUnits.isKnownUnit(written), ItemUnits.isKnownUnit(unit),
                   !ItemUnits.compatible(written, unit), !ItemUnits.dozenUnits.contains(written.lowercased()), !ItemUnits.namedUnits(of: product).contains(written) {
                    builder.document.issues.append(Issue(code: .unitMismatch, field: "lines[\(number)].unit",
                        message: "\(product.sku) is sold by the \(unit) and the customer wrote \(line.quantity) \(written); check the product and the count"))
                }
            }
        }
        // A quantity that is no number is none: checked as zero, and written so.
        let quantity = DecimalText.parse(line.quantity) ?? 0
        let checked = OrderLine(sku: line.sku, description: line.description, quantity: quantity, unit: line.unit, unitPrice: line.unitPrice.flatMap(DecimalText.parse))
        builder.document.issues += OrderRules.issues(of: checked, number: number, product: parsed.product, currency: builder.document.currency, source: .message)
        if quantity <= 0 { line.quantity = "0" }
        builder.document.lines.append(line)
    }

    /// The one other product of `product`'s SKU stem (its SKU without the last "-" part, of three
    /// parts or more) sold in a unit compatible with `written`; nil when none or several are.
    static func siblingSold(in written: String, of product: Product, among products: [Product]) -> Product? {
        // A stem of a family, not of a category: at least three parts ("FY-ST-TP125-", not "SY-Q-").
        onlySibling(of: product, among: products, dashesBeforeLast: 2) { $0.unit.map { ItemUnits.compatible(written, $0) } == true }
    }

    /// The one other product whose SKU shares `product`'s stem (its SKU to the last "-", with at
    /// least `dashesBeforeLast` dashes before that one: 2 for "FY-ST-TP125-") and that `matches`;
    /// nil when none or several do.
    static func onlySibling(of product: Product, among products: [Product], dashesBeforeLast: Int, where matches: (Product) -> Bool) -> Product? {
        guard let dash = product.sku.lastIndex(of: "-"), product.sku[..<dash].filter({ $0 == "-" }).count >= dashesBeforeLast else { return nil }
        let stem = product.sku[...dash]
        let siblings = products.filter { $0.sku != product.sku && $0.sku.hasPrefix(stem) && matches($0) }
        return siblings.count == 1 ? siblings[0] : nil
    }

    /// Whether the text writes a figure of `product`'s names that `sibling`'s do not have ("5L"
    /// of the 5-litre tin, written beside 桶): the size settles the product, not the unit.
    static func sizeWritten(_ text: String, tells product: Product, from sibling: Product) -> Bool {
        func figures(_ texts: [String]) -> Set<String> { Set(texts.flatMap { FuzzyProductMatcher.features(of: $0) }.filter { $0.contains(where: \.isNumber) }) }
        let own = figures([product.name] + product.aliases).subtracting(figures([sibling.name] + sibling.aliases))
        return !own.isDisjoint(with: figures([text]))
    }

    /// The one other product of `product`'s SKU stem sold by the very unit written (pack for
    /// PKT), where `product` is not.
    static func siblingSoldBy(_ written: String, of product: Product, among products: [Product]) -> Product? {
        func soldBy(_ other: Product) -> Bool { ItemUnits.sameUnit(written, other.unit) || other.unit.map { ItemUnits.means(written, $0) } == true }
        // "HL-PVC-EL15" and its bag "HL-PVC-EL15-B10": a pack of this very product.
        let packs = products.filter { $0.sku.hasPrefix(product.sku + "-") && soldBy($0) }
        if packs.count == 1 { return packs[0] }
        // The family of the SKU's stem ("HL-PT-ROLL", "HL-PT-BOX10"), of three parts or more.
        return onlySibling(of: product, among: products, dashesBeforeLast: 1, where: soldBy)
    }

    /// The one other product of `product`'s SKU stem whose catalog name calls its unit `written`
    /// ("box (箱) of 5 reams" for 箱).
    static func siblingNaming(_ written: String, of product: Product, among products: [Product]) -> Product? {
        onlySibling(of: product, among: products, dashesBeforeLast: 2) { ItemUnits.namedUnits(of: $0).contains(written) }
    }

    /// "30副" of lenses sold by the pair: the order (or the change) speaks the catalog's units, as
    /// the desk's other orders and prices do; the confirmation words them in the customer's
    /// language again. A unit that may mean several of the catalog's stays as written.
    private static func speakCatalogUnit(_ line: inout OrderDocument.Line, product: Product, parsed: ParsedLine, number: Int, into builder: inout DocumentBuilder) {
        guard let written = line.unit, let unit = product.unit, written != unit, ItemUnits.means(written, unitOf: product) else { return }
        line.unit = unit
        builder.note("lines[\(number)].unit", parsed.origin.location, "\(written) as written: the catalog's unit of \(product.sku) (\(unit))", parsed.origin.excerpt)
    }

    /// The whole order: lines missed or unread, figures unexplained, ship-to and customer.
    private static func checkOrder(_ customer: Customer?, into builder: inout DocumentBuilder) {
        if let issue = OrderRules.noLines(count: builder.lines.count, source: .message) {
            builder.document.issues.append(issue)
        } else {
            // Counted as the items were read: wrapped prose as its sentences, at their first line.
            let master = builder.context.master
            for line in MissedItemChecks.unreadQuantities(TextLine.joiningWrappedProse(builder.bodyLines), lines: builder.lines,
                                                          productsNamed: { Set(master.allMentions(in: $0).map(\.sku)) }).prefix(3) {
                builder.document.issues.append(Issue(code: .unreadQuantity, field: "lines",
                    message: "\(line.location) counts more than the lines read from it: \"\(line.text.trimmedSpaces().prefix(80))\"; check that no item is missing"))
            }
            auditFigures(into: &builder)
        }
        if let address = builder.document.shipTo.address,
           RegexCache.firstRange(#"\d{8,}|\d{3,4}[- ]\d{3,4}[- ]\d{3,4}|(?i)\b(?:tel|phone|mobile)\b|電話|电话|手機|手机"#, in: address) != nil {
            // A phone inside the address: the block was not told apart, and the label would carry it.
            builder.document.issues.append(Issue(code: .shipToUnclear, field: "shipTo.address",
                message: "the shipping address \"\(address.prefix(80))\" holds a phone number; split address, recipient and phone"))
        }
        if builder.document.requestedDeliveryDate == nil, let (line, date) = Self.unreadDate(in: builder) {
            builder.document.issues.append(Issue(code: .unreadDate, field: "requestedDeliveryDate",
                message: "\(line.location) writes the date \(date) (\"\(line.text.trimmedSpaces().prefix(60))\") and no delivery date was read; check when the goods are wanted"))
        }
        if builder.document.shipTo.address == nil {
            builder.document.issues.append(Issue(code: .missingShipTo, field: "shipTo.address", message: "no shipping address in the order and none on file for the customer"))
        }
        if builder.document.customer.email != nil && customer == nil {
            builder.document.issues.append(Issue(code: .unknownCustomer, field: "customer.email", message: "\(builder.document.customer.email ?? "") is not in customers.csv; check the buyer"))
        }
        if builder.document.customer.email == nil {
            builder.document.issues.append(Issue(code: .missingCustomer, field: "customer.email", message: "no customer email address found"))
        }
    }

    /// Figures in the order's text that no field explains: one issue naming them, and where
    /// each stands in `explain`.
    static func auditFigures(into builder: inout DocumentBuilder) {
        let master = builder.context.master
        let findings = FigureAudit(lines: builder.auditLines.filter { !builder.excludedLocations.contains($0.location) }, parsed: builder.lines, document: builder.document,
                                   mentioned: builder.excludedSKUs.compactMap(master.product(sku:)),
                                   productsNamed: { Set(master.allMentions(in: $0).map(\.sku)) },
                                   sellsByTheHour: master.products.contains { ["hr", "hrs", "hour", "hours", "小時", "小时", "h"].contains($0.unit?.lowercased() ?? "") }).findings()
            + MissedItemChecks.unreadProductWords(in: builder.auditLines.filter { !builder.excludedLocations.contains($0.location) }, items: builder.lines, master: master)
        guard !findings.isEmpty else { return }
        for finding in findings {
            builder.note("unexplained", finding.location, "figure not explained by any field: " + finding.figures.joined(separator: ", "), finding.excerpt)
        }
        let shown = findings.prefix(3).map { "\($0.location): " + $0.figures.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ") }
        let more = findings.count > 3 ? " and \(findings.count - 3) more lines" : ""
        builder.document.issues.append(Issue(code: .unexplainedFigures, field: "lines",
            message: shown.joined(separator: "; ") + more + ": no field explains these figures; check for a missing item, price or instruction"))
    }

    /// How sure the extractor is that the order needs no human edits: 1 minus a weight for each
    /// issue, so an order with no issues and a known customer scores high.
    static func confidence(of builder: DocumentBuilder) -> Double {
        let weights: [Issue.Code: Double] = [
            .unknownSKU: 0.4, .missingQuantity: 0.45, .priceMismatch: 0.15, .missingShipTo: 0.3, .unknownCustomer: 0.1,
            .missingCustomer: 0.4, .ambiguousDate: 0.15, .noLines: 0.9, .mixedCurrency: 0.2, .charsetMismatch: 0.08,
            .unsupportedAttachment: 0.25, .productGuessed: 0.1, .unreadDate: 0.15, .unreadQuantity: 0.1, .unexplainedFigures: 0.15, .unusualDate: 0.15, .unitMismatch: 0.15, .shipToUnclear: 0.15, .decodeError: 0.3, .tooManyRows: 0.3, .unknownLayout: 0.3,
        ]
        var score = 1.0
        for issue in builder.document.issues { score -= weights[issue.code] ?? 0.1 }
        if builder.origins.contains(where: { $0.rule == "numbered item line" }) { score -= 0.05 }
        return (max(0, min(1, score)) * 100).rounded() / 100
    }
}
