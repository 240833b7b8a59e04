import IntakeExtraction
import IntakeModel

/// Gives the lines the customer did not price the catalog's list price. The seller confirms
/// product, quantity and price, and the sales report counts revenue, so a line without a price
/// is only right when the catalog has none either. A price the customer wrote, or an assistant
/// typed, is never replaced; a list price follows the line's SKU when an edit changes it.
struct ListPricing {
    let master: MasterData

    /// Prices the unpriced lines whose product has a list price in the order's currency. An order
    /// without a currency takes the catalog's when every list price used shares one; a list price
    /// in another currency than the customer wrote is not used (prices are never converted).
    func apply(to order: inout Order) {
        for index in order.lines.indices where order.lines[index].priceSource == .catalog {
            order.lines[index].unitPrice = nil
            order.lines[index].priceSource = nil
        }
        let candidates = order.lines.indices.compactMap { index -> (Int, Product)? in
            let line = order.lines[index]
            guard line.unitPrice == nil, let sku = line.sku, let product = master.product(sku: sku), product.unitPrice != nil else { return nil }
            return (index, product)
        }
        if order.currency == nil {
            let currencies = Set(candidates.compactMap { $0.1.currency })
            guard currencies.count <= 1 else { return }
            order.currency = currencies.first
        }
        for (index, product) in candidates where product.currency == nil || product.currency == order.currency {
            order.lines[index].unitPrice = product.unitPrice
            order.lines[index].priceSource = .catalog
        }
    }
}
