public import Foundation
public import IntakeModel


/// `intake queue list --json`: the orders and the failed items.
public struct QueueListing: Sendable, Encodable {
    public var orders: [Order]
    public var failed: [FailedItem]
    /// Customers' change requests and cancellations waiting for a decision.
    public var changes: [PendingChange]

    public init(orders: [Order], failed: [FailedItem], changes: [PendingChange] = []) {
        self.orders = orders
        self.failed = failed
        self.changes = changes
    }
}

/// A failed item as listed in the queue.
public struct FailedItem: Sendable, Encodable {
    public var item: Int64
    public var source: String
    public var file: String
    public var location: String
    public var receivedAt: Date
    public var reason: String

    public init(_ record: ItemRecord) {
        item = record.id
        source = record.source
        file = record.filename
        location = record.location
        receivedAt = record.receivedAt
        reason = record.failureReason ?? "failed"
    }
}

/// Dates as the desk reads them.
public enum QueueFormat {
    /// `MM-dd HH:mm` in the desk's zone, short enough for the queue table.
    public static func short(_ date: Date, desk: Desk) -> String { desk.format(date, "MM-dd HH:mm") }

    public static func day(_ date: Date, desk: Desk) -> String { desk.format(date, "yyyy-MM-dd HH:mm") }
}
