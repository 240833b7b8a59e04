import Foundation

/// What an assistant's edit of a confirmed order changed, one line each, in the words the
/// customer's "your order now reads" email and the event log show: "quantity of TON-HP-26A HP 26A
/// Toner Cartridge: 2 → 5", "add …", "remove …", "shipTo.address: … → …".
public enum OrderAmendment {
    public static func diff(before: Order, after: Order) -> [String] {
        var out: [String] = []
        for path in OrderEdit.knownPaths where !path.hasPrefix("lines") {
            let old = (try? OrderEdit.currentValue(of: path, in: before)) ?? nil
            let new = (try? OrderEdit.currentValue(of: path, in: after)) ?? nil
            if old != new { out.append("\(path): \(old ?? "-") → \(new ?? "-")") }
        }
        var unmatched = Array(before.lines.indices)
        for line in after.lines {
            let name = [line.sku, line.description].compactMap { $0 }.joined(separator: " ")
            guard let position = unmatched.firstIndex(where: { sameProduct(before.lines[$0], line) }) else {
                out.append("add \(name): \(DecimalText.format(line.quantity))\(line.unit.map { " \($0)" } ?? "")")
                continue
            }
            let old = before.lines[unmatched.remove(at: position)]
            if old.quantity != line.quantity {
                out.append("quantity of \(name): \(DecimalText.format(old.quantity)) → \(DecimalText.format(line.quantity))")
            }
            if old.unitPrice != line.unitPrice {
                out.append("unit price of \(name): \(old.unitPrice.map(DecimalText.formatMoney) ?? "-") → \(line.unitPrice.map(DecimalText.formatMoney) ?? "-")")
            }
            if old.unit != line.unit { out.append("unit of \(name): \(old.unit ?? "-") → \(line.unit ?? "-")") }
        }
        for index in unmatched {
            let line = before.lines[index]
            out.append("remove \([line.sku, line.description].compactMap { $0 }.joined(separator: " ")) (was \(DecimalText.format(line.quantity)))")
        }
        return out
    }

    /// The same product: by SKU when both have one, else by what was written.
    static func sameProduct(_ a: OrderLine, _ b: OrderLine) -> Bool {
        if let left = a.sku, let right = b.sku { return left.caseInsensitiveCompare(right) == .orderedSame }
        return a.sku == nil && b.sku == nil && a.description == b.description
    }
}
