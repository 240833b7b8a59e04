import Foundation
import IntakeModel
import IntakeRendering

/// A sales report's sums: orders, quantities and revenue per group (product and unit, customer
/// or month) and per currency, never added across currencies or units.
struct SalesTally {
    struct Key: Hashable {
        var name: String
        var unit: String?
    }

    struct Group {
        var orders = Set<String>()
        var quantity: Decimal = 0
        var revenue: [String: Decimal] = [:]
    }

    let grouping: SalesGrouping
    var groups: [Key: Group] = [:]
    var totals: [String: Decimal] = [:]

    init(grouping: SalesGrouping) {
        self.grouping = grouping
    }

    /// Counts one order: by product, each of its lines (a product's units apart); otherwise the
    /// order as a whole under its customer or month.
    mutating func add(_ order: Order, product: (OrderLine) -> String, month: (Date) -> String) {
        let currency = order.currency ?? "?"
        if let total = order.total { totals[currency, default: 0] += total }
        switch grouping {
        case .product:
            for line in order.lines {
                let key = Key(name: product(line), unit: line.unit)
                groups[key, default: Group()].orders.insert(order.number.description)
                groups[key, default: Group()].quantity += line.quantity
                if let amount = line.amount { groups[key, default: Group()].revenue[currency, default: 0] += amount }
            }
        default:
            let key = Key(name: grouping == .month ? month(order.receivedAt)
                : (order.customer.company ?? order.customer.name ?? order.customer.email ?? "?"))
            groups[key, default: Group()].orders.insert(order.number.description)
            if let total = order.total { groups[key, default: Group()].revenue[currency, default: 0] += total }
        }
    }

    /// The currencies, largest total first.
    var currencies: [String] {
        totals.keys.sorted { (totals[$0] ?? 0) > (totals[$1] ?? 0) }
    }

    /// Months in order; otherwise largest first in the main currency, a product's units together
    /// under the revenue of all of them.
    func sortedKeys(main: String?) -> [Key] {
        var keys = groups.keys.sorted { ($0.name, $0.unit ?? "") < ($1.name, $1.unit ?? "") }
        guard grouping != .month else { return keys }
        func revenue(_ key: Key) -> Decimal { main.flatMap { groups[key]?.revenue[$0] } ?? 0 }
        var byName: [String: Decimal] = [:]
        for key in keys { byName[key.name, default: 0] += revenue(key) }
        keys.sort { lhs, rhs in
            let left = byName[lhs.name] ?? 0, right = byName[rhs.name] ?? 0
            if left != right { return left > right }
            if lhs.name != rhs.name { return lhs.name < rhs.name }
            return (revenue(lhs), rhs.unit ?? "") > (revenue(rhs), lhs.unit ?? "")
        }
        return keys
    }

    func row(_ key: Key, currencies: [String]) -> [Report.Cell] {
        let group = groups[key] ?? Group()
        var row: [Report.Cell] = [.text(key.name), .count(group.orders.count)]
        if grouping == .product { row += [.number(group.quantity), key.unit.map(Report.Cell.text) ?? .empty] }
        row += currencies.map { Report.Cell.number(group.revenue[$0]) }
        return row
    }

    /// Revenue in one currency: it adds up across a product's units (it is money), where the
    /// table keeps them apart; the top 15 groups at most, months all.
    func chart(currency: String, keys: [Key]) -> Report.Chart {
        var revenue: [String: Decimal] = [:]
        for key in keys { if let amount = groups[key]?.revenue[currency] { revenue[key.name, default: 0] += amount } }
        var labels = revenue.keys.sorted()
        if grouping != .month { labels.sort { (revenue[$0] ?? 0, $1) > (revenue[$1] ?? 0, $0) } }
        let top = grouping != .month && labels.count > 15
        if top { labels = Array(labels.prefix(15)) }
        return Report.Chart(title: "Revenue \(currency) by \(grouping)" + (top ? " (top 15)" : ""), kind: grouping == .month ? .columns : .bars,
                            labels: labels, series: [.init(name: currency, values: labels.map { NSDecimalNumber(decimal: revenue[$0] ?? 0).doubleValue })],
                            unit: currency)
    }
}
