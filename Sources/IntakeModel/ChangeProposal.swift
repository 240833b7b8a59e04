import Foundation

/// What a customer's change request asks for, read from their email, to be accepted or declined
/// by an assistant: new field values and lines (a product already on the order gets the new
/// quantity or price, a new one is added, quantity 0 removes it). A cancellation asks for the
/// whole order to go.
public struct ChangeProposal: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var sku: String
        public var description: String?
        public var quantity: String
        public var unit: String?
        public var unitPrice: String?

        public init(sku: String, description: String? = nil, quantity: String, unit: String? = nil, unitPrice: String? = nil) {
            self.sku = sku
            self.description = description
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
        }
    }

    /// `requestedDeliveryDate`, `shipTo.address`, `shipTo.recipient`, `shipTo.phone`, `paymentMethod`.
    public var fields: [String: String]
    public var lines: [Line]
    public var cancel: Bool

    public init(fields: [String: String] = [:], lines: [Line] = [], cancel: Bool = false) {
        self.fields = fields
        self.lines = lines
        self.cancel = cancel
    }

    public var isEmpty: Bool { fields.isEmpty && lines.isEmpty && !cancel }

    /// Before → after, one line each, in words an assistant and a customer read:
    /// `quantity of ENV-DL-100 DL Envelopes: 40 → 25`.
    public func diff(against order: Order) -> [String] {
        if cancel { return ["the whole order: \(order.state.rawValue) → cancelled"] }
        var out: [String] = []
        for (path, value) in fields.sorted(by: { $0.key < $1.key }) {
            let before = (try? OrderEdit.currentValue(of: path, in: order)) ?? nil
            if before != value { out.append("\(path): \(before ?? "-") → \(value)") }
        }
        for line in lines {
            let name = [line.sku, line.description].compactMap { $0 }.joined(separator: " ")
            guard let existing = order.lines.first(where: { $0.sku?.caseInsensitiveCompare(line.sku) == .orderedSame }) else {
                out.append("add \(name): \(line.quantity)\(line.unit.map { " \($0)" } ?? "")\(line.unitPrice.map { " at \($0)" } ?? "")")
                continue
            }
            let quantity = DecimalText.parse(line.quantity) ?? 0
            if quantity == 0 {
                out.append("remove \(name) (was \(DecimalText.format(existing.quantity)))")
                continue
            }
            if quantity != existing.quantity {
                out.append("quantity of \(name): \(DecimalText.format(existing.quantity)) → \(DecimalText.format(quantity))")
            }
            if let price = line.unitPrice.flatMap(DecimalText.parse), price != existing.unitPrice {
                out.append("unit price of \(name): \(existing.unitPrice.map(DecimalText.format) ?? "-") → \(DecimalText.format(price))")
            }
        }
        return out
    }

    /// Applies the fields and lines (not a cancellation: that is a state change the caller makes).
    public func apply(to order: inout Order) throws(ModelError) {
        for (path, value) in fields.sorted(by: { $0.key < $1.key }) {
            try OrderEdit(path: path, value: value).apply(to: &order)
        }
        for line in lines {
            guard let quantity = DecimalText.parse(line.quantity), quantity >= 0 else {
                throw ModelError(code: .invalidValue, message: "quantity \"\(line.quantity)\" of \(line.sku) is not a number")
            }
            let price = line.unitPrice.flatMap(DecimalText.parse)
            if let index = order.lines.firstIndex(where: { $0.sku?.caseInsensitiveCompare(line.sku) == .orderedSame }) {
                if quantity == 0 {
                    order.lines.remove(at: index)
                } else {
                    order.lines[index].quantity = quantity
                    if let price { order.lines[index].unitPrice = price }
                }
            } else if quantity > 0 {
                order.lines.append(OrderLine(sku: line.sku, description: line.description, quantity: quantity, unit: line.unit, unitPrice: price))
            }
        }
    }
}
