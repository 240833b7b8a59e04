public import Foundation

/// The checks an order's lines must pass, kept in one place for every path an order takes: the
/// extractor runs them on the lines it read from a message or file, the desk again after each
/// edit, and `Order.fields(from:)` when a document becomes an order. A rule changed here changes
/// for all of them.
///
/// The callers keep what is theirs: finding the catalog product (master data belongs to
/// extraction), and what they do with a line besides (the extractor writes a missing quantity
/// as "0", the desk completes a line from the catalog). The wording differs by `Source` on
/// purpose, the rule does not.
public enum OrderRules {
    /// Where the lines checked come from. It chooses the wording only: a reviewer reads "the
    /// customer wrote" of a message, "the order says" of what was typed in an edit.
    public enum Source: Sendable {
        /// Read from a customer's message or file: a line is named by the customer's words.
        case message
        /// An order a reviewer edited: a line is named by the SKU typed.
        case edit
    }

    /// Issue codes that stop an approval until they are fixed.
    public static let blockingCodes: Set<Issue.Code> = [.unknownSKU, .missingQuantity, .noLines]

    /// The issues of line `number` (1-based), in the order a reviewer reads them: its product
    /// (`unknown_sku` when `product` is nil, else `price_mismatch`), then its quantity
    /// (`missing_quantity`).
    ///
    /// A price is compared exactly (a cent off is shown), and only in the product's currency: a
    /// price in another currency than the product's is no mismatch; an unknown currency on
    /// either side counts as the same. A quantity must be above zero.
    public static func issues(of line: OrderLine, number: Int, product: Product?, currency: String?, source: Source) -> [Issue] {
        var issues: [Issue] = []
        if let product {
            if let price = line.unitPrice, let list = product.unitPrice, price != list,
               product.currency == nil || currency == nil || product.currency == currency {
                let said = source == .message ? "the customer wrote" : "the order says"
                issues.append(Issue(code: .priceMismatch, field: field(number, "unitPrice"),
                                    message: "\(product.sku): \(said) \(DecimalText.format(price)), the list price is \(DecimalText.format(list))"))
            }
        } else {
            let written = source == .message ? line.description ?? line.sku : line.sku ?? line.description
            issues.append(Issue(code: .unknownSKU, field: field(number, "sku"), message: "no catalog product matches \"\(written ?? "?")\""))
        }
        if line.quantity <= 0 {
            let named = source == .message ? " (\(line.description ?? line.sku ?? "?"))" : ""
            issues.append(Issue(code: .missingQuantity, field: field(number, "quantity"), message: "line \(number)\(named) has no quantity"))
        }
        return issues
    }

    /// `missing_quantity` for a document's quantity text that `parsed` says is no decimal, when a
    /// document becomes an order. The extractor's own documents never have one (it reports the
    /// line through `issues(of:…)` and writes "0"); a document from elsewhere may.
    public static func unreadableQuantity(number: Int, written: String, parsed: Decimal?) -> Issue? {
        guard parsed == nil else { return nil }
        return Issue(code: .missingQuantity, field: field(number, "quantity"), message: "quantity \"\(written)\" is not a number")
    }

    /// `no_lines` when the order has none.
    public static func noLines(count: Int, source: Source) -> Issue? {
        guard count == 0 else { return nil }
        return Issue(code: .noLines, field: "lines",
                     message: source == .message ? "no ordered products found; read the message and add the lines" : "the order has no lines")
    }

    private static func field(_ number: Int, _ name: String) -> String { "lines[\(number)].\(name)" }
}
