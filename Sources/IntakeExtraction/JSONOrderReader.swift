import Foundation
import IntakeModel

/// Reads a JSON order (a file, or an email's attachment) into the builder: named keys first, then keys by meaning
/// and the notes box; apart from the other readers because an ERP's keys, not words, say what a value is.
enum JSONOrderReader {
    static func readJSONFile(_ bytes: [UInt8], name: String, into builder: inout DocumentBuilder) -> Extraction {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return builder.unreadable(Issue(code: .decodeError, field: nil, message: "\(builder.document.source.file): not a JSON object; the original is kept"))
        }
        readJSON(object, location: "JSON", into: &builder)
        builder.document.kind = builder.lines.isEmpty ? .other : .order
        builder.note("kind", "file", builder.lines.isEmpty ? "JSON without lines" : "JSON order file")
        return OrderFinisher.finish(&builder)
    }

    /// The object that holds the lines, wherever an ERP put it (`{"order": {"items": […]}}`).
    static let jsonLineKeys = ["lines", "items", "orderLines", "order_lines", "lineItems", "line_items", "products", "details"]

    static func orderObject(in object: [String: Any], depth: Int = 0) -> [String: Any]? {
        if jsonLineKeys.contains(where: { object[$0] is [[String: Any]] }) { return object }
        guard depth < 4 else { return nil }
        for key in object.keys.sorted() {
            if let nested = object[key] as? [String: Any], let found = orderObject(in: nested, depth: depth + 1) { return found }
        }
        return nil
    }

    /// The fields and lines of a JSON order (a file of its own, or attached to an email, where
    /// the sender's fields already found are kept).
    static func readJSON(_ outer: [String: Any], location: String, into builder: inout DocumentBuilder) {
        // Fields next to the lines win; the outer object fills what they lack (a customer block).
        let inner = Self.orderObject(in: outer) ?? outer
        let object = inner.merging(outer) { mine, _ in mine }
        func dict(_ key: String) -> [String: Any]? { object[key] as? [String: Any] }
        // ERPs spell one field many ways (requestedDeliveryDate, requested_delivery_date,
        // Requested-Delivery-Date): keys are compared without case, `_`, `-` or spaces.
        let byKey = Self.normalizedKeys(object)
        func field(_ names: String...) -> Any? {
            names.lazy.compactMap { byKey[Self.normalizedKey($0)] }.first
        }
        let customer = dict("customer") ?? dict("buyer") ?? [:]
        builder.document.customer.email = (Self.string(customer["email"]) ?? Self.string(object["customer_email"]) ?? Self.string(object["email"]))?.lowercased() ?? builder.document.customer.email
        builder.document.customer.name = Self.string(customer["name"]) ?? Self.string(object["customer_name"]) ?? builder.document.customer.name
        builder.document.customer.company = ["company", "company_name", "organisation", "organization", "org", "business_name"].lazy.compactMap { Self.string(customer[$0]) }.first
            ?? Self.string(object["company"]) ?? builder.document.customer.company
        builder.document.customer.phone = Self.string(customer["phone"]) ?? builder.document.customer.phone
        builder.document.purchaseOrder = ["purchaseOrder", "purchase_order", "po", "poNumber", "po_number", "po_no", "PO"].lazy.compactMap { Self.string(object[$0]) }.first
            ?? builder.document.purchaseOrder
        builder.writtenCurrency = Self.string(object["currency"])?.uppercased() ?? builder.writtenCurrency
        // A payment may be an object of its own: {"payment": {"method": "PayPal", "status": …}}.
        let payment = field("payment") as? [String: Any]
        if let method = Self.string(field("paymentMethod", "payment_type")) ?? Self.string(object["payment"]) ?? Self.string(payment?["method"]) ?? Self.string(payment?["type"]) {
            builder.document.paymentMethod = PaymentMethod(rawValue: method) ?? PaymentParser.method(in: method)
            builder.document.paymentTerms = PaymentParser.terms(in: method)
        }
        builder.document.paymentTerms = Self.string(object["paymentTerms"]) ?? Self.string(object["payment_terms"]) ?? Self.string(payment?["terms"])
            ?? builder.document.paymentTerms
        // {"shipping": {"recipient": …, "address1": …, "address2": "B1 倉庫"}}: a portal's ship-to
        // under another name, its address in parts.
        if let ship = dict("shipTo") ?? dict("ship_to") ?? dict("shipping") ?? dict("shippingAddress") ?? dict("delivery") ?? dict("deliveryAddress") ?? dict("deliverTo") ?? dict("deliver_to") ?? dict("consignee"),
           Self.string(ship["address"]) != nil || Self.composedAddress(ship) != nil {
            builder.document.shipTo = .init(recipient: Self.string(ship["recipient"]) ?? Self.string(ship["name"]) ?? Self.string(ship["attention"]) ?? Self.string(ship["attn"]) ?? Self.string(ship["contact"]),
                                            address: Self.string(ship["address"]) ?? Self.composedAddress(ship), phone: Self.string(ship["phone"]))
        } else if let address = Self.string(object["shipTo"]) ?? Self.string(object["ship_to"]) {
            builder.document.shipTo.address = address
        }
        if let date = Self.string(field("requestedDeliveryDate", "requestedDate", "deliveryDate", "requiredDate", "needBy", "dueDate")) {
            DeliveryDateReader.resolve(date, line: TextLine(text: date, location: "\(location) requestedDeliveryDate"), rule: "JSON field", into: &builder)
        }
        readItems(object, location: location, into: &builder)
        readJSONFieldsByMeaning(outer, location: location, into: &builder)
    }

    /// The order's lines, one per item object, its keys in any spelling.
    private static func readItems(_ object: [String: Any], location: String, into builder: inout DocumentBuilder) {
        let items = Self.jsonLineKeys.lazy.compactMap { object[$0] as? [[String: Any]] }.first ?? []
        for (index, rawItem) in items.enumerated() {
            // Keys in any spelling: supplierSku, seller_sku, item-code; qty, qtyOrdered; uom.
            let item = Self.normalizedKeys(rawItem)
            func value(_ names: [String], suffix: String? = nil) -> String? {
                if let found = names.lazy.compactMap({ Self.string(item[$0]) }).first { return found }
                guard let suffix else { return nil }
                return item.keys.sorted().lazy.filter { $0.hasSuffix(suffix) && !$0.hasPrefix("buyer") && !$0.hasPrefix("customer") }.compactMap { Self.string(item[$0]) }.first
            }
            let sku = value(["sku", "code", "itemcode", "productcode", "partno", "partnumber", "articleno"], suffix: "sku")
            let description = value(["description", "name", "product", "title", "productname", "itemname"])
            var product = sku.flatMap(builder.context.master.product(sku:))
            if product == nil, let description { product = builder.context.master.product(matching: description) }
            let quantity = value(["quantity", "qty", "qtyordered", "orderedqty", "orderqty", "count"])
            let price = value(["unitprice", "price", "priceperunit", "unitcost"])
            builder.lines.append(ParsedLine(
                line: .init(sku: product?.sku ?? sku, description: description, quantity: quantity.flatMap(TextNormalizer.number).map(DecimalText.format) ?? "0",
                            unit: ItemUnits.normalizeUnit(value(["unit", "uom"])), unitPrice: price.flatMap(TextNormalizer.number).map(DecimalText.format)),
                product: product, origin: FieldOrigin(field: "lines", location: "\(location) lines[\(index)]", rule: "JSON fields"), currencyHint: nil))
        }
    }

    /// A value as text: a trimmed non-empty string, or a number as written.
    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text.trimmedSpaces().isEmpty ? nil : text.trimmedSpaces()
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// What the named keys above did not find, by what the keys mean wherever they stand
    /// (`order.delivery.requested_date`, `order.shipping.attention`, `buyerReference`).
    static func readJSONFieldsByMeaning(_ object: [String: Any], location: String, into builder: inout DocumentBuilder) {
        var leaves: [(path: String, value: String)] = []
        func walk(_ value: Any, _ path: String, depth: Int) {
            guard depth < 6 else { return }
            switch value {
            case let object as [String: Any]:
                for key in object.keys.sorted() where !Self.jsonLineKeys.contains(key) { walk(object[key] as Any, path.isEmpty ? key : path + "." + key, depth: depth + 1) }
            case let text as String where !text.trimmedSpaces().isEmpty: leaves.append((path, text.trimmedSpaces()))
            case let number as NSNumber: leaves.append((path, number.stringValue))
            default: break
            }
        }
        walk(object, "", depth: 0)
        var best: [OrderKeyMeaning.Field: (rank: Int, path: String, value: String)] = [:]
        for leaf in leaves {
            guard let meaning = OrderKeyMeaning.meaning(of: leaf.path) else { continue }
            if meaning.rank > (best[meaning.field]?.rank ?? -1) { best[meaning.field] = (meaning.rank, leaf.path, leaf.value) }
        }
        let lineFields: [TextLine] = TableOrderReader.tableFieldLabels.compactMap { field, label in
            guard let found = best[field] else { return nil }
            // A field the named keys already filled keeps its value.
            switch field {
            case .orderDate where builder.referenceFromHeader || builder.referenceFromDocument,
                 .email where builder.document.customer.email != nil, .purchaseOrder where builder.document.purchaseOrder != nil,
                 .requestedDate where builder.document.requestedDeliveryDate != nil, .recipient where builder.document.shipTo.recipient != nil,
                 .phone where builder.document.shipTo.phone != nil, .address where builder.document.shipTo.address != nil,
                 .paymentMethod where builder.document.paymentMethod != nil, .paymentTerms where builder.document.paymentTerms != nil, .currency where builder.writtenCurrency != nil,
                 .company where builder.document.customer.company != nil, .contactName where builder.document.customer.name != nil:
                return nil
            default:
                return TextLine(text: "\(label): \(found.value)", location: "\(location) \(found.path)")
            }
        }
        // A street line alone is no address to confirm: structured addresses are left to the
        // named keys (and the reviewer).
        OrderFieldReader.read(lineFields.filter { !($0.text.hasPrefix("Ship to:") && !$0.location.lowercased().hasSuffix("address")) }, into: &builder)
        // What the buyer typed into a notes box is a message of its own: "Customer PO:
        // SFM-PO-2605-118. Please pack the exit signs separately." Its labelled fields are read
        // where the structured keys left them empty.
        let notes = leaves.filter { Self.jsonNoteKeys.contains(Self.normalizedKey(String($0.path.split(separator: ".").last ?? ""))) }
        OrderFieldReader.read(notes.flatMap { leaf in
            TextNormalizer.normalize(leaf.value).split(whereSeparator: \.isNewline).flatMap { $0.pieces(separatedBy: ". ") }
                .map { TextLine(text: String($0), location: "\(location) \(leaf.path)") }
        }, into: &builder)
    }

    /// Keys of a free-text box in a web order or an ERP export (compared as `normalizedKey`).
    static let jsonNoteKeys: Set<String> = ["notes", "note", "remarks", "remark", "comment", "comments", "memo", "message", "instructions",
                                            "specialinstructions", "customernote", "ordernote", "備註", "备注", "留言"]

    /// A JSON key as compared: lower-case, without `_`, `-` and spaces.
    /// An address given in parts ({"address1": "Unit 5, 12/F, …", "address2": "36 Tai Lin Pai
    /// Road, …", "city": …}): the parts in reading order, joined; nil without a street line.
    static func composedAddress(_ object: [String: Any]) -> String? {
        let byKey = normalizedKeys(object)
        let streets = ["address1", "addressline1", "line1", "street", "street1", "address2", "addressline2", "line2", "street2", "address3", "addressline3", "line3"]
        let rest = ["district", "city", "town", "state", "province", "region", "postcode", "postalcode", "zip", "zipcode", "country"]
        let parts = (streets + rest).compactMap { string(byKey[$0]) }
        guard streets.contains(where: { string(byKey[$0]) != nil }) else { return nil }
        return parts.joined(separator: ", ")
    }

    static func normalizedKey(_ key: String) -> String {
        String(key.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// An object's values by normalised key (the first of two keys that normalise alike wins).
    static func normalizedKeys(_ object: [String: Any]) -> [String: Any] {
        var values: [String: Any] = [:]
        for key in object.keys.sorted() where values[normalizedKey(key)] == nil {
            values[normalizedKey(key)] = object[key]
        }
        return values
    }
}
