/// The order's JSON written by hand (see `JSONWritable`), as its synthesized `encode(to:)` writes
/// it: optional fields left out when nil, keys in UTF-8 order.
extension Order: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.key("confidence")
        try writer.number(confidence)
        writer.optionalMember("currency", currency)
        try writer.member("customer", customer)
        writer.key("edited")
        writer.bool(edited)
        if let storedFulfilment { try writer.member("fulfilment", storedFulfilment) }
        try writer.member("issues", issues)
        writer.key("itemID")
        writer.integer(itemID)
        writer.optionalMember("language", language)
        try writer.member("lines", lines)
        writer.member("number", number.description)
        writer.optionalMember("paymentMethod", paymentMethod?.rawValue)
        writer.optionalMember("paymentTerms", paymentTerms)
        writer.optionalMember("purchaseOrder", purchaseOrder)
        writer.key("receivedAt")
        writer.date(receivedAt)
        writer.optionalMember("requestedDeliveryDate", requestedDeliveryDate)
        try writer.member("shipTo", shipTo)
        writer.optionalMember("sourceMessageID", sourceMessageID)
        writer.optionalMember("sourceSubject", sourceSubject)
        writer.member("state", state.rawValue)
        writer.endObject()
    }
}

extension OrderLine: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.member("description", description)
        writer.optionalMember("priceSource", priceSource?.rawValue)
        writer.member("quantity", DecimalText.format(quantity))
        writer.member("sku", sku)
        writer.member("unit", unit)
        writer.member("unitPrice", unitPrice.map(DecimalText.format))
        writer.endObject()
    }
}

extension Fulfilment: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.optionalMember("cancelReason", cancelReason)
        writer.optionalMember("carrier", carrier)
        writer.optionalMember("completedAt", date: completedAt)
        writer.optionalMember("delayReason", delayReason)
        writer.optionalMember("deliveredAt", date: deliveredAt)
        writer.optionalMember("heldFrom", heldFrom?.rawValue)
        writer.optionalMember("promisedDate", promisedDate)
        writer.optionalMember("shippedAt", date: shippedAt)
        writer.optionalMember("trackingNumber", trackingNumber)
        writer.endObject()
    }
}
