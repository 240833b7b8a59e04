import Foundation

/// What `completeItem` did: the item's order number, and whether it wrote the item (false
/// when the item was no longer waiting, processed already by another run).
public struct ItemCompletion: Sendable {
    public var orderNumber: OrderNumber?
    public var wrote: Bool

    public init(orderNumber: OrderNumber? = nil, wrote: Bool) {
        self.orderNumber = orderNumber
        self.wrote = wrote
    }
}
