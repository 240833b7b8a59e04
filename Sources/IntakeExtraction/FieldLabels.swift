import Foundation

/// The labels customers put before a value, in the three languages, per contract field.
///
/// Matching is on normalised text (NFKC, lower-cased), so full-width colons and case do not matter.
enum FieldLabels {
    enum Field: String, CaseIterable {
        case purchaseOrder, paymentMethod, paymentTerms, shipToAddress, shipToRecipient, shipToPhone
        case requestedDate, currency, company, contactName, email, orderReference
        case product, quantity, unitPrice, sku, unit, rating, comment
        /// When the order was placed (a file's own date).
        case orderDate
    }

    static let labels: [Field: [String]] = [
        .purchaseOrder: ["po", "po no", "po no.", "po number", "po #", "po#", "p.o.", "p.o. no", "p.o. number", "purchase order", "purchase order no",
                         "purchase order number", "your ref", "our ref", "order no", "order number", "訂單編號", "订单编号", "採購單號", "采购单号",
                         "訂購單號", "订购单号", "我方單號", "我方单号", "客戶單號", "客户单号", "採購單編號", "采购单编号", "訂單號", "订单号", "單號", "单号", "單據號碼", "单据号码", "單據編號", "单据编号",
                         // A shop's own receiving number, a school's procurement case.
                         "進貨單號", "进货单号", "進貨單", "进货单", "採購案號", "采购案号", "學校採購案號", "学校采购案号", "請購單號", "请购单号"],
        .paymentMethod: ["payment", "payment method", "pay by", "payment by", "付款方式", "支付方式", "付款", "結帳方式", "结账方式", "結算方式", "结算方式"],
        .paymentTerms: ["payment terms", "terms", "付款條件", "付款条件", "結帳條件", "账期", "帳期"],
        .shipToAddress: ["ship to", "ship-to", "shipping address", "delivery address", "deliver to", "delivery to", "address", "ship to address",
                         "收貨地址", "收货地址", "送貨地址", "送货地址", "地址", "交貨地點", "交货地点", "配送地址", "寄送地址", "收件地址", "送貨地點",
                         "收件", "收貨", "收件資料", "收件資訊", "收貨資料", "收貨資訊", "收货信息", "送貨資料", "配送資訊", "配送信息", "寄送資料",
                         "shipping", "delivery", "delivery details", "shipping details", "shipping info", "delivery info", "ship-to details",
                         // "寄：屏東縣潮州鎮光華路168號 王德勝 0938-…", "送货：深圳市…" (a date after them is skipped as no address).
                         "寄", "寄到", "寄至", "送到", "送至", "送往", "送貨", "送货",
                         // A shop's or site's own address: "店址：台中市南屯區…".
                         "店址", "店面地址", "門市地址", "门市地址", "工地地址", "工地", "餐廳地址", "餐厅地址"],
        .shipToRecipient: ["recipient", "attn", "attention", "contact", "contact person", "receiver", "consignee", "收貨人", "收货人", "收件人",
                           "聯絡人", "联系人", "聯繫人"],
        .shipToPhone: ["phone", "tel", "telephone", "mobile", "contact phone", "電話", "电话", "聯絡電話", "联系电话", "手機", "手机", "收貨電話", "收货电话",
                       "收件電話", "收件人電話", "收貨人電話", "收件手機", "收件人手機", "收貨人手機", "delivery phone", "recipient phone", "receiver phone"],
        .requestedDate: ["delivery date", "requested delivery", "requested delivery date", "required by", "need by", "needed by", "deliver by",
                         "required date", "date required", "交貨日期", "交货日期", "希望到貨日", "希望到货日", "到貨日期", "到货日期", "送貨日期",
                         "送货日期", "需求日期", "交期", "希望交期", "要求到貨日", "要求到货日"],
        .currency: ["currency", "幣別", "币别", "币种", "幣種", "貨幣", "货币"],
        .company: ["company", "customer", "buyer", "bill to", "organisation", "organization", "company name", "機構", "机构", "公司", "公司名稱", "公司名称", "客戶", "客户", "客戶名稱", "客户名称", "買方", "买方",
                   "機構名稱", "机构名称", "單位名稱", "单位名称", "學校名稱", "学校名称", "店名", "商號", "商号", "organisation name", "organization name", "school"],
        .contactName: ["name", "ordered by", "buyer name", "姓名", "訂購人", "订购人", "下單人", "下单人"],
        .email: ["email", "e-mail", "mail", "電子郵件", "电子邮件", "郵箱", "邮箱", "電郵", "电邮", "電郵地址", "电邮地址", "客戶電郵", "客户电邮", "聯絡電郵", "联络电邮"],
        .orderReference: ["order", "order ref", "our order", "sales order", "訂單", "订单"],
        .product: ["item", "product", "description", "product name", "item description", "goods", "品名", "產品名稱", "产品名称", "產品", "产品",
                   "商品", "商品名稱", "商品名称", "品項", "品项", "貨品", "货品", "名稱", "名称", "料品",
                   // 物料 (materials): how a mainland buyer's purchasing sheet heads its item column.
                   "物料", "物料名稱", "物料名称",
                   // A bookseller's: the title.
                   "書名", "书名", "title", "book title",
                   // An ERP's export in Portuguese (Macau, Brazil), Spanish, French, German or Malay.
                   "descrição", "descricao", "designação", "produto", "artigo", "descripción", "descripcion", "producto", "artículo",
                   "désignation", "designation", "produit", "bezeichnung", "artikel", "beschreibung", "nama barang", "barang"],
        .quantity: ["qty", "qty.", "quantity", "amount", "數量", "数量", "訂購數量", "订购数量", "件數", "件数",
                    "qtd", "qtd.", "qtde", "quant.", "quantidade", "cantidad", "cant.", "quantité", "qté", "menge", "anzahl", "kuantiti"],
        .unitPrice: ["unit price", "price", "price/unit", "u/price", "單價", "单价", "價格", "价格", "售價", "售价",
                     // A buyer's ERP calls our price its cost: UNIT_COST, "採購單價", "进价".
                     "unit cost", "cost", "cost price", "採購單價", "采购单价", "進價", "进价",
                     "preço", "preço unit.", "preço unit", "preço unitário", "precio", "precio unitario", "precio unit.", "prix", "prix unitaire",
                     "p.u.", "einzelpreis", "stückpreis", "preis", "harga", "harga seunit"],
        .sku: ["sku", "item code", "item no", "item no.", "item #", "product code", "part no", "part no.", "part number", "code", "品號", "品号",
               "商品編號", "商品编号",
               "料號", "料号", "貨號", "货号", "產品編號", "产品编号", "型號", "型号", "編號", "编号", "isbn", "isbn-13", "isbn13",
               "código", "codigo", "cód.", "referência", "referencia", "référence", "artikelnummer", "art.-nr.", "art.nr.", "kod"],
        .unit: ["unit", "uom", "單位", "单位", "unid.", "unid", "unidade", "unidad", "unité", "einheit", "unit."],
        .rating: ["rating", "score", "評分", "评分", "分數", "分数"],
        .comment: ["comment", "comments", "意見", "意见", "建議", "建议", "備註", "备注"],
    ]

