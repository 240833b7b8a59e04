import Foundation

/// What a column header or a JSON key path means for the order: "希望到貨日", "指定到貨日",
/// "交貨日期", "delivery.requestedDate", "order.shipping.requestedDelivery" are all the requested
/// delivery date. Webshops, ERPs and portals each name their fields their own way; matching a
/// list of exact names found a few of them. Here the words of the key decide, in both languages,
/// and the path around it too: a phone under `delivery` is the ship-to phone, an address under
/// `billing` or a supplier's e-mail is nothing of the buyer's.
enum OrderKeyMeaning {
    enum Field: Hashable {
        case email, purchaseOrder, requestedDate, recipient, phone, address, paymentMethod, paymentTerms, currency, company, contactName
        /// When the order was placed: what a file's relative dates count from.
        case orderDate
    }

    /// The field a key means and how sure that is (higher wins when several keys mean one field).
    struct Meaning: Equatable {
        var field: Field
        var rank: Int
    }

    /// `path`: a header ("收件電話") or a JSON key path joined by dots ("order.delivery.contact_phone").
    static func meaning(of path: String) -> Meaning? {
        guard let key = Key(path: path) else { return nil }
        // Purchase orders first: "客戶採購單號" is no date and no name. A supplier's or a
        // platform's number, date or e-mail is nothing of the buyer's.
        // (A portal's own "exportedAt" is when the order left it: the file's date all the same.)
        if let found = key.orderNumber() ?? key.orderDate() { return key.isOthers && !(found.field == .orderDate && key.lastText.hasPrefix("exported")) ? nil : found }
        if let found = key.requestedDate() { return found }
        if let found = key.email() { return key.isOthers ? nil : found }
        if let found = key.payment() { return found }
        if key.isOthers || key.isBilling { return nil }
        return key.party()
    }

    /// A key's words and what the path around it says, read once for the groups of rules that
    /// `meaning(of:)` tries in order (each group's rules in their own order too).
    private struct Key {
        let parts: [[String]]
        let last: [String]
        let lastText: String
        let allText: String
        /// Under a supplier, a platform or an export: not the buyer's.
        let isOthers: Bool
        let isBilling: Bool
        let isDelivery: Bool
        /// 2 under a delivery, 1 under a buyer, 0 elsewhere: how surely a phone or an address is the ship-to's.
        let context: Int

        init?(path: String) {
            parts = path.split(separator: ".").map { OrderKeyMeaning.words(String($0)) }
            guard let last = parts.last, !last.isEmpty else { return nil }
            self.last = last
            let all = parts.flatMap { $0 }
            lastText = last.joined(separator: " ")
            let allText = all.joined(separator: " ")
            self.allText = allText
            func has(_ text: String, _ needles: [String]) -> Bool { needles.contains { text.hasSubstring($0) } }
            isOthers = has(allText, ["supplier", "seller", "vendor", "廠商", "厂商", "供應商", "供应商", "platform", "marketplace", "export", "generated"])
            isBilling = has(allText, ["billing", "bill to", "invoice", "發票", "发票", "帳單", "账单"])
            isDelivery = has(allText, ["delivery", "deliver", "shipping", "ship", "consignee", "收件", "收貨", "收货", "送貨", "送货", "配送", "到貨", "到货"])
            context = isDelivery ? 2 : (has(allText, ["buyer", "customer", "客戶", "客户", "買家", "买家", "訂購人", "订购人"]) ? 1 : 0)
        }

        func has(_ text: String, _ needles: [String]) -> Bool { needles.contains { text.hasSubstring($0) } }

        /// The buyer's purchase order or order number.
        func orderNumber() -> Meaning? {
            if lastText.hasSuffix(" po") || has(lastText, ["purchase order", "po number", "po no", "buyer reference", "buyer ref", "customer po", "your ref", "採購單號", "采购单号",
                              "客戶單號", "客户单号", "訂購單號", "订购单号", "採購單編號", "采购单编号"]) || last == ["po"] || lastText == "po #" {
                return Meaning(field: .purchaseOrder, rank: 3)
            }
            if has(lastText, ["訂貨單號", "订货单号", "叫貨單號", "叫货单号"]) {
                return Meaning(field: .purchaseOrder, rank: 3)
            }
            // "…單號" of the buyer's own paper; a shipment's or a parcel's number is no order's.
            if (lastText.hasSuffix("單號") || lastText.hasSuffix("单号")) && !has(lastText, ["出貨", "发货", "出货", "運單", "运单", "物流", "快遞", "快递", "追蹤", "追踪"]) {
                return Meaning(field: .purchaseOrder, rank: 2)
            }
            if has(lastText, ["order number", "order no", "訂單編號", "订单编号", "訂單號", "订单号", "單據號碼", "单据号码", "單據編號", "单据编号"]) || (last == ["id"] && parts.count >= 2 && parts[parts.count - 2] == ["order"]) {
                return Meaning(field: .purchaseOrder, rank: 1)
            }
            return nil
        }

