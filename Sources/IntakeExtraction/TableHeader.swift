import Foundation

/// Reads a table's header row: which cell heads the product, SKU, quantity, unit, price and
/// spec columns. Apart from the rows, as a header is looked for on every line and in every
/// spreadsheet, and the document builder asks it alone whether a row is one.
enum TableHeader {
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
        // "品名：… 數量：4 單位：副" apart by wide spaces: labels with their values, one item of a
        // form, not the header of a table.
        if cells.count >= 2, cells.filter({ cell in cell.utf8.contains(UInt8(ascii: ":"))
            && FieldLabels.split(cell).map({ LabelledItemReader.itemFields.contains($0.field) && !$0.value.isEmpty }) == true }).count >= 2 {
            return nil
        }
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
        // 採購單位, 需求單位, 使用單位: the ordering department or office, not the unit counted.
        if has(["採購單位", "采购单位", "需求單位", "需求单位", "使用單位", "使用单位", "申請單位", "申请单位", "訂購單位", "订购单位", "請購單位", "请购单位", "單位名稱", "单位名称"]) { return nil }
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


    // Character sets are made once: building one goes through ICU and was a visible share of
    // extraction time when it happened per line.
    static let headerEdges = ScalarSet(":*#")
}
