import IntakeExtraction
import IntakeModel

/// Re-checks an order's lines against the catalog after an assistant's edit, so that an edit can
/// fix an issue but never hide one: a SKU typed by hand must exist, a price is compared with the
/// list price again, a quantity must be positive, a line without a price takes the list price.
struct OrderValidator {
    let master: MasterData

    /// Issues that stop an approval until they are fixed (the desk asks here).
    static let blockingCodes = OrderRules.blockingCodes

    /// Replaces the line issues with fresh ones, keeps the order-level issues an edit did not touch,
    /// and completes a line whose SKU was set (canonical SKU, unit and name from the catalog).
    func revalidate(_ order: inout Order, editedPaths: [String]) {
        var issues = order.issues.filter { issue in
            guard let field = issue.field else { return true }
            if field.hasPrefix("lines") { return false }
            return !editedPaths.contains(field)
        }
        for index in order.lines.indices {
            var line = order.lines[index]
            let product = line.sku.flatMap(master.product(sku:))
            if let product {
                line.sku = product.sku
                if line.unit == nil { line.unit = product.unit }
                if line.description == nil { line.description = product.name }
            }
            issues += OrderRules.issues(of: line, number: index + 1, product: product, currency: order.currency, source: .edit)
            order.lines[index] = line
        }
        ListPricing(master: master).apply(to: &order)
        if let issue = OrderRules.noLines(count: order.lines.count, source: .edit) { issues.append(issue) }
        order.issues = issues
    }
}