        /// When the order was placed.
        func orderDate() -> Meaning? {
            if has(lastText, ["created", "issued", "placed", "order date", "下單", "下单", "採購日期", "采购日期", "訂單日期", "订单日期", "訂購日期", "订购日期",
                              "訂貨日期", "订货日期", "訂貨時間", "订货时间",
                              // A web form's "提交时间：2026-06-08 22:41": when the order was sent.
                              "提交", "submitted", "submission", "order time", "訂單時間", "订单时间",
                              // "送出時間：2026-04-08 15:42", "填單日期": when the form was sent or filled in.
                              "送出", "填單", "填单", "填表",
                              // An ERP export's document date, a portal's export time, a PO's date.
                              "單據日期", "单据日期", "開單日期", "开单日期", "exported", "po date", "podate"]) || lastText == "日期" || lastText == "date" {
                return Meaning(field: .orderDate, rank: 1)
            }
            return nil
        }

        /// When the goods are wanted.
        func requestedDate() -> Meaning? {
            if has(lastText, ["requested", "required", "need by", "needed", "deliver by", "deliver before", "due", "arrival", "到貨", "到货", "交貨", "交货", "交期", "需求日", "希望", "指定", "送達", "送达",
                                   // "預交日": the ERP's expected delivery day.
                                   "預交", "预交"])
                && (has(lastText, ["date", "day", "by", "delivery", "日", "期"]) || has(lastText, ["requested", "required"])
                    || (has(lastText, ["到貨", "到货", "交貨", "交货", "送達", "送达"]) && has(lastText, ["希望", "要求", "指定", "需求", "預定", "预定"])))
                && !has(lastText, ["time", "window", "method"]) {
                return Meaning(field: .requestedDate, rank: 2)
            }
            if lastText == "delivery date" || lastText == "ship date" { return Meaning(field: .requestedDate, rank: 1) }
            // delivery.preferred_date, shipping.target_date: a date under the delivery is when it is wanted.
            if isDelivery, has(lastText, ["date", "日期"]), !has(lastText, ["ship date", "shipped", "dispatch"]) { return Meaning(field: .requestedDate, rank: 1) }
            return nil
        }

        /// The buyer's e-mail (a buyer's ranks above another's).
        func email() -> Meaning? {
            if has(lastText, ["email", "e mail", "mail", "郵件", "邮件", "邮箱", "信箱", "電郵", "电邮"]) {
                return Meaning(field: .email, rank: context == 1 ? 2 : 1)
            }
            return nil
        }

        /// The currency, the payment terms and the payment method.
        func payment() -> Meaning? {
            if has(lastText, ["currency", "幣別", "币别", "币种", "幣種", "貨幣", "货币"]) { return Meaning(field: .currency, rank: 1) }
            // "付款条件", "payment_terms": 月结60天, Net 30.
            if has(lastText, ["payment", "付款", "支付", "結帳", "结账"]) && has(lastText, ["terms", "條件", "条件"]) { return Meaning(field: .paymentTerms, rank: 1) }
            if has(lastText, ["帳期", "账期"]) { return Meaning(field: .paymentTerms, rank: 1) }
            // "结算方式：电汇": a mainland buyer's settlement is how it pays.
            if has(lastText, ["payment", "付款", "支付", "結帳", "结账", "結算方式", "结算方式"]) && !has(lastText, ["status", "id", "transaction", "card", "terms", "條件", "条件"]) {
                return Meaning(field: .paymentMethod, rank: has(lastText, ["method", "type", "方式"]) ? 2 : 1)
            }
            return nil
        }

        /// Who the goods go to and who ordered: recipient, phone, address, company, contact.
        func party() -> Meaning? {
            if has(lastText, ["recipient", "attention", "attn", "consignee", "receiver", "收件人", "收貨人", "收货人"]) { return Meaning(field: .recipient, rank: 3) }
            if has(lastText, ["phone", "tel", "mobile", "電話", "电话", "手機", "手机"]) { return Meaning(field: .phone, rank: context) }
            if has(lastText, ["address", "地址", "地點", "地点"]) && !has(lastText, ["mail"]) { return Meaning(field: .address, rank: context) }
            if isDelivery && has(lastText, ["contact name", "contact", "聯絡人", "联系人"]) { return Meaning(field: .recipient, rank: 2) }
            // "ship_name", "shipping name": the person the goods go to (an address's own "name" is
            // often the site's, so it ranks below a contact).
            if isDelivery && (lastText.hasSuffix(" name") || lastText == "name") { return Meaning(field: .recipient, rank: lastText == "name" ? 1 : 2) }
            if has(lastText, ["company", "公司", "客戶名稱", "客户名称", "買家名稱", "买家名称"]) || (context == 1 && lastText == "name" && parts.count >= 2 && has(allText, ["buyer", "customer"]) && !has(allText, ["contact"])) {
                return Meaning(field: .company, rank: 1)
            }
            if has(lastText, ["contact", "訂購人", "订购人", "聯絡人", "联系人", "採購人", "采购人"]) || (lastText == "name" && context == 1) {
                return Meaning(field: .contactName, rank: 1)
            }
            return nil
        }
    }

    /// The words of a key: camelCase and `_`, `-`, spaces split, lower-cased; CJK kept whole.
    static func words(_ key: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in key {
            if character == "_" || character == "-" || character == " " || character == "(" || character == ")" || character == "/" {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase && previousLower && !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += character.lowercased()
            previousLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
