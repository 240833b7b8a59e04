/// Where a complaint case stands: `open → answered → resolved`. A case not resolved keeps
/// surveys away from its customer.
public enum CaseState: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The stored and printed word (`late_delivery`, not the case name).
    public var description: String { rawValue }

    case open, answered, resolved

    /// The states an assistant still works on (assigning, answering, resolving).
    public static let unresolved: Set<CaseState> = [.open, .answered]
}

/// What a complaint is about, as the classifier reads it or an assistant corrects it.
public enum CaseCategory: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The stored and printed word (`late_delivery`, not the case name).
    public var description: String { rawValue }

    case lateDelivery = "late_delivery"
    case damaged
    case wrongItem = "wrong_item"
    case quality
    case billing
    case other
}

/// A customer's request about an order they placed: a change to it, or its cancellation.
public enum ChangeKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The stored and printed word (`late_delivery`, not the case name).
    public var description: String { rawValue }

    case change
    case cancellation
}

/// Where a change request stands: `pending`, then accepted or declined with an answer to the
/// customer, or closed by hand without one.
public enum ChangeState: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The stored and printed word (`late_delivery`, not the case name).
    public var description: String { rawValue }

    case pending, accepted, declined, closed
}
