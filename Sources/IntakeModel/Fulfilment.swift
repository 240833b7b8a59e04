public import Foundation

/// What happened to an order after its confirmation: shipping, delivery, a promised date that
/// moved, completion. Kept on the order so that `order show`, the surveys and the reports read one
/// record; every change is also an event with its before and after.
public struct Fulfilment: Sendable, Equatable, Codable {
    public var carrier: String?
    public var trackingNumber: String?
    public var shippedAt: Date?
    public var deliveredAt: Date?
    public var completedAt: Date?
    /// `YYYY-MM-DD`: the delivery date we promised after a delay (the customer's requested date
    /// stays as they wrote it).
    public var promisedDate: String?
    /// Why the date moved, as the customer was told.
    public var delayReason: String?
    /// Why the order was cancelled.
    public var cancelReason: String?
    /// The state an order on hold returns to when it is released.
    public var heldFrom: OrderState?

    public init(carrier: String? = nil, trackingNumber: String? = nil, shippedAt: Date? = nil, deliveredAt: Date? = nil,
                completedAt: Date? = nil, promisedDate: String? = nil, delayReason: String? = nil, cancelReason: String? = nil,
                heldFrom: OrderState? = nil) {
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.shippedAt = shippedAt
        self.deliveredAt = deliveredAt
        self.completedAt = completedAt
        self.promisedDate = promisedDate
        self.delayReason = delayReason
        self.cancelReason = cancelReason
        self.heldFrom = heldFrom
    }

    public var isEmpty: Bool { self == Fulfilment() }

    /// "DHL, tracking JD0146", for the event log and `order show`; nil when neither is known.
    public var shipmentSummary: String? {
        let parts = [carrier, trackingNumber.map { "tracking \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
