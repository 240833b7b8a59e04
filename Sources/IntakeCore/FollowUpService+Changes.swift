import Foundation
import IntakeExtraction
public import IntakeModel
import IntakeRendering


/// A pending change request as the queue shows it: the order now and what would change.
public struct PendingChange: Sendable, Encodable {
    public var request: ChangeRequestRecord
    public var order: Order?
    /// Before → after, one line each; empty when the request names nothing we could read.
    public var diff: [String]
    /// The customer's words.
    public var summary: String?
    public var from: String?
}

extension FollowUpService {
    /// Change requests and cancellations waiting for a decision (or in `states`), with their diffs.
    public func changeRequests(states: [ChangeState]? = [.pending]) async throws(IntakeError) -> [PendingChange] {
        let requests = try await reading { try $0.changeRequests(states: states) }
        var pendings: [PendingChange] = []
        for request in requests { pendings.append(try await pending(request)) }
        return pendings
    }

    /// A request with its order, its diff against the order as it is now, and the customer's words.
    func pending(_ request: ChangeRequestRecord) async throws(IntakeError) -> PendingChange {
        let (order, item, json) = try await reading { store in
            (try request.orderNumber.flatMap { number throws(StoreError) in try store.order(number) },
             try store.item(id: request.itemID), try store.itemDocument(id: request.itemID).document)
        }
        var summary: String?
        var from: String?
        if let json,
           let document = try? JSONDecoder().decode(OrderDocument.self, from: Data(json.utf8)) {
            from = document.source.from
            summary = document.source.subject
        }
        if summary == nil { summary = item?.filename }
        return PendingChange(request: request, order: order, diff: order.map { request.proposal.diff(against: $0) } ?? [], summary: summary, from: from)
    }

    /// Applies a customer's change (or cancellation) to their order and answers them from the
    /// `change_accepted` (or `cancellation`) template, threaded to their email. Refused for an
    /// order already shipped, a request that names no order of ours, or one with nothing to apply.
    @discardableResult
    public func acceptChange(_ id: Int64) async throws(IntakeError) -> (ChangeRequestRecord, OutgoingMessage?) {
        let pending = try await pendingChange(id)
        guard let current = pending.order else {
            throw IntakeError(code: .invalidEdit, message: "change \(id) \(pending.request.flag ?? "names no order"); decline it or handle it by hand")
        }
        if [.shipped, .delivered, .completed].contains(current.state) {
            throw IntakeError(code: .invalidEdit, message: "change \(id): \(current.number) is already \(current.state.rawValue); a change cannot be applied now. Answer the customer by hand and decline it with a reason")
        }
        let proposal = pending.request.proposal
        guard !proposal.isEmpty else {
            throw IntakeError(code: .invalidEdit, message: "change \(id): nothing in the email could be read as a change. Amend \(current.number) with queue edit (the customer is sent the order as it now reads), then close this with queue close-change \(id) --note \"…\"")
        }
        let master = self.master
        let now = clock()
        let apply: @Sendable (inout Order) throws(ModelError) -> Void = { order throws(ModelError) in
            if proposal.cancel {
                try order.state.checkTransition(to: .cancelled, of: order.number)
                order.state = .cancelled
                order.fulfilment.cancelReason = "at the customer's request"
                return
            }
            try proposal.apply(to: &order)
            OrderValidator(master: master).revalidate(&order, editedPaths: proposal.fields.keys.sorted() + proposal.lines.indices.map { "lines[\($0 + 1)]" })
            if order.state == .approved { order.state = .needsReview }
        }
        var changed = current
        do { try apply(&changed) } catch {
            throw IntakeError(code: .invalidEdit, message: "change \(id): \(error.message)")
        }
        let notice = try await answer(pending, order: changed, purpose: proposal.cancel ? .cancellation : .changeAccepted) { view in
            view.changes = pending.diff
            if proposal.cancel { view.reason = nil }
        }
        let actor = self.actor
        let record = try await writing { store in
            try store.decideChange(id: id, accept: true, reason: nil, at: now, actor: actor, notice: notice, change: apply)
        }
        return (record, notice)
    }

    /// Declines a customer's change with a reason they are told (`change_declined`); a request
    /// that names no order of ours is closed without an email.
    @discardableResult
    public func declineChange(_ id: Int64, reason: String) async throws(IntakeError) -> (ChangeRequestRecord, OutgoingMessage?) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntakeError(code: .invalidEdit, message: "declining needs a reason (--reason \"…\"): the customer is told why")
        }
        let pending = try await pendingChange(id)
        var notice: OutgoingMessage?
        if let order = pending.order {
            notice = try await answer(pending, order: order, purpose: .changeDeclined) { view in
                view.reason = reason
                view.changes = pending.diff
            }
        }
        let (now, actor, decline) = (clock(), self.actor, notice)
        let record = try await writing { store in
            try store.decideChange(id: id, accept: false, reason: reason, at: now, actor: actor, notice: decline) { _ throws(ModelError) in }
        }
        return (record, notice)
    }

    /// Closes a request that was handled by hand (the order amended with `edit`, the customer
    /// answered another way): no change is applied and no email is sent; the note is kept.
    @discardableResult
    public func closeChange(_ id: Int64, note: String) async throws(IntakeError) -> ChangeRequestRecord {
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IntakeError(code: .invalidEdit, message: "closing needs a note (--note \"…\") for the record: how was it handled?")
        }
        _ = try await pendingChange(id)
        let (now, actor) = (clock(), self.actor)
        return try await writing { try $0.closeChange(id: id, note: note, at: now, actor: actor) }
    }

    func pendingChange(_ id: Int64) async throws(IntakeError) -> PendingChange {
        guard let request = try await reading({ try $0.changeRequest(id: id) }) else {
            throw IntakeError(code: .notFound, message: "there is no change request \(id); see intake queue changes")
        }
        let pending = try await pending(request)
        guard pending.request.state == .pending else {
            throw IntakeError(code: .alreadyDone, message: "change request \(id) was already \(pending.request.state)")
        }
        return pending
    }

    /// An answer to the customer's own email about an order (their change, their complaint).
    func answer(_ pending: PendingChange, order: Order, purpose: MailPurpose, customize: (inout OrderMailView) -> Void) async throws(IntakeError) -> OutgoingMessage? {
        let item = try await reading { try $0.item(id: pending.request.itemID) }
        do {
            return try await mailer.orderEmail(order, purpose: purpose, autoSubmitted: "auto-replied",
                                  inReplyTo: item?.messageID, customize: customize)
        } catch where error.code == .automatedSender {
            return nil
        }
    }
}
