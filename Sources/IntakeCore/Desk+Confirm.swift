import Foundation
import IntakeExtraction
import IntakeMIME
public import IntakeModel
import IntakeRendering
public import IntakeStore

extension Desk {
    /// Renders a confirmation for every approved order and queues it in the outbox; each order
    /// becomes `confirmed` in the same transaction. One order that cannot be confirmed (no address,
    /// a template error) is reported and the others go on.
    public func confirmApproved() throws(IntakeError) -> [(OrderNumber, Result<OutboxRecord, IntakeError>)] {
        let approved = try storeCall { () throws(StoreError) in try store.orders(states: [.approved]) }
        let renderer = TemplateRenderer(directory: configuration.templatesDirectory)
        return approved.compactMap { order in
            let result = Result { () throws(IntakeError) in try confirm(order, renderer: renderer) }
            if case .failure(let error) = result, error.code == .alreadyDone { return nil }
            return (order.number, result)
        }
    }

    func confirm(_ order: Order, renderer: TemplateRenderer) throws(IntakeError) -> OutboxRecord {
        let message = try orderEmail(order, purpose: "confirmation", autoSubmitted: "auto-replied", renderer: renderer)
        let record = try storeCall { () throws(StoreError) in try store.queue(message, confirming: order.number, actor: actor) }
        logger.info("confirmation for \(order.number) queued", metadata: ["order.id": "\(order.number)", "outbox.id": "\(record.id)"])
        return record
    }
}
