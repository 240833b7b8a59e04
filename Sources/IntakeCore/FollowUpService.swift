public import Foundation
import IntakeExtraction
public import IntakeModel
import IntakeRendering


/// A step in an order's life after review, as an assistant or an ERP export reports it.
public enum LifecycleStep: Sendable, Equatable {
    case ship(carrier: String?, tracking: String?)
    case deliver
    case complete
    /// The delivery date moves to `until` (`YYYY-MM-DD`) for `reason`; the customer is told.
    case delay(until: String, reason: String)
    case cancel(reason: String)
    case hold(reason: String?)
    case release

    /// The event's name and the email the customer gets (nil: none).
    var action: String {
        switch self {
        case .ship: "shipped"
        case .deliver: "delivered"
        case .complete: "completed"
        case .delay: "delayed"
        case .cancel: "cancelled"
        case .hold: "held"
        case .release: "released"
        }
    }

    var noticePurpose: MailPurpose? {
        switch self {
        case .ship: .shipped
        case .delay: .delay
        case .cancel: .cancellation
        default: nil
        }
    }
}

/// What a lifecycle step did: the order after it and the email queued for the customer.
public struct LifecycleResult: Sendable {
    public var order: Order
    public var notice: OutgoingMessage?
    /// Why no email went out although the step usually sends one (no address, automated sender, not yet confirmed).
    public var noNoticeReason: String?
}

/// Follow-up: what happens to an order after review — its lifecycle (shipped, delayed,
/// cancelled, completed), the customer's change requests and complaint cases — each step
/// recorded with the email the customer should get, in one transaction.
public struct FollowUpService: DeskPart {
    let context: DeskContext
    let mailer: OrderMailer
}

extension FollowUpService {
    /// Applies one step to an order: checks the transition, records the event and, where the
    /// customer should hear of it, queues the email in the same transaction.
    @discardableResult
    public func apply(_ step: LifecycleStep, to number: OrderNumber, at moment: Date? = nil) async throws(IntakeError) -> LifecycleResult {
        let now = moment ?? clock()
        let current = try await storedOrder(number)
        // A new delivery date in the past would tell the customer nothing they can use.
        if case .delay(let until, _) = step, let day = CalendarDate(until), let today = CalendarDate(format(now, "yyyy-MM-dd")), day < today {
            throw IntakeError(code: .invalidEdit, message: "\(number): --until \(until) is in the past (today is \(today)); give the new delivery date")
        }
        var changed = current
        do { try Self.change(&changed, by: step, at: now) } catch {
            // A refused step names the order already ("SO-2026-00001 is already shipped").
            throw IntakeError(code: .illegalTransition, message: error.message.hasPrefix(number.description) ? error.message : "\(number): \(error.message)")
        }
        // The customer hears of a shipment, a delay or a cancellation only once they have our
        // confirmation: before that, the order is still ours to sort out.
        var notice: OutgoingMessage?
        var noNoticeReason: String?
        if let purpose = step.noticePurpose {
            if Self.customerKnows(current) {
                do {
                    notice = try await mailer.orderEmail(changed, purpose: purpose, autoSubmitted: "auto-generated") { view in
                        if case .delay(_, let reason) = step {
                            view.reason = reason
                            view.previousDate = current.fulfilment.promisedDate ?? current.requestedDeliveryDate
                        }
                        if case .cancel(let reason) = step { view.reason = reason }
                    }
                } catch where error.code == .invalidEdit || error.code == .automatedSender {
                    noNoticeReason = error.message
                }
            } else {
                noNoticeReason = "the customer has no confirmation yet, so no \(purpose) email is sent"
            }
        }
        let detail = if case .ship = step { changed.fulfilment.shipmentSummary } else { Self.detail(of: step) }
        let (actor, queued) = (self.actor, notice)
        let saved = try await writing { store in
            try store.updateOrder(number, actor: actor, action: step.action, detail: detail, expecting: current.state, notice: queued) { order throws(ModelError) in
                try Self.change(&order, by: step, at: now)
            }
        }
        logger.info("\(number) \(step.action)\(notice != nil ? "; \(notice?.purpose ?? "") email queued" : "")", metadata: ["order.id": "\(number)"])
        return LifecycleResult(order: saved, notice: notice, noNoticeReason: noNoticeReason)
    }

    /// True once the customer was sent (or is being sent) our confirmation.
    static func customerKnows(_ order: Order) -> Bool {
        switch order.state {
        case .confirmed, .shipped, .delivered, .completed: true
        case .onHold: order.fulfilment.heldFrom.map { [.confirmed, .shipped, .delivered].contains($0) } ?? false
        default: false
        }
    }

    static func detail(of step: LifecycleStep) -> String? {
        switch step {
        case .delay(let until, let reason): return "until \(until): \(reason)"
        case .cancel(let reason): return reason
        case .hold(let reason): return reason
        default: return nil
        }
    }

    /// The change itself, the same in memory (to render the email) and in the store's transaction.
    static func change(_ order: inout Order, by step: LifecycleStep, at now: Date) throws(ModelError) {
        switch step {
        case .ship(let carrier, let tracking):
            try order.state.checkTransition(to: .shipped, of: order.number)
            order.state = .shipped
            order.fulfilment.carrier = carrier.flatMap(Self.nonEmpty)
            order.fulfilment.trackingNumber = tracking.flatMap(Self.nonEmpty)
            order.fulfilment.shippedAt = now
        case .deliver:
            try order.state.checkTransition(to: .delivered, of: order.number)
            order.state = .delivered
            order.fulfilment.deliveredAt = now
        case .complete:
            try order.state.checkTransition(to: .completed, of: order.number)
            order.state = .completed
            order.fulfilment.completedAt = now
        case .delay(let until, let reason):
            guard CalendarDate(until) != nil else {
                throw ModelError(code: .invalidValue, message: "--until \(until) is not a date; write YYYY-MM-DD")
            }
            guard nonEmpty(reason) != nil else {
                throw ModelError(code: .invalidValue, message: "a delay needs a reason (--reason \"…\"): the customer is told why")
            }
            guard [.approved, .confirmed, .shipped, .onHold].contains(order.state) else {
                throw ModelError(code: .illegalTransition, message: "an order that is \(order.state.rawValue) cannot be delayed (only approved, confirmed, shipped or on hold)")
            }
            order.fulfilment.promisedDate = until
            order.fulfilment.delayReason = reason
        case .cancel(let reason):
            guard nonEmpty(reason) != nil else {
                throw ModelError(code: .invalidValue, message: "a cancellation needs a reason (--reason \"…\") for the event log and the customer")
            }
            try order.state.checkTransition(to: .cancelled, of: order.number)
            order.state = .cancelled
            order.fulfilment.cancelReason = reason
        case .hold:
            try order.state.checkTransition(to: .onHold, of: order.number)
            order.fulfilment.heldFrom = order.state
            order.state = .onHold
        case .release:
            guard order.state == .onHold else {
                throw ModelError(code: .illegalTransition, message: "only an order on hold can be released; this one is \(order.state.rawValue)")
            }
            let back = order.fulfilment.heldFrom ?? .needsReview
            try order.state.checkTransition(to: back, of: order.number)
            order.state = back
            order.fulfilment.heldFrom = nil
        }
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
