import Foundation
import IntakeModel

/// A line of text with where it stands, for origins.
struct TextLine {
    /// NFKC-normalised text.
    var text: String
    /// `body line 12`, `attachment order.csv row 3`.
    var location: String
}

/// One ordered line found in the text, before validation.
struct ParsedLine {
    var line: OrderDocument.Line
    var product: Product?
    var origin: FieldOrigin
    var currencyHint: String?
    /// Set when the product was guessed by similarity rather than named: how much of the
    /// customer's wording it explains.
    var guessScore: Double?
    /// The guess holds every word written (see `FuzzyProductMatcher.Guess.coversEveryWord`).
    var guessCoversEveryWord = false
    /// The count the item's own line wrote before a later correction changed it (it explains
    /// that figure: see `FigureAudit`).
    var correctedFrom: Decimal?

    /// A price written apart from the item ("…，单价45元/本", "S$23.00 for the wonton"): it
    /// prices the line unless the line already has one of its own.
    mutating func takePrice(_ price: Decimal, currency: String?) {
        guard line.unitPrice == nil else { return }
        line.unitPrice = DecimalText.format(price)
        currencyHint = currencyHint ?? currency
    }
}

/// Finds ordered lines: tables (pipes, tabs, aligned columns, HTML rows, CSV), labelled item
/// blocks (`品名：… 數量：…`), and item lines or prose that name a catalog product with a quantity.
struct LineItemParser {
    let master: MasterData

