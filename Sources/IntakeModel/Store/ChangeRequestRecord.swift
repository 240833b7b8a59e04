public import Foundation

/// A customer's change request or cancellation, waiting for an assistant.
public struct ChangeRequestRecord: Sendable, Equatable, Codable {
    public var id: Int64
    /// Nil when the mail names no order we have (then `flag` says which it named).
    public var orderNumber: OrderNumber?
    public var itemID: Int64
    public var kind: ChangeKind
    public var state: ChangeState
    public var proposal: ChangeProposal
    /// Why it cannot simply be accepted: the order has shipped, or is unknown.
    public var flag: String?
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: String?
    public var reason: String?

    public init(id: Int64, orderNumber: OrderNumber? = nil, itemID: Int64, kind: ChangeKind, state: ChangeState, proposal: ChangeProposal, flag: String? = nil, createdAt: Date, decidedAt: Date? = nil, decidedBy: String? = nil, reason: String? = nil) {
        self.id = id
        self.orderNumber = orderNumber
        self.itemID = itemID
        self.kind = kind
        self.state = state
        self.proposal = proposal
        self.flag = flag
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.reason = reason
    }
}
