import Foundation
public import IntakeModel
import IntakeRendering


/// What `edit` did: the order as saved and, for an amendment of a confirmed order, what changed
/// and the email that tells the customer.
public struct EditResult: Sendable {
    public var order: Order
    public var changes: [String] = []
    public var notice: OutgoingMessage?
}

extension ReviewService {
    /// A confirmed order (or one held after its confirmation) that has not shipped: the customer
    /// has our confirmation, and the goods have not left.
    static func isAmendable(_ order: Order) -> Bool {
        order.state == .confirmed || (order.state == .onHold && order.fulfilment.heldFrom == .confirmed)
    }

    /// Amends a confirmed order: the edits, checked as any edit and refused when the order would
    /// be left with a blocking issue (a confirmed order must stay one the desk can fulfil); the
    /// order keeps its state, the event holds before and after, and the customer is sent the
    /// order as it now reads (`amended`), queued in the same transaction.
    func amend(_ current: Order, edits: [OrderEdit]) async throws(IntakeError) -> EditResult {
        let number = current.number
        let master = self.master
        let change: @Sendable (inout Order) throws(ModelError) -> Void = { order throws(ModelError) in
            for edit in edits { try edit.apply(to: &order) }
            OrderValidator(master: master).revalidate(&order, editedPaths: edits.map(\.path))
            if let blocking = order.issues.first(where: { OrderValidator.blockingCodes.contains($0.code) }) {
                throw ModelError(code: .invalidValue, message: "the amended order would have \(blocking.message); nothing was changed")
            }
        }
        var changed = current
        do { try change(&changed) } catch { throw IntakeError(code: .invalidEdit, message: "\(number): \(error.message)") }
        let changes = OrderAmendment.diff(before: current, after: changed)
        guard !changes.isEmpty else { throw IntakeError(code: .invalidEdit, message: "\(number): the edit changes nothing") }
        let notice = try await mailer.orderEmail(changed, purpose: .amended, autoSubmitted: "auto-generated") { view in view.changes = changes }
        let actor = self.actor
        let saved = try await writing { store in
            try store.updateOrder(number, actor: actor, action: "amended", detail: changes.joined(separator: "; "), expecting: current.state,
                                  notice: notice, change: change)
        }
        logger.info("\(number) amended; amended email queued", metadata: ["order.id": "\(number)"])
        return EditResult(order: saved, changes: changes, notice: notice)
    }
}