    /// The units a count may carry, in the order the patterns try them.
    static let units = ["pcs", "pc", "pieces", "piece", "boxes", "box", "packs", "pack", "packets", "packet", "reams", "ream", "rolls", "roll",
                        "sets", "set", "cartons", "carton", "ctns", "ctn", "units", "bottles", "bottle", "dozens", "dozen", "doz", "kgs", "kg",
                        "bags", "bag", "cans", "can", "cases", "case", "jars", "jar", "tins", "tin", "tubes", "tube", "pairs", "pair",
                        "bundles", "bundle", "pallets", "pallet", "drums", "drum", "reels", "reel", "spools", "spool", "ea",
                        "blocks", "block", "trays", "tray", "tubs", "tub", "pails", "pail", "buckets", "bucket", "sacks", "sack",
                        "racks", "rack", "sleeves", "sleeve", "loaves", "cartridges", "cartridge", "kits", "kit", "jugs", "jug",
                        // Produce by the catty (斤, 600 g in Taiwan, 500 g on the mainland), the bunch and the head.
                        "catties", "catty", "jin", "bunches", "bunch", "heads", "head", "punnets", "punnet",
                        "台斤", "斤", "束",
                        // Dried goods by the pound and the tael, tea by the cake ("普洱生餅 14餅").
                        "lbs", "lb", "taels", "tael", "cakes", "cake", "餅", "饼",
                        // 兩 is a tael after a number ("花膠 10兩"); before a unit it is two ("兩包").
                        "兩", "两",
                        // "固态硬盘 5块", "内存条 8根" (块 after a price word stays money: see PaymentParser.writesYuan).
                        "块", "塊", "根",
                        // Fabric by the metre and the yard, buttons by the gross (罗, 144).
                        "metres", "metre", "meters", "meter", "yards", "yard", "yds", "yd", "gross",
                        "公尺", "米", "碼", "码", "羅", "罗", "籮", "箩", "匹",
                        "盘", "盤", "颗", "顆", "粒", "公斤", "千克", "箱", "盒", "個", "个", "支", "枝", "包", "張", "张", "本", "捲", "卷", "組", "组",
                        "台", "臺", "件", "瓶", "罐", "打", "令", "套", "條", "条", "片", "把", "袋", "桶", "隻", "只",
                        "頂", "顶", "雙", "双", "對", "对", "副", "份", "樽"]
    static let unitPattern = PatternAlternation.grouped(units)
    /// (A Chinese numeral may follow a Latin size directly: "保鮮紙30cm兩卷".)
    static let numberPattern = #"(?:(?<![A-Za-z0-9.\-/])|(?<=[A-Za-z0-9])(?=[零〇一二兩两三四五六七八九十百千半]))"# + numberCore
    /// The number alone, for places where a letter may stand right before it ("x10").
    /// `半` only before 打 and a carton's or a box's counter: "半打" is half a dozen, "半箱" half a carton.
    static let numberCore = #"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二兩两三四五六七八九十百千]+|半(?=\s*[打箱盒包袋])|(?:"# + numberWordPattern + #")(?![A-Za-z]))"#
    /// "twenty", "twenty-one", "thirteen", "a dozen", "half a dozen": the tens (with an optional unit word) first,
    /// then the other words, in the order they are tried.
    static let numberWordPattern: String = {
        let ones = #"(?:[- ](?:"# + onesWords.joined(separator: "|") + #")(?![A-Za-z]))?"#
        return PatternAlternation.grouped(tensWords.map { $0 + ones } + otherNumberWords)
    }()
    /// The words of `numberWordPattern`: tens, which a unit word may follow ("twenty-one")…
    static let tensWords = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    static let onesWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    /// …and the others, tried after the tens in this order.
    static let otherNumberWords = onesWords + ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                               "half a dozen", "a dozen", "dozen", "a hundred", "hundred"]
    static let currencyPattern = #"(NT\$|US\$|HK\$|S\$|RMB|CNY|TWD|NTD|USD|HKD|SGD|MYR|MOP|EUR|GBP|RM(?=\s*\d)|新台幣|新臺幣|台幣|臺幣|港幣|港币|人民幣|人民币|\$|¥|￥|€|£)"#

    static func regex(_ pattern: String) -> NSRegularExpression? {
        RegexCache.regex(pattern, options: [.caseInsensitive])
    }
    /// "10箱 × 1150元 = 11500元": the number before 元 after a times sign is the unit price.
    private static let timesYuanPrice = regex(#"[x×*]\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:元|塊|块)"#)
    /// "@ 52", "單價 45", "每桶 HK$560": a price after its word, 每 with any counting unit.
    /// (Not "每包100条": a count of pieces after it is the pack's size.)
    private static let atPrice = regex(#"(?:@|unit price|單價|单价|price|each at|每\s*(?:"# + unitPattern + #"))\s*[:=]?\s*"# + currencyPattern + #"?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|[.,]\d|\s*(?:条|條|个|個|支|片|张|張|粒|颗|顆|只|入|pcs\b|pieces\b))"#)
    private static let currencyPrice = regex(currencyPattern + #"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:/|each|per|一|每|ea)"#)
    /// "at 95 TWD per pack": the currency after the number.
    private static let atPerPrice = regex(#"\bat\s+(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(NT\$|US\$|HK\$|RMB|CNY|TWD|NTD|USD|HKD|EUR|dollars?)?\s*(?:/|each|per|ea)\b"#)
    private static let yuanPrice = regex(#"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:元|塊|块)\s*(?:/|每|一)"#)

    // MARK: - Entry point

    func parse(_ lines: [TextLine]) -> [ParsedLine] {
        if let table = parseTextTable(lines), !table.isEmpty { return table }
        let labelled = parseLabelledBlocks(lines)
        if !labelled.isEmpty { return labelled }
        return applyingCorrections(parseItemLines(lines), lines: lines)
    }

    /// "更正：白蓮蓉要25桶，唔係20桶", "Correction: the tonic water should be 3 cases, not 2": a
    /// later line that corrects and names a product already read gives that item its count; it
    /// is no second line of the same product.
    func applyingCorrections(_ items: [ParsedLine], lines: [TextLine] = []) -> [ParsedLine] {
        var result: [ParsedLine] = []
        // "畫架今次唔要住" in a line after the list: a product named in a declining clause,
        // already read from an earlier line, is taken off again.
        var declined: Set<String> = []
        var recounted: [Int: (Decimal, String?)] = [:]
        var repriced: [Int: PricedPhrase] = [:]
        let itemLocations = Set(items.map(\.origin.location))
        for line in lines where !itemLocations.contains(line.location) {
            var previous: String?
            for clause in line.text.components(separatedBy: Self.clauseSeparators).flatMap(Self.splitOnCommas) {
                defer { previous = clause }
                if Self.declines(clause) {
                    for product in master.allMentions(in: clause) where items.contains(where: { $0.line.sku == product.sku }) {
                        declined.insert(product.sku)
                    }
                    // "畫架今次唔要住": the item read as 木畫架 150cm, named by its own words.
                    if let index = Self.referredItem(Self.withoutDeclineWords(clause), in: items), let sku = items[index].line.sku { declined.insert(sku) }
                } else if let word = Self.correctionWords.first(where: { clause.hasSubstring($0) }), let range = clause.range(of: word),
                          let count = Self.quantity(in: String(clause[range.upperBound...])),
                          let index = Self.referredItem(String(clause[..<range.lowerBound]), in: items) {
                    // "白色塑膠彩改做 12 樽，唔係 10 樽": the item before, given its new count.
                    recounted[index] = count
                } else if let (phrase, count) = Self.countSaidInsteadOfAnother(clause, line: line.text),
                          let index = Self.referredItem(phrase, in: items) {
                    // "不好意思，内存条是8根，不是10根": the item, and the count it is, not the one written.
                    recounted[index] = count
                } else {
                    // "Pricing as per your quote: S$23.00 per bag for the wonton, S$29.50 for the
                    // har gow": a price for an item read elsewhere, named by its words.
                    for piece in clause.pieces(separatedBy: " and ") {
                        for priced in Self.pricedPhrases(in: piece, previous: previous) {
                            // "RM 9.50 per tube for the 75ml acrylics": every item the words fit as well.
                            for index in Self.referredItems(priced.phrase, in: items, aliases: true) where items[index].line.unitPrice == nil && repriced[index] == nil {
                                repriced[index] = priced
                            }
                        }
                    }
                }
            }
        }
        for (index, original) in items.enumerated() where !(original.line.sku.map(declined.contains) ?? false) {
            var item = original
            if let (quantity, unit) = recounted[index] {
                item.correctedFrom = DecimalText.parse(item.line.quantity)
                item.line.quantity = DecimalText.format(quantity)
                if let unit, let normalized = Self.normalizeUnit(unit) { item.line.unit = normalized }
            }
            if let priced = repriced[index] { item.takePrice(priced.price, currency: priced.currency) }
            if let sku = item.line.sku, Self.correctsALine(item.origin.excerpt),
               let earlier = result.lastIndex(where: { $0.line.sku == sku && $0.origin.location != item.origin.location }) {
                result[earlier].line.quantity = item.line.quantity
                if let unit = item.line.unit { result[earlier].line.unit = unit }
                if let price = item.line.unitPrice { result[earlier].line.unitPrice = price }
                continue
            }
            result.append(item)
        }
        return result
    }

    /// "内存条是8根" in a line that also says "不是10根" (or 唔係, not): the item's words and the
    /// count it really is.
    static func countSaidInsteadOfAnother(_ clause: String, line: String) -> (String, (Decimal, String?))? {
        guard !clause.isASCII, ["不是", "唔係", "唔系", "not "].contains(where: { line.hasSubstring($0) }) else { return nil }
        // "瑤柱要5斤唔係3斤": 要 (wants) says it as well.
        for word in ["是", "係", "系", "要"] {
            guard let range = clause.range(of: word), !clause[..<range.lowerBound].hasSuffix("不"), !clause[..<range.lowerBound].hasSuffix("唔"),
                  let count = quantity(in: String(clause[range.upperBound...])) else { continue }
            let phrase = String(clause[..<range.lowerBound])
            return phrase.isEmpty ? nil : (phrase, count)
        }
        return nil
    }

    /// Words after which a clause gives an item its new count: "改做 12 樽", "change it to 5".
    static let correctionWords = ["改做", "改成", "改為", "改为", "要改", "change to", "changed to", "should be", "make that", "make it"]

    /// The item an afterthought refers to by its own words ("白色塑膠彩" for 塑膠彩300ml 白色,
    /// "畫架" for 木畫架 150cm): the one read item whose written words hold most of the phrase's
    /// (at least half, with a word of two characters or more), when no other holds as many.
    static func referredItem(_ phrase: String, in items: [ParsedLine]) -> Int? {
        let found = referredItems(phrase, in: items)
        return found.count == 1 ? found.first : nil
    }

    /// Every read item whose words hold the most of the phrase's (at least half): "the 75ml
    /// acrylics" for each 75ml acrylic colour read.
    /// `aliases`: the product's aliases count as its words too ("防割手套每双38元" for the line
    /// written "M码 200双" after "防割手套 A4 的 L码 300双").
    static func referredItems(_ phrase: String, in items: [ParsedLine], aliases: Bool = false) -> [Int] {
        let wanted = FuzzyProductMatcher.features(of: phrase).filter { $0.count >= 2 && !$0.allSatisfy(\.isNumber) }
        guard !wanted.isEmpty else { return [] }
        let shares = items.map { item -> Int in
            let names = [item.line.description, item.product?.name].compactMap { $0 } + (aliases ? item.product?.aliases ?? [] : [])
            let written = FuzzyProductMatcher.features(of: names.joined(separator: " "))
            return wanted.filter { written.contains($0) }.count
        }
        guard let best = shares.max(), best * 2 >= wanted.count, best > 0 else { return [] }
        return shares.indices.filter { shares[$0] == best }
    }

    /// A declining clause without its declining and time words: what is declined.
    static func withoutDeclineWords(_ clause: String) -> String {
        var text = TextNormalizer.lowercased(clause)
        for word in declineWords + ["今次", "這次", "这次", "呢次", "本次", "this time", "for now", "住", "下個月", "下个月", "先再訂", "先再订", "再訂", "再订"] {
            text = text.replacingOccurrences(of: word, with: " ")
        }
        return text
    }

    /// Wording that corrects what was written before it, anywhere in a line.
    static func correctsALine(_ text: String?) -> Bool {
        guard let text else { return false }
        let lower = TextNormalizer.lowercased(text)
        return ["更正", "修正", "更改", "改成", "改為", "改为", "改做", "唔係", "不是", "correction", "instead of", "should be", "make that", "make it"].contains { lower.hasSubstring($0) }
            || RegexCache.firstRange(#"(?i)\bnot\s+\d"#, in: text) != nil
    }

    // MARK: - Tables

    /// `spec`: a column that tells a product's variants apart (规格型号, Size, Colour); there may
    /// be several.
    enum Column { case sku, product, quantity, unit, unitPrice, spec }

    /// Headers of columns that describe which variant a row means.
    static let specLabels: Set<String> = ["规格", "規格", "规格型号", "規格型號", "规格/型号", "規格/型號", "spec", "specs", "specification", "specifications",
                                          "size", "尺寸", "尺碼", "尺码", "顏色", "颜色", "color", "colour", "variant", "色溫", "色温", "功率", "wattage"]

    /// A spec label, or spec labels joined ("Size / Spec", "规格/颜色", "Size & Colour").
    static func isSpecLabel(_ label: String) -> Bool {
        if specLabels.contains(label) { return true }
        let pieces = label.replacingOccurrences(of: " and ", with: "/")
            .split(whereSeparator: { "/&+,、".contains($0) }).map { $0.trimmedSpaces() }
        return pieces.count > 1 && pieces.allSatisfy { specLabels.contains($0) }
    }

    /// Maps header cells to columns; nil unless a product (or SKU) and a quantity column are found.
    static func columns(forHeader cells: [String]) -> (map: [Int: Column], currency: String?)? {
        var map: [Int: Column] = [:]
        var currency: String?
        for (index, cell) in cells.enumerated() {
            var label = TextNormalizer.lowercased(TextNormalizer.normalize(cell))
            if label.utf8.contains(UInt8(ascii: "_")) { label = label.replacingOccurrences(of: "_", with: " ") }
            label = label.trimmedSpaces()
            if let open = label.firstIndex(where: { $0 == "(" || $0 == "[" }) {
                let inside = String(label[open...])
                currency = currency ?? PaymentParser.currency(in: inside)
                label = label[..<open].trimmedSpaces()
            }
            label = label.trimming(Self.headerEdges)
            // "规格型号" names the variant (600x600 40W 4000K), not our SKU, though 型号 alone may.
            if Self.isSpecLabel(label) { map[index] = .spec; continue }
            guard let field = FieldLabels.field(for: label) ?? Self.qualifiedField(label) ?? Self.compoundField(label) else { continue }
            let column: Column? = switch field {
            case .sku: .sku
            case .product: .product
            case .quantity: .quantity
            case .unit: .unit
            case .unitPrice: .unitPrice
            default: nil
            }
            if let column, !map.values.contains(column) {
                map[index] = column
            } else if column == .product, let taken = map.first(where: { $0.value == .product })?.key,
                      Self.numberingProductLabels.contains(Self.headerLabel(cells[taken])), !Self.numberingProductLabels.contains(label) {
                // "Item | Description | Qty": the item column numbers the rows; the description names the product.
                map[taken] = nil
                map[index] = .product
            }
        }
        let values = Set(map.values)
        guard values.contains(.quantity), values.contains(.product) || values.contains(.sku) else { return nil }
        return (map, currency)
    }

    /// Product labels that often head a column of row numbers ("Item 1, 2, 3").
    static let numberingProductLabels: Set<String> = ["item", "item #", "item no", "項次", "项次", "no", "no."]

    /// A header cell's label as `columns(forHeader:)` compares it.
    static func headerLabel(_ cell: String) -> String {
        var label = TextNormalizer.lowercased(TextNormalizer.normalize(cell)).replacingOccurrences(of: "_", with: " ").trimmedSpaces()
        if let open = label.firstIndex(where: { $0 == "(" || $0 == "[" }) { label = label[..<open].trimmedSpaces() }
        return label.trimming(Self.headerEdges)
    }

    /// "item sku", "product id", "item name", "line qty": an ERP's column named by a qualifier
    /// and a field; the field decides, and a qualified "name" or "title" is the product's.
    static func qualifiedField(_ label: String) -> FieldLabels.Field? {
        for qualifier in ["item ", "product ", "line ", "goods ", "article ", "order "] where label.hasPrefix(qualifier) {
            let rest = String(label.dropFirst(qualifier.count))
            if ["name", "title", "desc", "description"].contains(rest) { return .product }
            if ["id", "number", "no", "no."].contains(rest) { return qualifier == "order " || qualifier == "line " ? nil : .sku }
            if let field = FieldLabels.field(for: rest), [.sku, .quantity, .unit, .unitPrice].contains(field) { return field }
        }
        return nil
    }

    /// "品名規格", "品項代號", "訂購數量", "unit price (excl. tax)", "qty ordered": a header that
    /// joins a field's word with another (a spec, a qualifier) names that field. A code word
    /// wins over a product word (品項代號 is the item's code); totals are no price.
    static func compoundField(_ label: String) -> FieldLabels.Field? {
        guard label.count <= 24 else { return nil }
        func has(_ words: [String]) -> Bool { words.contains { label.hasSubstring($0) } }
        if has(["小計", "小计", "金額", "金额", "合計", "合计", "total", "amount", "subtotal", "ext"]) { return nil }
        // "Vendor Item", "Supplier Item": the seller's code for the item, on a buyer's PO.
        if has(["vendor item", "supplier item", "vendor part", "supplier part", "your item", "your code", "vendor sku", "supplier sku"]) { return .sku }
        // 買家名稱, 廠商名稱, 客戶名稱: a party's name, not the product's.
        if has(["買家", "买家", "客戶", "客户", "廠商", "厂商", "供應商", "供应商", "公司", "收件", "收貨", "收货", "訂購人", "订购人",
                "buyer", "customer", "supplier", "vendor", "company", "recipient"]) { return nil }
        if has(["代號", "代号", "編號", "编号", "料號", "料号", "貨號", "货号", "型號", "型号", "代碼", "代码", "編碼", "编码", "sku", "part no", "item code", "product code"]) { return .sku }
        if has(["數量", "数量", "訂購量", "订购量", "訂量", "订量", "qty", "quantity"]) { return .quantity }
        if has(["單價", "单价", "價格", "价格", "unit price", "price", "價", "价"]) { return .unitPrice }
        // "物料描述", "商品描述": a description (描述) names the product.
        if has(["品名", "品項", "品项", "商品", "產品", "产品", "貨品", "货品", "名稱", "名称", "描述", "description", "product", "item name"]) { return .product }
        if has(["單位", "单位", "uom"]) { return .unit }
        return nil
    }

    /// Whether `text` can be a header with a quantity column (which `columns(forHeader:)`
    /// requires). In common text (its own NFKC form, one scalar per character) a cell's
    /// lower-cased label is part of the lower-cased line, and its Simplified form (how
    /// `FieldLabels.field` also finds labels) part of the line's: one of the quantity labels'
    /// Simplified forms must be there. Every line was tried as a header, split into cells or
    /// words and each looked up.
    static func mayNameQuantity(_ text: String) -> Bool {
        guard let labels = quantityLabels, TextNormalizer.isCommon(text) else { return true }
        let simplified = FieldLabels.simplified(TextNormalizer.lowercased(text))
        return labels.contains { simplified.hasSubstring($0) }
    }

    /// The Simplified forms of every label that names the quantity field; nil if one holds a
    /// space or an underscore, which a header cell's label may have been rewritten into.
    static let quantityLabels: [String]? = {
        let labels = Set(FieldLabels.byLabel.filter { $0.value == .quantity }.map { FieldLabels.simplified($0.key) }).sorted()
        return labels.contains { $0.contains(" ") || $0.contains("_") } ? nil : labels
    }()

    /// How many pieces `split(separator: " ")` makes of `text`, without making them.
    static func wordCount(_ text: String) -> Int {
        // In common text a space character is a space byte and nothing joins one.
        if TextNormalizer.isCommon(text) {
            var count = 0
            var inWord = false
            for byte in text.utf8 {
                if byte == UInt8(ascii: " ") { inWord = false } else if !inWord {
                    inWord = true
                    count += 1
                }
            }
            return count
        }
        var count = 0
        var inWord = false
        for character in text {
            if character == " " { inWord = false } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// Whether `splitCells` can make two cells of `line`: only at a pipe, a tab or two spaces.
    /// Most lines of a message hold none, and every line is tried as a table header; looking
    /// at the bytes first saves splitting and trimming them (a fiftieth of a mailbox sync).
    static func mayHoldCells(_ line: String) -> Bool {
        var previousSpace = false
        for byte in line.utf8 {
            if byte == UInt8(ascii: "|") || byte == UInt8(ascii: "\t") { return true }
            let space = byte == UInt8(ascii: " ")
            if space && previousSpace { return true }
            previousSpace = space
        }
        return false
    }

    /// The cells of a row of a table aligned with spaces, by where each starts under the
    /// header's cells (display columns: a CJK character is two wide, as the sender saw it).
    /// Nil for tables with bars or tabs, and where the header's cells cannot be placed.
    static func alignedCells(row: String, header: String, columns: Int) -> [String]? {
        guard !row.contains("|"), !row.contains("\t"), !header.contains("|"), !header.contains("\t") else { return nil }
        let headerStarts = cellStarts(header)
        guard headerStarts.count == columns, columns >= 2 else { return nil }
        var result = Array(repeating: "", count: columns)
        for (start, text) in cellStarts(row) {
            // The last header cell starting at or before this cell (two columns of slack).
            let column = headerStarts.lastIndex(where: { $0.start <= start + 2 }) ?? 0
            result[column] = result[column].isEmpty ? text : result[column] + " " + text
        }
        return result
    }

    /// Cells separated by two or more spaces, with the display column each starts at.
    static func cellStarts(_ line: String) -> [(start: Int, text: String)] {
        var cells: [(Int, String)] = []
        var column = 0
        var current = ""
        var currentStart = 0
        var spaces = 0
        for character in line {
            let width = character.unicodeScalars.first.map { $0.value >= 0x1100 && ($0.value <= 0x115F || (0x2E80...0xA4CF).contains($0.value) || (0xAC00...0xD7A3).contains($0.value) || (0xF900...0xFAFF).contains($0.value) || (0xFE30...0xFE4F).contains($0.value) || (0xFF00...0xFF60).contains($0.value) || (0xFFE0...0xFFE6).contains($0.value)) } == true ? 2 : 1
            if character == " " {
                spaces += 1
            } else {
                if spaces >= 2 || current.isEmpty {
                    if !current.isEmpty { cells.append((currentStart, current)) }
                    current = String(character)
                    currentStart = column
                } else {
                    current += String(repeating: " ", count: spaces) + String(character)
                }
                spaces = 0
            }
            column += width
        }
        if !current.isEmpty { cells.append((currentStart, current)) }
        return cells.map { (start: $0.0, text: $0.1) }
    }

    static func splitCells(_ line: String) -> [String] {
        var cells: [String]
        if line.utf8.contains(UInt8(ascii: "|")) {
            cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmedSpaces() }
            if cells.first == "" { cells.removeFirst() }
            if cells.last == "" { cells.removeLast() }
        } else if line.utf8.contains(UInt8(ascii: "\t")) {
            cells = line.split(separator: "\t").map { $0.trimmedSpaces() }
        } else {
            cells = Self.splitOnDoubleSpaces(line).map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        }
        return cells
    }

    private static let totalWords = ["total", "subtotal", "sub-total", "grand total", "合計", "合计", "總計", "总计", "小計", "小计", "總額", "总额", "總金額", "总金额"]
    /// A total in a later cell of a pipe table, made once (they were joined per row).
    private static let totalCells = totalWords.map { "| " + $0 }

    /// Whether lower-cased `text` opens with a total's word. In common text (one scalar per
    /// character, none canonically equivalent to another) a prefix is a prefix of the bytes.
    static func startsTotal(_ lower: String) -> Bool {
        if TextNormalizer.isCommon(lower) { return totalWords.contains { lower.utf8.starts(with: $0.utf8) } }
        return totalWords.contains { lower.hasPrefix($0) }
    }

    /// A table's rule (`---|---`, `===`): only `-=+|: _`. Bytes suffice: a non-ASCII byte belongs
    /// to a character that is none of them (even one that begins with one: "-" and a combining
    /// mark is another character).
    static func isRule(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: " "), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    func parseTextTable(_ lines: [TextLine]) -> [ParsedLine]? {
        var index = 0
        while index < lines.count {
            // A header names a quantity column: a line without a quantity label is none.
            guard Self.mayNameQuantity(lines[index].text) else { index += 1; continue }
            var cells = Self.mayHoldCells(lines[index].text) ? Self.splitCells(lines[index].text) : []
            var header = cells.count >= 2 ? Self.columns(forHeader: cells) : nil
            // Words separated by single spaces make a header only when at least half of them
            // are labels (at most five columns: ten words) and none holds a number: "Product: A3
            // paper, Qty: 7 boxes" is an item line with labels, not a header. Both are looked at
            // before the words are: most lines fail them, and reading every word as a label was
            // a twentieth of extraction.
            if header == nil, !lines[index].text.containsNumber, Self.wordCount(lines[index].text) <= 10 {
                cells = lines[index].text.split(separator: " ").map(String.init)
                header = cells.count >= 2 ? Self.columns(forHeader: cells) : nil
                if let found = header, found.map.count * 2 < cells.count || cells.contains(where: \.containsNumber) {
                    header = nil
                }
            }
            guard let (map, currency) = header else { index += 1; continue }
            var rows: [[String]] = []
            var locations: [String] = []
            var next = index + 1
            while next < lines.count {
                let text = lines[next].text.trimmedSpaces()
                if text.isEmpty { if rows.isEmpty { next += 1; continue } else { break } }
                if Self.isRule(text) { next += 1; continue }
                let lower = TextNormalizer.lowercased(text)
                if Self.startsTotal(lower) || Self.totalCells.contains(where: { lower.hasSubstring($0) }) { break }
                var rowCells = Self.splitCells(text)
                if rowCells.count < map.count {
                    rowCells = text.split(separator: " ").map(String.init)
                }
                guard rowCells.count >= 2, rowCells.contains(where: \.containsNumber) else { break }
                // Columns aligned with spaces: each cell goes to the column its start stands
                // under ("3   Sterilisation pouch 滅菌袋   5 box" under "No. Item 貨品 | Qty | Unit
                // price" has no price, not its count in the price column).
                // Only where the plain split leaves no count in the quantity column, or leaves
                // a cell blank ("固体胶21g  [no 规格]  120支  3.5": the price would shift into the
                // count), and the aligned one has a count with every cell in a column of its own
                // (spaces standing for full-width ones do not align).
                let quantityColumn = map.first(where: { $0.value == .quantity })?.key
                let plainCount = quantityColumn.flatMap { $0 < rowCells.count ? Self.splitQuantity(rowCells[$0]).0 : nil }
                if plainCount == nil || rowCells.count < cells.count, let quantityColumn,
                   let aligned = Self.alignedCells(row: lines[next].text, header: lines[index].text, columns: cells.count), aligned.count == cells.count,
                   aligned.filter({ !$0.isEmpty }).count >= 2, Self.splitQuantity(aligned[quantityColumn]).0 != nil,
                   plainCount == nil || aligned.filter({ !$0.isEmpty }).count == rowCells.count {
                    rows.append(aligned)
                    locations.append(lines[next].location)
                    next += 1
                    continue
                }
                if rowCells.count > cells.count, let productIndex = map.first(where: { $0.value == .product })?.key {
                    // Spaces inside the product name: merge the surplus cells into it.
                    let surplus = rowCells.count - cells.count
                    let merged = rowCells[productIndex...(productIndex + surplus)].joined(separator: " ")
                    rowCells.replaceSubrange(productIndex...(productIndex + surplus), with: [merged])
                }
                rows.append(rowCells)
                locations.append(lines[next].location)
                next += 1
            }
            let parsed = parseRows(rows, map: map, currency: currency, locations: locations, rule: "table under header \"\(lines[index].text.prefix(60))\"")
            if !parsed.isEmpty { return parsed }
            index = next
        }
        return nil
    }

    /// Turns table rows into lines; used for text tables, HTML tables and CSV files alike.
    func parseRows(_ rows: [[String]], map: [Int: Column], currency: String?, locations: [String], rule: String) -> [ParsedLine] {
        var result: [ParsedLine] = []
        for (rowIndex, row) in rows.enumerated() {
            func cell(_ column: Column) -> String? {
                guard let index = map.first(where: { $0.value == column })?.key, index < row.count else { return nil }
                let text = row[index].trimmedSpaces()
                return text.isEmpty ? nil : text
            }
            var description = cell(.product)
            // "2 Cat Canned Chicken 80g x24": a row number run into the name by a narrow column.
            if let written = description, let number = RegexCache.firstRange(#"^\d{1,3}\s+(?=\p{L})"#, in: written),
               Int(written[number].trimmedSpaces()).map({ $0 <= rows.count + 1 }) == true {
                description = String(written[number.upperBound...])
            }
            let skuText = cell(.sku)
            guard description != nil || skuText != nil else { continue }
            // A totals row ("合计,,,79", "Total | | 12,460") says so in its first cell, whichever column that is.
            let firstCell = row.first { !$0.trimmedSpaces().isEmpty }?.trimmedSpaces().lowercased() ?? ""
            if Self.startsTotal((description ?? "").lowercased()) || Self.startsTotal(firstCell) { continue }
            // A note or total row under the table ("備註, 請附出貨單"): a code-like cell with no
            // product name and no quantity is not an ordered line (a line of quantity 0 is none).
            if description == nil, cell(.quantity) == nil, skuText.flatMap(master.product(sku:)) == nil { continue }
            // "请随货附送货单…" in the product column with no count and no price: a note, not a line.
            if cell(.quantity) == nil, cell(.unitPrice) == nil, skuText.flatMap(master.product(sku:)) == nil,
               description.flatMap({ master.product(matching: $0) }) == nil { continue }
            var quantity = "0"
            var unit = cell(.unit)
            if let quantityText = cell(.quantity) {
                let (number, writtenUnit) = Self.splitQuantity(quantityText)
                // "藍色垃圾袋 | 0 | 包 | 本月不需要": a count of nothing orders nothing.
                if number == 0 { continue }
                quantity = number.map(DecimalText.format) ?? quantityText
                unit = unit ?? writtenUnit
            }
            var price: String?
            var currencyHint = currency
            if let priceText = cell(.unitPrice) {
                currencyHint = currencyHint ?? PaymentParser.currency(in: priceText)
                price = Self.firstNumber(priceText).map(DecimalText.format)
            }
            // The cells under a spec header ("LED面板灯" with "600x600 40W 4000K"); without one,
            // every cell no column claims. An ERP export's other cells (PO, buyer, address) are
            // noise to a product's name.
            let specColumns = map.filter { $0.value == .spec }.keys.sorted()
            let spec = (specColumns.isEmpty ? row.indices.filter { map[$0] == nil } : specColumns)
                .compactMap { $0 < row.count ? row[$0] : nil }.joined(separator: " ").trimmedSpaces()
            var product = skuText.flatMap(master.product(sku:))
            if product == nil, let description {
                // "马桶清洁剂 | 1加仑": the name with the row's spec cells may be a longer catalog
                // name (the gallon, not the litre the name alone is).
                // "扎带" with "300mm 100条/包": the name alone names none, with its spec one.
                if !spec.isEmpty, let specific = master.mentions(in: description + " " + spec).first?.product,
                   master.mentions(in: description).first?.product.sku != specific.sku {
                    product = specific
                }
                // The row's spec cells, else its other cells (a size, a colour), tell variants apart.
                let others = specColumns.isEmpty ? row.enumerated().filter { map[$0.offset] != .product }.map(\.element).joined(separator: " ") : spec
                if product == nil { product = master.product(matching: description, context: others) }
            }
            if product == nil, let skuText { product = master.product(matching: skuText) }
            var guess: FuzzyProductMatcher.Guess?
            if product == nil, let description {
                // The name alone, else the name with the row's spec cells ("一次性使用离心管" with
                // "15ml 尖底"): a guess, which the line's issue marks for review.
                // Words no product has ("六钉" beside 203mm, 電動車 before 鋰電池) are left out of
                // a last try.
                guess = master.guessProduct(description) ?? (spec.isEmpty ? nil : master.guessProduct(description + " " + spec)
                    ?? master.guessProduct(knownPartOf: description + " " + spec))
                product = guess?.product
            }
            let location = rowIndex < locations.count ? locations[rowIndex] : "row \(rowIndex + 1)"
            // A code in the SKU column that names no catalog product is the customer's own: it
            // stays in the description, and the line's SKU is unknown (null), as the contract says.
            let written = product == nil && skuText != nil && description != nil ? "\(skuText ?? "") \(description ?? "")" : (description ?? skuText)
            result.append(ParsedLine(
                line: OrderDocument.Line(sku: product?.sku, description: written, quantity: quantity,
                                         unit: Self.normalizeUnit(unit), unitPrice: price),
                product: product,
                origin: FieldOrigin(field: "lines", location: location, rule: guess == nil ? rule : rule + ", product guessed by similarity",
                                    excerpt: row.joined(separator: " | ")),
                currencyHint: currencyHint, guessScore: guess?.score, guessCoversEveryWord: guess?.coversEveryWord ?? false))
        }
        return result
    }

    /// `10箱` → (10, 箱); `2.5 kg` → (2.5, kg); `二十` → (20, nil).
    static func splitQuantity(_ text: String) -> (Decimal?, String?) {
        let normalized = TextNormalizer.normalize(text).trimmedSpaces()
        var digits = ""
        var rest = Substring(normalized)
        while let first = rest.first, first.isNumber || first == "." || first == "," || TextNormalizer.isChineseNumeral(first) {
            digits.append(first)
            rest = rest.dropFirst()
        }
        let unit = rest.trimmedSpaces()
        return (TextNormalizer.number(digits), unit.isEmpty ? nil : unit)
    }

    static func firstNumber(_ text: String) -> Decimal? {
        let normalized = TextNormalizer.normalize(text)
        // "2.980,00" (points grouping, a decimal comma) before "1,234.50" and plain numbers.
        guard let regex = RegexCache.regex(#"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"#),
              let match = regex.firstMatch(in: normalized, range: NSRange(normalized.startIndex..., in: normalized)),
              let range = Range(match.range, in: normalized) else { return nil }
        return TextNormalizer.number(String(normalized[range]))
    }

    static func normalizeUnit(_ unit: String?) -> String? {
        guard let unit = unit?.trimmedSpaces(), !unit.isEmpty else { return nil }
        let lower = unit.lowercased()
        return unitNames[lower] ?? (lower.unicodeScalars.allSatisfy(\.isASCII) ? lower : unit)
    }

    /// The contract's name for each way a unit is written (made once: a dictionary built per
    /// call was most of the cost of reading an item).
    private static let unitNames = ["pieces": "pcs", "piece": "pcs", "pc": "pcs", "boxes": "box", "packs": "pack", "packets": "pack", "packet": "pack",
                                    "bags": "bag", "cans": "can", "cases": "case", "jars": "jar", "tins": "tin", "tubes": "tube", "pairs": "pair", "bundles": "bundle",
                                    "pallets": "pallet", "drums": "drum", "reels": "reel", "spools": "spool", "ea": "pcs",
                                    "reams": "ream", "rolls": "roll", "sets": "set", "cartons": "carton", "ctns": "carton", "ctn": "carton", "units": "unit",
                                    "bottles": "bottle", "dozens": "dozen", "doz": "dozen", "kgs": "kg", "blocks": "block", "trays": "tray", "tubs": "tub",
                                    "pails": "pail", "buckets": "bucket", "sacks": "sack", "racks": "rack", "sleeves": "sleeve", "loaves": "loaf",
                                    "cartridges": "cartridge", "kits": "kit", "jugs": "jug", "catties": "catty", "lbs": "lb", "taels": "tael", "cakes": "cake", "bunches": "bunch", "heads": "head", "punnets": "punnet",
                                    "metres": "m", "metre": "m", "meters": "m", "meter": "m", "米": "m", "公尺": "m", "yards": "yd", "yard": "yd", "yds": "yd",
                                    "碼": "yd", "码": "yd"]

    // MARK: - Labelled item blocks

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
                                         quantity: item.quantity ?? "0", unit: Self.normalizeUnit(item.unit), unitPrice: item.price),
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
                    let (number, unit) = Self.splitQuantity(value)
                    current?.quantity = number.map(DecimalText.format) ?? value
                    if current?.unit == nil { current?.unit = unit }
                case .unit:
                    current?.unit = value
                case .unitPrice:
                    guard current != nil else { continue }
                    current?.price = Self.firstNumber(value).map(DecimalText.format)
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
        return (name, String(value[countRange]), Range(match.range(at: 2), in: value).flatMap { normalizeUnit(String(value[$0])) })
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
            .flatMap { $0.pieces(separatedBy: "  ") }.flatMap { $0.pieces(separatedBy: " / ") }
        var segments: [(FieldLabels.Field, String)] = []
        for piece in pieces {
            if let split = FieldLabels.split(piece), itemFields.contains(split.field) { segments.append((split.field, split.value)) }
        }
        return segments.count >= 2 ? segments : []
    }

    // MARK: - Item lines and prose

    /// `checkingNumbers: false` reads every line in full (the reference the tests compare with).
    func parseItemLines(_ lines: [TextLine], checkingNumbers: Bool = true) -> [ParsedLine] {
        var result: [ParsedLine] = []
        for original in lines {
            // Every item needs a count, and a line that cannot hold a number (greetings,
            // addresses, signatures: most of a message) has none in any of its clauses; only a
            // quantity shared after 各 is read another way (`splitQuantity`), so such lines go on.
            let counted = !checkingNumbers || Self.mayHoldNumber(original.text)
            if !counted && !original.text.hasSubstring("各") { continue }
            // A labelled line is a field, unless what follows the label names products
            // ("Order: PAP-A4-80 (10), ENV-DL-100 (4)").
            if let labelled = FieldLabels.split(original.text), labelled.field != .product, master.mentions(in: labelled.value).isEmpty { continue }
            // "| A4影印紙 | 15 | 箱 |": a table row without a header reads as the words in its cells.
            var line = original
            // A byte test first: Foundation's contains searches through NSString, and most lines have no bar.
            if line.text.utf8.contains(UInt8(ascii: "|")), line.text.contains("|") { line.text = line.text.replacingOccurrences(of: "|", with: "  ") }
            line.text = Self.pricePerOne(line.text)
            // "(2) 羅技 MK295 …，數量 6 組": the list's number is no count of the first clause.
            let clausesSplit = ListMarker.strip(line.text).text.components(separatedBy: Self.clauseSeparators)
                // "… air pillow film. We'll skip the triple-wall cartons": a sentence ends at ". ".
                .flatMap { $0.pieces(separatedBy: ". ") }
                .flatMap(Self.splitOnCommas)
                .flatMap { $0.pieces(separatedBy: " and ") }
                // "10x 12spd chains (126L) + 4x 10-51T cassettes": a plus between items.
                .flatMap { $0.pieces(separatedBy: " + ") }
                .flatMap { $0.pieces(separatedBy: "、") }
                .flatMap(splitOnChineseAnd)
            let clauses = joiningQuantityClauses(joiningSharedQuantity(distributingEachOf(clausesSplit))).map(Self.sizeWordAfterUnit)
            var found: [ParsedLine] = []
            var previousClauseGaveItem = false
            // Clauses that gave no item, and where their item would stand.
            var unread: [(position: Int, clause: String)] = []
            for clause in clauses {
                // "We'll skip the triple-wall cartons", "先不要封箱膠帶": what is declined is no item.
                if Self.declines(clause) { continue }
                let itemsBefore = found.count
                defer { if found.count == itemsBefore { unread.append((itemsBefore, clause)) } }
                // "three packs of cable ties -- actually, make that five packs", "2.5箱？不对，3箱":
                // a correction with a count and no product replaces the count before it.
                // Only the item of the clause right before: a correction after a clause no rule
                // read corrects nothing that was read.
                let countBeforeClause = found.count
                let correctable = previousClauseGaveItem
                defer { previousClauseGaveItem = found.count > countBeforeClause }
                if let last = found.indices.last, correctable, Self.corrects(clause), master.mentions(in: clause).isEmpty,
                   let (quantity, unit) = Self.quantity(in: clause) ?? Self.quantity(in: Self.withoutCorrectionWords(clause)) {
                    found[last].line.quantity = DecimalText.format(quantity)
                    if let unit, let normalized = Self.normalizeUnit(unit) { found[last].line.unit = normalized }
                    continue
                }
                // "Half a dozen base coats and the same number of no-wipe top coats".
                if let last = found.last ?? result.last, Self.meansSameCount(clause), Self.quantity(in: clause) == nil,
                   let product = master.mentions(in: clause).first?.product {
                    found.append(ParsedLine(line: OrderDocument.Line(sku: product.sku, description: clause.trimming(Self.descriptionEdges), quantity: last.line.quantity,
                                                                     unit: last.line.unit, unitPrice: nil),
                                            product: product,
                                            origin: FieldOrigin(field: "lines", location: line.location, rule: "the same count as the item before", excerpt: line.text)))
                    continue
                }
                if let shared = sharedQuantityItems(clause, location: line.location, fullLine: line.text) {
                    found.append(contentsOf: shared)
                } else if counted, let last = found.last ?? result.last.flatMap({ Self.isLineRightAbove($0.origin.location, original.location) ? $0 : nil }),
                          let item = sizeOfPrevious(clause, previous: last, location: line.location, fullLine: line.text)
                            ?? variantOfPrevious(clause, previous: last, location: line.location, fullLine: line.text) {
                    found.append(item)
                } else if counted, let item = parseItem(clause, location: line.location, fullLine: line.text, requireProduct: true) {
                    found.append(item)
                } else if let last = found.indices.last, case (let price?, let currency) = Self.price(in: clause) {
                    // "订购B5笔记本200本，单价45元/本": a clause with only a price prices the item before
                    // it; "虾饺、烧卖各十包，虾饺￥110/包，烧卖￥95/包": one that names an item of
                    // the line prices that one.
                    let named = master.mentions(in: clause).first.flatMap { mention in found.lastIndex { $0.line.sku == mention.product.sku } }
                    // "RM 8.50 per metre for the voile": the words after "for" name the item,
                    // on this line or the one before (prose wraps).
                    if named == nil, let phrase = Self.pricedPhrases(in: clause).first?.phrase, let index = Self.referredItem(phrase, in: result + found) {
                        if index < result.count { result[index].takePrice(price, currency: currency) } else { found[index - result.count].takePrice(price, currency: currency) }
                        continue
                    }
                    found[named ?? last].takePrice(price, currency: currency)
                }
            }
            if found.isEmpty, counted, let item = parseItem(line.text, location: line.location, fullLine: line.text, requireProduct: false) {
                found.append(item)
            } else if !found.isEmpty, counted {
                // "聽日送保鮮紙30cm兩卷、錫紙30cm兩卷、中碼手套三盒": in a line that gave items, a
                // counted clause whose name is no alias is an item too, by similarity (a guess,
                // which the line's issue marks) — in its place.
                for entry in unread.reversed() where !Self.corrects(entry.clause) && Self.quantity(in: entry.clause) != nil {
                    if let item = parseItem(entry.clause, location: line.location, fullLine: line.text, requireProduct: false) {
                        found.insert(item, at: min(entry.position, found.count))
                    }
                }
            }
            result.append(contentsOf: found)
        }
        return withUnknownListItems(result, lines: lines)
    }

    /// "不鏽鋼亮光劑 *3瓶" between lines that gave items: a line of the same list with a counted
    /// quantity ("x 3", "*3瓶", "3 bottles") and a name no catalog product has is an item of an
    /// unknown product (no SKU: the unknown_sku issue sends it to a person), not a line to drop.
    func withUnknownListItems(_ items: [ParsedLine], lines: [TextLine]) -> [ParsedLine] {
        let itemLocations = Set(items.map(\.origin.location))
        guard !itemLocations.isEmpty else { return items }
        var added: [(index: Int, item: ParsedLine)] = []
        for (index, line) in lines.enumerated() where !itemLocations.contains(line.location) {
            let neighbours = [index - 1, index + 1].filter { lines.indices.contains($0) }.filter { itemLocations.contains(lines[$0].location) }
            guard !neighbours.isEmpty, Self.mayHoldNumber(line.text), FieldLabels.split(line.text) == nil, !Self.declines(line.text) else { continue }
            let text = ListMarker.strip(line.text).text.trimmedSpaces()
            guard !Self.startsTotal(text.lowercased()), Self.price(in: text).0 == nil else { continue }
            let reader = QuantityReader(text)
            guard let match = [QuantityPattern.times, .unit].lazy.compactMap({ reader.firstMatch($0) }).first,
                  let quantity = TextNormalizer.number(String(text[match.number])), quantity > 0 else { continue }
            let name = String(text[..<match.range.lowerBound]).trimming(Self.descriptionEdges)
            // A name: some letters or Han characters before the count, and no sentence.
            // After the count at most a remark in brackets: "Last time 3 boxes arrived late." is a sentence.
            let rest = String(text[match.range.upperBound...]).replacingOccurrences(of: #"[(（][^()（）]*[)）]"#, with: "", options: .regularExpression)
            guard name.count >= 2, name.count <= 40, name.contains(where: { $0.isLetter }), !name.contains(where: { "。，,.!?！？".contains($0) }),
                  !rest.contains(where: { $0.isLetter }), !"。.!?！？".contains(text.last ?? " ") else { continue }
            let unit = match.unit.map { String(text[$0]) }
            added.append((index, ParsedLine(line: OrderDocument.Line(sku: nil, description: name, quantity: DecimalText.format(quantity), unit: Self.normalizeUnit(unit), unitPrice: nil),
                                            product: nil,
                                            origin: FieldOrigin(field: "lines", location: line.location, rule: "unknown product in a list of items", excerpt: line.text))))
        }
        guard !added.isEmpty else { return items }
        // In the text's order.
        let order = Dictionary(lines.enumerated().map { ($0.element.location, $0.offset) }, uniquingKeysWith: { first, _ in first })
        return (items.map { (order[$0.origin.location] ?? 0, $0) } + added.map { ($0.index, $0.item) })
            .enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }

    /// "一箱（24瓶）", "2 cartons (48 bottles in all)", "兩箱（每箱24瓶）": the count in the catalog's
    /// unit that a bracket gives for a count in another unit. A bracket after one carton, or one
    /// that says "in all"/共, is the count; one that says each/每 is per carton.
    static func bracketCount(in clause: String, quantity: Decimal, unit: String?, catalogUnit: String?) -> Decimal? {
        guard let catalogUnit, !sameUnit(unit, catalogUnit),
              let range = RegexCache.firstRange(#"[(（][^()（）]{0,12}?(\d{1,5}|[一二兩两三四五六七八九十百]+)\s*([^\d\s()（）]{1,8})[^()（）]{0,8}[)）]"#, in: clause) else { return nil }
        let bracket = String(clause[range])
        guard let match = RegexCache.regex(#"(\d{1,5}|[一二兩两三四五六七八九十百]+)\s*([^\d\s()（）]{1,8})"#)?.firstMatch(in: bracket, range: NSRange(bracket.startIndex..., in: bracket)),
              let numberRange = Range(match.range(at: 1), in: bracket), let unitRange = Range(match.range(at: 2), in: bracket),
              let inner = TextNormalizer.number(String(bracket[numberRange])), inner > 0, sameUnit(String(bracket[unitRange]), catalogUnit) else { return nil }
        let lower = bracket.lowercased()
        if ["每", "each", "per"].contains(where: { lower.hasSubstring($0) }) { return quantity * inner }
        if quantity == 1 || ["共", "total", "in all"].contains(where: { lower.hasSubstring($0) }) { return inner }
        return nil
    }

    /// Whether two written units are the same unit (瓶 and bottle, 盒 and box, pcs and 個).
    static func sameUnit(_ a: String?, _ b: String?) -> Bool {
        guard let a = normalizeUnit(a).map(englishUnit), let b = normalizeUnit(b).map(englishUnit) else { return false }
        return a == b || (a.hasPrefix(b) && a.count - b.count <= 2)
    }

    private static func englishUnit(_ unit: String) -> String {
        chineseUnits[unit] ?? unit.lowercased()
    }

    /// Chinese counting units and the catalog unit each most often is.
    static let chineseUnits = ["瓶": "bottle", "盒": "box", "箱": "case", "包": "pack", "袋": "bag", "罐": "can", "桶": "drum", "卷": "roll", "捲": "roll",
                               "支": "pcs", "枝": "pcs", "個": "pcs", "个": "pcs", "件": "pcs", "隻": "pcs", "只": "pcs", "條": "pcs", "条": "pcs", "把": "pcs",
                               "台": "pcs", "雙": "pair", "双": "pair", "打": "dozen", "片": "sheet", "塊": "block", "块": "block", "令": "ream", "套": "set", "組": "set", "组": "set"]

    /// A size written as a measure: "30cm", "38 mm", "500ml", "1L", "5kg", "8吋", "6寸".
    static let measurePattern = #"(?i)(?<![\w.])\d+(?:\.\d+)?\s*(?:cm|mm|ml|l|kg|g|oz|inch|in|吋|寸|公分|毫米|毫升|公升|升|克|公斤)(?![a-z])"#

    /// Whether `above` is the line right before `location` in the same text ("body line 3", "body line 4").
    static func isLineRightAbove(_ above: String, _ location: String) -> Bool {
        guard let upper = FigureAudit.position(above), let lower = FigureAudit.position(location) else { return false }
        return upper.0 == lower.0 && upper.1 + 1 == lower.1
    }

    /// "a dozen boxes of nitrile gloves in medium and half a dozen boxes in small": a clause with
    /// a count and a size and no other word of a product is the item before it in that size.
    func sizeOfPrevious(_ clause: String, previous: ParsedLine, location: String, fullLine: String) -> ParsedLine? {
        guard let product = previous.product, master.mentions(in: clause).isEmpty,
              let (quantity, unit) = Self.quantity(in: clause) else { return nil }
        // "a dozen of the 30cm ones": a measure in place of a size.
        let measure = RegexCache.firstRange(Self.measurePattern, in: clause).map { String(clause[$0]) }
        var rest = SizeVariants.removingSize(from: clause)
        if let measure { rest = rest.replacingOccurrences(of: measure, with: " ") }
        guard RegexCache.firstRange(#"(?i)^[\s\W]*(?:(?:and|plus|also|then|another|of|the|same|ones?|those|these|in|size|boxes|box|packs?|cases?|pcs|pieces?|cartons?|bottles?|bags?|pairs?|rolls?|"# + Self.numberWordPattern + #"|\d+|[个個件盒箱包雙双])[\s\W]*)*$"#, in: rest) != nil else { return nil }
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
        ParsedLine(line: OrderDocument.Line(sku: product.sku, description: clause.trimming(descriptionEdges), quantity: DecimalText.format(quantity),
                                            unit: normalizeUnit(unit), unitPrice: nil),
                   product: product, origin: origin)
    }

    /// "安全帽 M白10頂、L黑6頂、S白4頂": a counted clause that names no product but, after the
    /// previous item's family word (the first word of one of its names: 安全帽), names a sibling
    /// of it in another size or colour. Only when every such word leads to the same product.
    func variantOfPrevious(_ clause: String, previous: ParsedLine, location: String, fullLine: String) -> ParsedLine? {
        // In the same line, and a clause of a variant's few words ("L黑6頂", "XL black x 4").
        guard previous.origin.location == location, let product = previous.product, master.mentions(in: clause).isEmpty,
              let (quantity, unit) = Self.quantity(in: clause),
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

    /// "A4复印纸，数量：30箱": a clause naming a product without a count, followed by one that is
    /// only a count, are one item.
    func joiningQuantityClauses(_ clauses: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < clauses.count {
            let clause = clauses[index]
            // ("Please also add 6 yellow hard hats": a bare count of its own keeps the clause apart.)
            if index + 1 < clauses.count, Self.quantity(in: clause) == nil, !master.mentions(in: clause).isEmpty,
               RegexCache.firstRange(#"(?<![\w.,/(-])\d{1,5}(?![\w.,/)-])"#, in: clause.replacingOccurrences(of: #"[(（][^()（）]*[)）]"#, with: " ", options: .regularExpression)) == nil,
               Self.quantity(in: clauses[index + 1]) != nil, master.mentions(in: clauses[index + 1]).isEmpty,
               Self.isOnlyACount(clauses[index + 1]) {
                result.append(clause + " " + clauses[index + 1])
                index += 2
                continue
            }
            result.append(clause)
            index += 1
        }
        return result
    }

    /// "底膠、免洗封層 各五瓶" (its 、 a comma once normalised): the products before a shared
    /// count after 各, split apart as clauses, are one clause again.
    func joiningSharedQuantity(_ clauses: [String]) -> [String] {
        guard clauses.contains(where: { !$0.isASCII && $0.hasSubstring("各") }) else { return clauses }
        var result: [String] = []
        for clause in clauses {
            if !clause.isASCII, clause.hasSubstring("各"), let last = result.last,
               Self.quantity(in: last) == nil, !master.mentions(in: last).isEmpty {
                var joined = clause
                while let previous = result.last, Self.quantity(in: previous) == nil, !master.mentions(in: previous).isEmpty {
                    joined = previous + "、" + joined
                    result.removeLast()
                }
                result.append(joined)
            } else {
                result.append(clause)
            }
        }
        return result
    }

    /// "2 jumbo bag sand", "3 large boxes of gloves": a size word between the count and its unit
    /// goes after the unit ("2 bag jumbo sand"), where it describes the product and the count
    /// keeps its unit.
    static func sizeWordAfterUnit(_ clause: String) -> String {
        guard clause.isASCII, clause.contains(where: \.isNumber),
              let regex = Self.sizeWordBeforeUnit, regex.firstMatch(in: clause, range: NSRange(clause.startIndex..., in: clause)) != nil else { return clause }
        return regex.stringByReplacingMatches(in: clause, range: NSRange(clause.startIndex..., in: clause), withTemplate: "$1 $3 $2")
    }
    private static let sizeWordBeforeUnit = regex(#"(?<![\w.])(\d{1,5})\s+(jumbo|big|large|small|mini|giant|extra large|extra-large)\s+("# + unitPattern + #")(?![A-Za-z])"#)

    /// "a dozen bags each of har gow and siu mai" (split at "and"): the count before "each of"
    /// is every named product's, as 各 is in Chinese. The products after it that have no count of
    /// their own get it.
    func distributingEachOf(_ clauses: [String]) -> [String] {
        guard clauses.contains(where: { $0.isASCII && $0.range(of: "each of ", options: .caseInsensitive) != nil }) else { return clauses }
        var result: [String] = []
        var index = 0
        while index < clauses.count {
            let clause = clauses[index]
            index += 1
            guard let each = clause.range(of: "each of ", options: .caseInsensitive) else { result.append(clause); continue }
            let count = String(clause[..<each.lowerBound])
            guard Self.quantity(in: count) != nil else { result.append(clause); continue }
            result.append(count + String(clause[each.upperBound...]))
            while index < clauses.count, Self.quantity(in: clauses[index]) == nil, !master.mentions(in: clauses[index]).isEmpty {
                result.append(count + clauses[index].trimmedSpaces())
                index += 1
            }
        }
        return result
    }

    /// "数量：30箱", "x 5", "qty 12 boxes": a clause that is a count and nothing else ("Also
    /// three boxes of the medium nitrile gloves" names something else and is no count of the
    /// clause before it).
    static func isOnlyACount(_ clause: String) -> Bool {
        let rest = clause.replacingOccurrences(of: #"(?i)\b(?:qty|quantity|please|pls|thanks)\b|數量|数量|共|各|要|[0-9０-９.,]+|"# + unitPattern + "|" + numberWordPattern,
                                               with: " ", options: .regularExpression)
        return rest.filter { $0.isLetter }.count <= 3
    }

    /// "藍色中性筆5盒和釘書機2台": split where 和 / 及 / 与 / 與 joins two clauses that each name a
    /// product with a quantity; a name that contains 和 stays whole, and "X和Y各5个" (one shared
    /// quantity) is left to `sharedQuantityItems`.
    func splitOnChineseAnd(_ clause: String) -> [String] {
        guard !clause.isASCII, !clause.contains("各") else { return [clause] }
        // The bytes are looked at first (Foundation's contains searches through NSString); common
        // CJK text has no other spelling of a conjunction.
        let common = TextNormalizer.isCommon(clause)
        for conjunction in ["以及", "和", "及", "与", "與"] where (!common || clause.hasSubstring(conjunction)) && clause.contains(conjunction) {
            let parts = clause.pieces(separatedBy: conjunction)
            let each = parts.map { part in (master.mentions(in: part).first != nil, Self.quantity(in: part) != nil) }
            if parts.count >= 2, each.allSatisfy({ $0.0 && $0.1 }) { return parts }
        }
        return [clause]
    }

    /// "蓝色中性笔和订书机各5个": several products sharing one quantity, written once after 各 (each).
    func sharedQuantityItems(_ clause: String, location: String, fullLine: String) -> [ParsedLine]? {
        // An ASCII clause has no 各: a byte scan spares breaking it into characters.
        guard !clause.isASCII, let each = clause.firstIndex(of: "各") else { return nil }
        let after = String(clause[clause.index(after: each)...])
        let bare = Self.splitQuantity(after)
        guard let (quantity, unit) = Self.quantity(in: after) ?? bare.0.map({ ($0, bare.1) }) else { return nil }
        let head = String(clause[..<each])
        // In the order written.
        let products = master.allMentions(in: head).map { product in
            (product, ([product.sku, product.name] + product.aliases).compactMap { head.caseInsensitiveRange(of: $0)?.lowerBound }.min() ?? head.endIndex)
        }.sorted { $0.1 < $1.1 }.map(\.0)
        guard products.count >= 2 else { return nil }
        let (price, currency) = Self.price(in: after)
        return products.map { product in
            ParsedLine(line: OrderDocument.Line(sku: product.sku, description: product.aliases.first { clause.localizedCaseInsensitiveContains($0) } ?? product.name,
                                                quantity: DecimalText.format(quantity), unit: Self.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
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
        if let product = mention?.product {
            // Every way the product is written that appears, joined where they overlap or touch:
            // "6 hp 26a toners" holds both "HP 26A" and "26A toner", and the count stands before both.
            var span: Range<String.Index>?
            for name in ([product.sku, product.name] + product.aliases).sorted(by: { $0.count > $1.count }) {
                guard let range = remainder.caseInsensitiveRange(of: name) else { continue }
                if let current = span {
                    if range.lowerBound <= current.upperBound && current.lowerBound <= range.upperBound {
                        span = min(range.lowerBound, current.lowerBound)..<max(range.upperBound, current.upperBound)
                    }
                } else {
                    span = range
                }
            }
            if let span {
                written = String(remainder[span])
                // A mark where the name stood, so that "ENV-DL-100 (4)" keeps something before its "(4)".
                remainder.replaceSubrange(span, with: " ¤ ")
            }
        }
        // "3 staplers", "2 HP 26A toner cartridges": a bare number right before the product's
        // name is its quantity (the unit is then the catalog's).
        guard let (readQuantity, readUnit) = Self.quantity(in: remainder) ?? written.flatMap({ Self.quantity(before: $0, in: clause) })
                ?? mention.flatMap({ Self.quantity(inCatalogUnitOf: $0.product, in: remainder) }) else { return nil }
        var (quantity, unit) = (readQuantity, readUnit)
        // "乾洗手凝膠 500ml 一箱（24瓶）": the count in the catalog's unit, written in brackets.
        if let product = mention?.product, let inner = Self.bracketCount(in: clause, quantity: quantity, unit: unit, catalogUnit: product.unit) {
            (quantity, unit) = (inner, product.unit)
        }
        var (price, currency) = Self.price(in: remainder)
        // "18V充電電鑽　2台　NT$3,650": one amount with its currency after the count is the unit
        // price when it is near the list price (a line total near count × list price is not).
        if price == nil, let product = mention?.product, let list = product.unitPrice, list > 0,
           let match = RegexCache.firstRange(#"(?i)(?:NT\$|US\$|HK\$|RMB|¥|\$|€)\s*\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*(?:元|塊|块)"#, in: remainder) {
            let written = String(remainder[match])
            let amounts = RegexCache.regex(#"(?:NT\$|US\$|HK\$|RMB|¥|\$|€)\s*\d"#).map { $0.numberOfMatches(in: remainder, range: NSRange(remainder.startIndex..., in: remainder)) } ?? 0
            if amounts <= 1, let amount = Self.firstNumber(written), amount >= list / 2, amount <= list * 3 / 2 {
                price = amount
                currency = currency ?? PaymentParser.currency(in: written.lowercased())
            }
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
        let product = mention?.product ?? master.product(matching: description.trimming(Self.descriptionEdges), context: fullLine)
        return ParsedLine(
            line: OrderDocument.Line(sku: product?.sku, description: description.trimming(Self.descriptionEdges),
                                     quantity: DecimalText.format(quantity), unit: Self.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
            product: product,
            origin: FieldOrigin(field: "lines", location: location, rule: mention == nil ? "numbered item line" : "product named with a quantity", excerpt: fullLine),
            currencyHint: currency)
    }

    /// "A4標籤 3包", "20 packs of L-shaped folders": a clause with a counted quantity whose
    /// remaining words are close to one catalog product. Only counted quantities (a number with a
    /// unit, `x 3`, `Qty 3`) qualify, so that "see you in 3 days" is never an item.
    func guessItem(_ clause: String, location: String, fullLine: String) -> ParsedLine? {
        guard Self.mayHoldNumber(clause) else { return nil }
        let reader = QuantityReader(clause)
        for pattern in reader.patterns(extended: false) {
            guard var match = reader.firstMatch(pattern) else { continue }
            // "片狀奶油 2公斤　二十片": a weight right after the name is the pack's size when a
            // count in another unit follows it (as `quantity(in:)` reads it).
            if pattern == .unit, let unit = match.unit.map({ String(clause[$0]).lowercased() }), Self.measureUnits.contains(unit),
               let later = reader.matches(.unit).first(where: { later in
                   later.range.lowerBound >= match.range.upperBound && !Self.measureUnits.contains(later.unit.map { String(clause[$0]).lowercased() } ?? "")
               }) {
                match = later
            }
            guard let quantity = TextNormalizer.number(String(clause[match.number])), quantity > 0 else { continue }
            let matchRange = match.range
            let unit = match.unit.map { String(clause[$0]) }
            let (price, currency) = Self.price(in: clause)
            // The product is written after the count ("20 packs of L-shaped folders") or, when
            // nothing follows it, before ("A4標籤 3包"); prices and request words are not part of it.
            // The item ends where its sentence does ("… folders. Delivery date: 05/06/2027").
            var after = String(clause[matchRange.upperBound...])
            if let end = RegexCache.firstRange(#"[.。!！?？:：;；](?:\s|$)"#, in: after) { after = String(after[..<end.lowerBound]) }
            if let cut = RegexCache.firstRange(#"(?:@|unit price|單價|单价|price|each at|\bat\s+\d|\#(Self.currencyPattern)).*$"#, in: after, options: .caseInsensitive) {
                after.removeSubrange(cut)
            }
            after = after.trimming(Self.descriptionEdges)
            if let of = RegexCache.firstRange(#"^(?:of|of the)\s+"#, in: after, options: .caseInsensitive) { after.removeSubrange(of) }
            var before = ListMarker.strip(String(clause[..<matchRange.lowerBound])).text
            if let start = before.range(of: #"[.。!！?？;；]\s"#, options: [.regularExpression, .backwards]) { before = String(before[start.upperBound...]) }
            if let request = RegexCache.firstRange(#"^(?:(?:please|pls|kindly|could you|can you|we|i)\s+)*(?:(?:send|ship|supply|order|deliver|need|want|would like)\s+)?(?:us\s+|me\s+)?"#, in: before, options: .caseInsensitive) {
                before.removeSubrange(request)
            }
            before = before.trimming(Self.descriptionEdges)
            var description = FuzzyProductMatcher.features(of: after).isEmpty ? before : after
            guard !description.isEmpty else { return nil }
            // "29x2.25 tyres: 40 pcs as quoted", "29\" tubes: make it 60 pcs instead of 30": words
            // after the count that name nothing are a remark; the name is before it.
            if description == after, RegexCache.firstRange(#"(?i)^(?:as\b|instead\b|same\b|like\b|please\b|pls\b|thanks?\b|only\b|for now\b|this time\b)"#, in: after) != nil {
                let named = before.replacingOccurrences(of: #"(?i)[:：]?\s*(?:make (?:it|that)|change (?:it )?to|should be|now)$"#, with: "", options: .regularExpression)
                    .trimming(Self.descriptionEdges)
                if !named.isEmpty, master.product(matching: named, context: fullLine) != nil || master.guessProduct(named) != nil { description = named }
            }
            if let product = master.product(matching: description, context: fullLine) {
                return ParsedLine(
                    line: OrderDocument.Line(sku: product.sku, description: description, quantity: DecimalText.format(quantity),
                                             unit: Self.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
                    product: product,
                    origin: FieldOrigin(field: "lines", location: location, rule: "product named with a quantity", excerpt: fullLine),
                    currencyHint: currency)
            }
            guard let guess = master.guessProduct(description) else { return nil }
            return ParsedLine(
                line: OrderDocument.Line(sku: guess.product.sku, description: description, quantity: DecimalText.format(quantity),
                                         unit: Self.normalizeUnit(unit), unitPrice: price.map(DecimalText.format)),
                product: guess.product,
                origin: FieldOrigin(field: "lines", location: location, rule: "product guessed by similarity with a quantity", excerpt: fullLine),
                currencyHint: currency, guessScore: guess.score, guessCoversEveryWord: guess.coversEveryWord)
        }
        return nil
    }

    private static let trailingNumber = regex(#"(?<![A-Za-z0-9.\-/#])(\d{1,4}|[零〇一二兩两三四五六七八九十百千]+|(?<![A-Za-z])(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|half a dozen|a dozen|dozen|a hundred|hundred))\s*(?:[x×*]\s*)?$"#)

    /// A number ending the text before `name` in `clause`: the quantity of prose such as
    /// "please send 3 staplers".
    static func quantity(before name: String, in clause: String) -> (Decimal, String?)? {
        guard let nameRange = clause.caseInsensitiveRange(of: name), let regex = trailingNumber else { return nil }
        let before = String(clause[..<nameRange.lowerBound])
        guard let match = regex.firstMatch(in: before, range: NSRange(before.startIndex..., in: before)),
              let numberRange = Range(match.range(at: 1), in: before),
              let value = TextNormalizer.number(String(before[numberRange])), value > 0 else { return nil }
        return (value, nil)
    }

    static func price(in text: String, usingClues: Bool = true) -> (Decimal?, String?) {
        let range = NSRange(text.startIndex..., in: text)
        // What each pattern needs, looked for in the bytes of common text (where only ASCII
        // letters have case and digits are ASCII): every item line was converted for ICU and
        // tried against five patterns, and most hold no price. `usingClues: false` tries all.
        let clues = usingClues && TextNormalizer.isCommon(text) ? PriceClues(text) : nil
        func may(_ need: (PriceClues) -> Bool) -> Bool { clues.map(need) ?? true }
        if let clues, !clues.digit { return (nil, nil) }
        let first: [(NSRegularExpression?, Bool)] = [(atPrice, may(\.atWord)), (currencyPrice, may({ $0.currency && $0.perWord }))]
        for regex in first.compactMap({ $0.1 ? $0.0 : nil }) {
            guard let match = regex.firstMatch(in: text, range: range),
                  let numberRange = Range(match.range(at: 2), in: text) else { continue }
            let currency = Range(match.range(at: 1), in: text).flatMap { PaymentParser.currency(in: String(text[$0])) }
            return (TextNormalizer.number(String(text[numberRange])), currency)
        }
        if may({ $0.at && $0.perWord }), let regex = atPerPrice, let match = regex.firstMatch(in: text, range: range),
           let numberRange = Range(match.range(at: 1), in: text) {
            let currency = Range(match.range(at: 2), in: text).flatMap { PaymentParser.currency(in: String(text[$0])) }
            return (TextNormalizer.number(String(text[numberRange])), currency)
        }
        let yuan: [(NSRegularExpression?, Bool)] = [(yuanPrice, may({ $0.yuan && $0.perWord })), (timesYuanPrice, may({ $0.yuan && $0.times }))]
        for regex in yuan.compactMap({ $0.1 ? $0.0 : nil }) {
            if let match = regex.firstMatch(in: text, range: range), let numberRange = Range(match.range(at: 1), in: text) {
                return (TextNormalizer.number(String(text[numberRange])), nil)
            }
        }
        return (nil, nil)
    }
}

extension LineItemParser {
    // Character sets are made once: building one goes through ICU and was a visible share of
    // extraction time when it happened per line.
    static let headerEdges = ScalarSet(":*#")
    /// The labels of an item's own fields (made once: a set per line was a visible cost).
    static let itemFields: Set<FieldLabels.Field> = [.product, .sku, .quantity, .unit, .unitPrice]
    static let itemSeparators = ScalarSet(";|")
    static let clauseSeparators = ScalarSet(";；，。!?")

    /// "12 sleeves", "3 盅": a count in the unit the catalog sells the product by, where the
    /// general unit list does not know it.
    static func quantity(inCatalogUnitOf product: Product, in text: String) -> (Decimal, String?)? {
        guard let unit = product.unit?.trimmedSpaces().lowercased(), !unit.isEmpty, unit.count <= 12 else { return nil }
        let escaped = NSRegularExpression.escapedPattern(for: unit)
        let pattern = unit.unicodeScalars.allSatisfy(\.isASCII)
            ? #"(?i)(?<![\w.,])(\d{1,6})\s*"# + escaped + #"(?:s|es)?\b"#
            : #"(\d{1,6}|[零〇一二兩两三四五六七八九十百千]+)\s*"# + escaped
        guard let match = RegexCache.regex(pattern)?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text), let value = TextNormalizer.number(String(text[range])), value > 0 else { return nil }
        return (value, unit)
    }

    /// A clause that corrects the count before it: "actually, make that five", "make it 6", 改成3箱, 不对，3箱.
    /// "the same number of …", "同樣數量的…": the count of the item before.
    static func meansSameCount(_ clause: String) -> Bool {
        let lower = TextNormalizer.lowercased(clause)
        return ["the same number of", "the same quantity of", "the same amount of", "same number of", "same quantity of", "同樣數量", "同样数量", "一樣多", "一样多", "同樣多", "同样多"]
            .contains { lower.hasSubstring($0) }
    }

    /// "make that four" → "four": the count a correction gives, without its words.
    static func withoutCorrectionWords(_ clause: String) -> String {
        clause.replacingOccurrences(of: #"(?i)^\s*(?:make that|make it|actually|correction|i mean)\s*[:,]?\s*"#, with: "", options: .regularExpression)
    }

    static func corrects(_ clause: String) -> Bool {
        let lower = TextNormalizer.lowercased(clause).trimmedSpaces()
        return ["make that", "make it", "actually", "correction", "i mean", "改成", "改為", "改为", "不對", "不对", "更正"].contains { lower.hasPrefix($0) }
    }

    /// A clause that declines an item: skip, hold off, no need, not this time, 不要, 先不, 暫不.
    static func declines(_ clause: String) -> Bool {
        let lower = TextNormalizer.lowercased(clause)
        return Self.declineWords.contains { lower.hasSubstring($0) }
    }

    static let declineWords = ["skip", "hold off", "no need", "don't need", "do not need", "not this time", "not needed", "we'll pass", "cancel the",
                               "will not take", "won't take", "not take the",
                               "不要了", "先不要", "先不用", "不用了", "暫不", "暂不", "這次不", "这次不", "先不訂", "先不订", "取消",
                               // Cantonese: "畫架今次唔要住", "唔使住", "唔需要".
                               "唔要", "唔使", "唔需要", "唔洗", "don't send", "do not send"]
    static let descriptionEdges = ScalarSet("-*•:,.", spaces: true)
}

extension LineItemParser {
    /// Cells of an aligned plain-text table: split where two or more spaces meet (what
    /// `components(separatedBy: "  ")` and a trim did, without Foundation's string search).
    static func splitOnDoubleSpaces(_ line: String) -> [Substring] {
        // In ASCII every byte is a character, and in the CJK text TextNormalizer knows no mark
        // can join a space: the bytes are searched (every line of a message is tried as a table
        // row, and breaking them into characters was a thirtieth of a sync).
        if line.isASCII || TextNormalizer.isCommon(line) {
            var cells: [Substring] = []
            let utf8 = line.utf8
            var start = utf8.startIndex
            var index = start
            while index < utf8.endIndex {
                let next = utf8.index(after: index)
                if utf8[index] == UInt8(ascii: " "), next < utf8.endIndex, utf8[next] == UInt8(ascii: " ") {
                    cells.append(line[start..<index])
                    var end = next
                    while end < utf8.endIndex, utf8[end] == UInt8(ascii: " ") { end = utf8.index(after: end) }
                    start = end
                    index = end
                } else {
                    index = next
                }
            }
            cells.append(line[start...])
            return cells
        }
        return splitOnDoubleSpaces(characters: line)
    }

    /// `splitOnDoubleSpaces` character by character, for text that is not ASCII.
    static func splitOnDoubleSpaces(characters line: String) -> [Substring] {
        var cells: [Substring] = []
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == " ", let next = line.index(index, offsetBy: 1, limitedBy: line.endIndex), next < line.endIndex, line[next] == " " {
                cells.append(line[start..<index])
                var end = next
                while end < line.endIndex, line[end] == " " { end = line.index(after: end) }
                start = end
                index = end
            } else {
                index = line.index(after: index)
            }
        }
        cells.append(line[start...])
        return cells
    }
}

extension LineItemParser {
    /// Clauses of a line split at commas, except a comma between two digits (`1,200`). Chinese
    /// enumerations (`，` `、`) arrive here as plain commas after normalisation, without a space.
    static func splitOnCommas(_ text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        var previous: Character?
        var iterator = text.makeIterator()
        var next = iterator.next()
        while let character = next {
            next = iterator.next()
            if character == ",", !(previous?.isNumber == true && next?.isNumber == true) {
                clauses.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        clauses.append(current)
        return clauses
    }
}
