/// Where an order stands in the desk's flow.
///
/// The happy path is `needs_review → approved → confirmed → shipped → delivered → completed`;
/// `rejected` and `cancelled` end an order early and `on_hold` parks it until it is released.
public enum OrderState: String, Sendable, Codable, CaseIterable {
    case needsReview = "needs_review"
    case approved
    case confirmed
    case shipped
    case delivered
    case completed
    case rejected
    case cancelled
    case onHold = "on_hold"

    /// The states an order may move to from this one. `on_hold` may return to any state that
    /// could have led to it; the caller records which one it came from in the event log.
    public var allowedNext: Set<OrderState> {
        switch self {
        case .needsReview: [.approved, .rejected, .cancelled, .onHold]
        case .approved: [.confirmed, .cancelled, .onHold, .needsReview]
        case .confirmed: [.shipped, .cancelled, .onHold]
        // An ERP may report an order completed without a separate delivery.
        case .shipped: [.delivered, .completed]
        case .delivered: [.completed]
        case .completed, .rejected, .cancelled: []
        case .onHold: [.needsReview, .approved, .confirmed, .cancelled]
        }
    }

    /// True when the order can still be edited field by field (before it was confirmed).
    public var isEditable: Bool { self == .needsReview || self == .approved || self == .onHold }

    /// Checks a transition and explains a refusal in words an assistant understands.
    public func checkTransition(to next: OrderState) throws(ModelError) {
        guard allowedNext.contains(next) else {
            let allowed = allowedNext.map(\.rawValue).sorted().joined(separator: ", ")
            throw ModelError(
                code: .illegalTransition,
                message: "an order that is \(rawValue) cannot become \(next.rawValue)"
                    + (allowed.isEmpty ? " (it is final)" : " (allowed: \(allowed))")
            )
        }
    }
}
