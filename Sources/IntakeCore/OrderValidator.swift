import IntakeExtraction
import IntakeModel

/// Re-checks an order's lines against the catalog after an assistant's edit, so that an edit can
/// fix an issue but never hide one: a SKU typed by hand must exist, a price is compared with the
/// list price again, a quantity must be positive, a line without a price takes the list price.
struct OrderValidator {
    let master: MasterData

    /// Issues that stop an approval until they are fixed.
    static let blockingCodes: Set<Issue.Code> = [.unknownSKU, .missingQuantity, .noLines]

    /// Replaces the line issues with fresh ones, keeps the order-level issues an edit did not touch,
    /// and completes a line whose SKU was set (canonical SKU, unit and name from the catalog).
    func revalidate(_ order: inout Order, editedPaths: [String]) {
        var issues = order.issues.filter { issue in
            guard let field = issue.field else { return true }
            if field.hasPrefix("lines") { return false }
            return !editedPaths.contains(field)
        }
        for index in order.lines.indices {
            let number = index + 1
            var line = order.lines[index]
            if let sku = line.sku, let product = master.product(sku: sku) {
                line.sku = product.sku
                if line.unit == nil { line.unit = product.unit }
                if line.description == nil { line.description = product.name }
                if let price = line.unitPrice, let list = product.unitPrice, price != list,
                   product.currency == nil || order.currency == nil || product.currency == order.currency {
                    issues.append(Issue(code: .priceMismatch, field: "lines[\(number)].unitPrice",
                                        message: "\(product.sku): the order says \(DecimalText.format(price)), the list price is \(DecimalText.format(list))"))
                }
            } else {
                issues.append(Issue.unknownSKU(line: number, written: line.sku ?? line.description ?? "?"))
            }
            if line.quantity <= 0 {
                issues.append(Issue(code: .missingQuantity, field: "lines[\(number)].quantity", message: "line \(number) has no quantity"))
            }
            order.lines[index] = line
        }
        ListPricing(master: master).apply(to: &order)
        if order.lines.isEmpty {
            issues.append(Issue(code: .noLines, field: "lines", message: "the order has no lines"))
        }
        order.issues = issues
    }
}
