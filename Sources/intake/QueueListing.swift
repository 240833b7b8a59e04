import Foundation
import IntakeCore
import IntakeModel


/// `intake queue list --json`: the orders and the failed items.
struct QueueListing: Sendable, Encodable {
    var orders: [Order]
    var failed: [FailedItem]
    /// Customers' change requests and cancellations waiting for a decision.
    var changes: [PendingChange]

    init(orders: [Order], failed: [FailedItem], changes: [PendingChange] = []) {
        self.orders = orders
        self.failed = failed
        self.changes = changes
    }
}

/// A failed item as listed in the queue.
struct FailedItem: Sendable, Encodable {
    var item: Int64
    var source: String
    var file: String
    var location: String
    var receivedAt: Date
    var reason: String

    init(_ record: ItemRecord) {
        item = record.id
        source = record.source
        file = record.filename
        location = record.location
        receivedAt = record.receivedAt
        reason = record.failureReason ?? "failed"
    }
}

/// Dates as the desk reads them.
enum QueueFormat {
    /// `MM-dd HH:mm` in the desk's zone, short enough for the queue table.
    static func short(_ date: Date, desk: Desk) -> String { desk.format(date, "MM-dd HH:mm") }

    static func day(_ date: Date, desk: Desk) -> String { desk.format(date, "yyyy-MM-dd HH:mm") }
}
