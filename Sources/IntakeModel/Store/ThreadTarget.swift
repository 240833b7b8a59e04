import Foundation

/// What a customer's reply refers to, found through its `In-Reply-To`/`References`.
public struct ThreadTarget: Sendable, Equatable {
    /// The Message-ID that matched.
    public var messageID: String
    /// The order it belongs to, when it belongs to one.
    public var orderNumber: OrderNumber?
    /// What our own mail was for; nil for the customer's email that became an order here.
    public var purpose: MailPurpose?

    public init(messageID: String, orderNumber: OrderNumber? = nil, purpose: MailPurpose?) {
        self.messageID = messageID
        self.orderNumber = orderNumber
        self.purpose = purpose
    }
}
