import Foundation
import IntakeModel

extension OrderMailView {
    /// What the templates of every purpose may use: the view's stored properties, and inside
    /// `{{#lines}}` a `Line`'s as well (`intake doctor` checks every tag against these).
    static let templateScope: TemplateScope = {
        let order = Order(number: OrderNumber(year: 2026, sequence: 1), state: .approved, itemID: 0, receivedAt: Date(timeIntervalSince1970: 0))
        let view = OrderMailView(order: order, deskName: "", receivedDate: "", paymentLabel: { $0.rawValue })
        let line = Line(position: 1, sku: "", description: "", quantity: "", unit: "", unitPrice: nil, amount: nil)
        return TemplateScope(reflecting: view, sections: ["lines": TemplateScope(reflecting: line)])
    }()
}
