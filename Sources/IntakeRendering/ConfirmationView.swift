import Foundation
public import IntakeModel

/// What a confirmation email shows. Templates render this view model, never database records,
/// so that a template cannot reach data it should not print.
public struct ConfirmationView: Sendable {
    public struct Line: Sendable {
        public var position: Int
        public var sku: String
        public var description: String
        public var quantity: String
        public var unit: String
        public var unitPrice: String?
        public var amount: String?
    }

    public var deskName: String
    public var orderNumber: String
    public var customerName: String?
    public var company: String?
    public var purchaseOrder: String?
    public var receivedDate: String
    public var lines: [Line]
    public var hasPrices: Bool
    public var total: String?
    public var currency: String?
    public var paymentMethod: String?
    public var paymentTerms: String?
    public var shipToRecipient: String?
    public var shipToAddress: String?
    public var shipToPhone: String?
    public var requestedDeliveryDate: String?

    /// Builds the view of an order; `paymentLabel` gives the payment method's words in the email's language.
    public init(order: Order, deskName: String, receivedDate: String, paymentLabel: (PaymentMethod) -> String) {
        self.deskName = deskName
        self.orderNumber = order.number.description
        self.customerName = order.customer.name
        self.company = order.customer.company
        self.purchaseOrder = order.purchaseOrder
        self.receivedDate = receivedDate
        self.lines = order.lines.enumerated().map { index, line in
            Line(position: index + 1, sku: line.sku ?? "", description: line.description ?? line.sku ?? "",
                 quantity: DecimalText.format(line.quantity), unit: line.unit ?? "",
                 unitPrice: line.unitPrice.map(DecimalText.formatMoney), amount: line.amount.map(DecimalText.formatMoney))
        }
        self.hasPrices = order.lines.contains { $0.unitPrice != nil }
        self.total = order.total.map(DecimalText.formatMoney)
        self.currency = order.currency
        self.paymentMethod = order.paymentMethod.map(paymentLabel)
        self.paymentTerms = order.paymentTerms
        self.shipToRecipient = order.shipTo.recipient
        self.shipToAddress = order.shipTo.address
        self.shipToPhone = order.shipTo.phone
        self.requestedDeliveryDate = order.requestedDeliveryDate
    }
}

/// The three pieces of a rendered email.
public struct RenderedEmail: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String
    /// The language folder actually used, after falling back.
    public var language: String
}
