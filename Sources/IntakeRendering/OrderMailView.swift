import Foundation
public import IntakeModel

/// What an email about an order shows: the confirmation, and the notices that follow it
/// (shipped, delay, cancellation, answers to changes and complaints, surveys). Templates render
/// this view model, never database records, so that a template cannot reach data it should not
/// print. The notice fields are nil where a purpose does not use them.
public struct OrderMailView: Sendable {
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
    // Notices.
    public var carrier: String?
    public var trackingNumber: String?
    /// The new delivery date after a delay (`YYYY-MM-DD`).
    public var promisedDate: String?
    /// Delays: the date the customer was last given (an earlier delay's, else the one they
    /// asked for), which the new one replaces.
    public var previousDate: String?
    /// Why: the delay, the cancellation, a declined change.
    public var reason: String?
    /// Free text an assistant wrote: the answer to a complaint.
    public var message: String?
    /// Change notices: what changed, one line each ("Quantity of A4 paper: 10 → 20").
    public var changes: [String] = []
    /// Surveys: the highest rating (5 or 10) and where to unsubscribe.
    public var ratingScale: Int?
    public var unsubscribeAddress: String?
    /// In the survey's subject, so that a reply is recognised without its thread headers.
    public var surveyToken: String?
    /// True for a 0–10 recommendation question (NPS) rather than a 1–5 rating (a stored flag:
    /// templates see stored properties only).
    public var isRecommendationScale = false

    /// Builds the view of an order; `paymentLabel` and `unitLabel` give the payment method's and
    /// the units' words in the email's language.
    public init(order: Order, deskName: String, receivedDate: String, paymentLabel: (PaymentMethod) -> String,
                unitLabel: (String) -> String = { $0 }) {
        self.deskName = deskName
        self.orderNumber = order.number.description
        self.customerName = order.customer.name
        self.company = order.customer.company
        self.purchaseOrder = order.purchaseOrder
        self.receivedDate = receivedDate
        self.lines = order.lines.enumerated().map { index, line in
            Line(position: index + 1, sku: line.sku ?? "", description: line.description ?? line.sku ?? "",
                 quantity: DecimalText.format(line.quantity), unit: line.unit.map(unitLabel) ?? "",
                 unitPrice: line.unitPrice.map(DecimalText.formatMoney), amount: line.amount.map(DecimalText.formatMoney))
        }
        self.hasPrices = order.lines.contains { $0.unitPrice != nil }
        // A total that leaves out unpriced lines is not the order's total: say none rather than a wrong one.
        self.total = order.isFullyPriced ? order.total.map(DecimalText.formatMoney) : nil
        self.currency = order.currency
        self.paymentMethod = order.paymentMethod.map(paymentLabel)
        self.paymentTerms = order.paymentTerms
        self.shipToRecipient = order.shipTo.recipient
        self.shipToAddress = order.shipTo.address
        self.shipToPhone = order.shipTo.phone
        self.requestedDeliveryDate = order.requestedDeliveryDate
        self.carrier = order.fulfilment.carrier
        self.trackingNumber = order.fulfilment.trackingNumber
        self.promisedDate = order.fulfilment.promisedDate
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