    /// Lookup from a normalised label to its field, Traditional and Simplified alike: a label
    /// written only one way above (商品編號) is found written the other way (商品编号).
    static let byLabel: [String: Field] = {
        var map: [String: Field] = [:]
        for (field, names) in labels {
            for name in names {
                map[name] = map[name] ?? field
                let simplified = FieldLabels.simplified(name)
                map[simplified] = map[simplified] ?? field
            }
        }
        return map
    }()

    static func field(for label: String) -> Field? {
        if let field = byLabel[label] { return field }
        // An ASCII label is its own Simplified form: no second lookup.
        return label.isASCII ? nil : byLabel[simplified(label)]
    }

    static func simplified(_ text: String) -> String {
        guard !text.isASCII else { return text }
        return TextNormalizer.commonSimplified(text) ?? String(text.map(TextNormalizer.simplified))
    }

    /// Splits `Label: value` (or `Label：value`, `Label = value`); nil when the line has no known label.
    static func split(_ line: String) -> (field: Field, label: String, value: String)? {
        guard let colon = line.firstByteIndex(of: UInt8(ascii: ":")) else { return spaceSeparated(line, fields: [.shipToAddress]) }
        let label = TextNormalizer.lowercased(line[..<colon].trimmedSpaces())
            .trimming(Self.labelEdges)
        // No more characters than bytes: most labels are answered without counting.
        // ("Deliver to our fulfilment partner:" may run longer.)
        guard label.utf8.count <= 30 || label.count <= 30 || (label.count <= 48 && Self.shipToPrefixes.contains(where: { label.hasPrefix($0) })) else { return nil }
        // "Item 1:", "品項2：", "Product #3:": a numbered label names the same field.
        var field = Self.field(for: label)
        // "Deliver to our fulfilment partner:", "Ship to the warehouse:": a ship-to label with words after it.
        if field == nil, Self.shipToPrefixes.contains(where: { label.hasPrefix($0) }) {
            field = .shipToAddress
        }
        // "Ship to (warehouse):", "Delivery address (goods receiving):", "收貨地址（倉庫）：": the
        // label before its remark.
        if field == nil, let open = label.firstIndex(where: { $0 == "(" || $0 == "（" }), open > label.startIndex {
            field = Self.field(for: String(label[..<open]).trimmingCharacters(in: .whitespaces))
        }
        // "Please deliver to:", "Kindly ship to:", "請送至：": a polite word before the label.
        if field == nil {
            for polite in Self.politeWords where label.utf8.starts(with: polite.utf8) && label.hasPrefix(polite) {
                field = Self.field(for: String(label.dropFirst(polite.count)))
                if field != nil { break }
            }
        }
        // "三、交貨地點：", "(2) Delivery address:", "B. Ship to:": a numbered section's label.
        if field == nil, let marker = RegexCache.firstRange(#"^(?:[一二三四五六七八九十]{1,3}\s*[、.．,]|[(（]?\d{1,2}[)）.、]|[(（][一二三四五六七八九十]{1,3}[)）]|[a-h][.)])\s*"#, in: label),
           marker.upperBound < label.endIndex {
            field = Self.field(for: String(label[marker.upperBound...]).trimmingCharacters(in: .whitespaces))
        }
        if field == nil, let last = label.last, last.isNumber {
            let bare = String(label.reversed().drop { $0.isNumber || $0 == " " || $0 == "#" || $0 == "." }.reversed())
            if let numbered = Self.field(for: bare), numbered == .product || numbered == .sku { field = numbered }
        }
        // "送貨地點", "到貨日", "訂購人Email": a label of the words an export uses for a field.
        // Only what looks like a label: short, no figures, no sentence ("釘書機 3台,希望到貨日" is an
        // item line with a label at its end).
        if field == nil, label.count <= 14, !label.contains(where: { $0.isNumber || ",.;!?".contains($0) }),
           let meaning = OrderKeyMeaning.meaning(of: label) {
            field = Self.field(for: meaning.field)
        }
        guard let field else { return nil }
        // "PO No:: PGC-PO-0388" (a spreadsheet's label cell ending in a colon, joined with one).
        let value = line[line.utf8.index(after: colon)...].trimmedSpaces().trimmingCharacters(in: CharacterSet(charactersIn: ":：").union(.whitespaces))
        return (field, label, value)
    }

    /// Chinese labels a phone's mail writes with a space for the colon: "地址 台中市大里區…",
    /// "電話 04-2407-3210 林小姐". Only these few, and only before a value of their shape.
    private static let spacedLabels: [(String, Field)] = [("地址", .shipToAddress), ("送貨地址", .shipToAddress), ("送货地址", .shipToAddress),
                                                          ("收貨地址", .shipToAddress), ("收货地址", .shipToAddress), ("電話", .shipToPhone), ("电话", .shipToPhone),
                                                          ("手機", .shipToPhone), ("手机", .shipToPhone), ("收件人", .shipToRecipient), ("收貨人", .shipToRecipient),
                                                          ("收货人", .shipToRecipient)]

    /// `fields`: the address alone opens a ship-to this way; a phone or a name so written counts
    /// only inside the block under it (a signature's "手机 139 …" is no recipient's).
    static func spaceSeparated(_ line: String, fields: Set<Field>) -> (field: Field, label: String, value: String)? {
        guard !line.isASCII else { return nil }
        let trimmed = line.trimmedSpaces()
        for (label, field) in spacedLabels where fields.contains(field) && trimmed.hasPrefix(label + " ") {
            let value = String(trimmed.dropFirst(label.count)).trimmedSpaces()
            let fits = switch field {
            case .shipToAddress: ShipToReader.looksLikeAddress(value)
            case .shipToPhone: ShipToReader.nameAndPhone(value).phone != nil
            default: ShipToReader.looksLikeName(ShipToReader.nameAndPhone(value).name)
            }
            if fits { return (field, label, value) }
        }
        return nil
    }

    static func field(for meaning: OrderKeyMeaning.Field) -> Field {
        switch meaning {
        case .email: .email
        case .purchaseOrder: .purchaseOrder
        case .requestedDate: .requestedDate
        case .recipient: .shipToRecipient
        case .phone: .shipToPhone
        case .address: .shipToAddress
        case .paymentMethod: .paymentMethod
        case .paymentTerms: .paymentTerms
        case .currency: .currency
        case .company: .company
        case .contactName: .contactName
        case .orderDate: .orderDate
        }
    }

    /// A line holding several labelled fields ("收貨人：周美華  電話：0910-555-222", "联系人：刘洋
    /// 邮箱：…") as one segment per field; a line with one label (or none) as itself.
    static func segments(_ line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: ":")), let regex = RegexCache.regex(#"(?:\s+|[,;])\s*([^\s:,;]{1,14})\s*:"#) else { return [line] }
        var cuts: [String.Index] = []
        for match in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let labelRange = Range(match.range(at: 1), in: line), let whole = Range(match.range, in: line) else { continue }
            let label = TextNormalizer.lowercased(String(line[labelRange])).trimming(Self.labelEdges)
            // "希望下週五前到貨，地址：台北市…": a sentence, then a label after its comma.
            let afterSentence = !line[..<whole.lowerBound].contains(":") && ",;".contains(line[whole.lowerBound])
                && [.shipToAddress, .shipToRecipient, .shipToPhone, .purchaseOrder].contains(Self.field(for: label))
            guard line[..<whole.lowerBound].contains(":") || afterSentence else { continue }
            if Self.field(for: label) != nil || OrderKeyMeaning.meaning(of: label) != nil { cuts.append(labelRange.lowerBound) }
        }
        guard !cuts.isEmpty else { return [line] }
        var pieces: [String] = []
        var start = line.startIndex
        for cut in cuts {
            pieces.append(String(line[start..<cut]).trimmedSpaces())
            start = cut
        }
        pieces.append(String(line[start...]).trimmedSpaces())
        return pieces.filter { !$0.isEmpty }
    }
}

import Foundation

extension FieldLabels {
    /// List marks and quote marks around a label (made once: a set of scalars built per call was a visible cost).
    static let labelEdges = ScalarSet("-*•#> ")
    /// Words before a label that do not change it.
    static let politeWords = ["please ", "kindly ", "pls ", "請", "请"]
    /// Ship-to labels that may have words after them ("Deliver to our fulfilment partner:").
    static let shipToPrefixes = ["deliver to ", "ship to ", "send to ", "delivery address ", "shipping address "]
}
