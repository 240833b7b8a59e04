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

    /// Checks a transition and explains a refusal in words an assistant understands, naming
    /// the order when it is known ("SO-2026-00001 is already confirmed").
    public func checkTransition(to next: OrderState, of number: OrderNumber? = nil) throws(ModelError) {
        guard allowedNext.contains(next) else {
            throw ModelError(code: .illegalTransition, message: refusal(to: next, of: number))
        }
    }

    /// The state in plain words, after "is": "waiting for review", "on hold", "confirmed".
    public var words: String { self == .needsReview ? "waiting for review" : rawValue.replacingOccurrences(of: "_", with: " ") }

    /// The states of the usual path, in order: a step back along it is "already" done.
    static let path: [OrderState] = [.needsReview, .approved, .confirmed, .shipped, .delivered, .completed]

    /// Why an order in this state cannot move to `next`, in plain words.
    public func refusal(to next: OrderState, of number: OrderNumber?) -> String {
        let subject = number?.description ?? "the order"
        if self == next { return "\(subject) is already \(words)" }
        if allowedNext.isEmpty { return "\(subject) is \(words) and can no longer change, so it cannot become \(next.words)" }
        if let here = Self.path.firstIndex(of: self), let there = Self.path.firstIndex(of: next), there < here {
            return "\(subject) is already \(words)"
        }
        let allowed = allowedNext.map(\.words).sorted().joined(separator: ", ")
        return "\(subject) is \(words) and cannot become \(next.words) from there (it can become \(allowed))"
    }
}
