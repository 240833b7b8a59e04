public import Foundation

/// A customer's complaint, followed until it is resolved.
public struct CaseRecord: Sendable, Equatable, Codable {
    public var id: Int64
    /// Nil when the complaint names no order we have (it is then flagged in the queue).
    public var orderNumber: OrderNumber?
    /// The complaint email.
    public var itemID: Int64
    public var customerEmail: String?
    public var category: CaseCategory
    public var owner: String?
    public var state: CaseState
    /// The complaint's first words, for lists.
    public var summary: String
    public var openedAt: Date
    public var answeredAt: Date?
    public var resolvedAt: Date?

    public init(id: Int64, orderNumber: OrderNumber? = nil, itemID: Int64, customerEmail: String? = nil, category: CaseCategory, owner: String? = nil, state: CaseState, summary: String, openedAt: Date, answeredAt: Date? = nil, resolvedAt: Date? = nil) {
        self.id = id
        self.orderNumber = orderNumber
        self.itemID = itemID
        self.customerEmail = customerEmail
        self.category = category
        self.owner = owner
        self.state = state
        self.summary = summary
        self.openedAt = openedAt
        self.answeredAt = answeredAt
        self.resolvedAt = resolvedAt
    }
}
