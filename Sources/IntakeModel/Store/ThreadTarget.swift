import Foundation

/// What a customer's reply refers to, found through its `In-Reply-To`/`References`.
public struct ThreadTarget: Sendable, Equatable {
    /// The Message-ID that matched.
    public var messageID: String
    /// The order it belongs to, when it belongs to one.
    public var orderNumber: OrderNumber?
    /// `confirmation`, `survey`, … for our own mail; `order email` for the customer's order that
    /// became an order here.
    public var purpose: String

    public init(messageID: String, orderNumber: OrderNumber? = nil, purpose: String) {
        self.messageID = messageID
        self.orderNumber = orderNumber
        self.purpose = purpose
    }
}
