/// The document's JSON written by hand (see `JSONWritable`): every field, `null` when empty, as
/// its `encode(to:)` writes it; keys in UTF-8 order.
extension OrderDocument: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.key("confidence")
        try writer.number(confidence)
        writer.member("currency", currency)
        try writer.member("customer", customer)
        try writer.member("issues", issues)
        writer.member("kind", kind.rawValue)
        try writer.member("lines", lines)
        writer.member("orderReference", orderReference)
        writer.member("paymentMethod", paymentMethod?.rawValue)
        writer.member("paymentTerms", paymentTerms)
        writer.member("purchaseOrder", purchaseOrder)
        writer.member("requestedDeliveryDate", requestedDeliveryDate)
        writer.member("schema", schema)
        try writer.member("shipTo", shipTo)
        try writer.member("source", source)
        try writer.member("survey", survey)
        writer.endObject()
    }
}

extension OrderDocument.Source: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("file", file)
        writer.member("from", from)
        writer.member("messageId", messageId)
        writer.member("subject", subject)
        writer.endObject()
    }
}

extension OrderDocument.CustomerInfo: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("company", company)
        writer.member("email", email)
        writer.member("name", name)
        writer.member("phone", phone)
        writer.endObject()
    }
}

extension OrderDocument.Line: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("description", description)
        writer.member("quantity", quantity)
        writer.member("sku", sku)
        writer.member("unit", unit)
        writer.member("unitPrice", unitPrice)
        writer.endObject()
    }
}

extension OrderDocument.ShipTo: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("address", address)
        writer.member("phone", phone)
        writer.member("recipient", recipient)
        writer.endObject()
    }
}

extension OrderDocument.Survey: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("comment", comment)
        writer.key("rating")
        writer.integer(rating)
        writer.endObject()
    }
}

extension Issue: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("code", code.rawValue)
        writer.member("field", field)
        writer.member("message", message)
        writer.endObject()
    }
}
