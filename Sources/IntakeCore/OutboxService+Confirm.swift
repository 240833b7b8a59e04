import Foundation
import IntakeExtraction
import IntakeMIME
public import IntakeModel
import IntakeRendering


extension OutboxService {
    /// Renders a confirmation for every approved order and queues it in the outbox; each order
    /// becomes `confirmed` in the same transaction. One order that cannot be confirmed (no address,
    /// a template error) is reported and the others go on.
    ///
    /// An order whose confirmation cannot be composed goes back to the queue (`needs_review`) with
    /// a `confirmation_not_composed` issue saying why: retrying by itself would fail the same way
    /// on every run, and nobody would see it. An assistant fixes the field and approves it again.
    public func confirmApproved() async throws(IntakeError) -> [(OrderNumber, Result<OutboxRecord, IntakeError>)] {
        let approved = try await reading { try $0.orders(states: [.approved]) }
        var results: [(OrderNumber, Result<OutboxRecord, IntakeError>)] = []
        for order in approved {
            do {
                results.append((order.number, .success(try await confirm(order))))
            } catch {
                if error.code == .alreadyDone { continue }
                // A store failure passes; a machine sender is refused on every try, approved or
                // not (`intake queue` shows it): neither is the order's to fix.
                if error.code != .storeFailed && error.code != .automatedSender { await sendBackToQueue(order.number, reason: error.message) }
                results.append((order.number, .failure(error)))
            }
        }
        return results
    }

    /// Puts an approved order whose confirmation could not be composed back in the queue with the
    /// reason as an issue (one such issue at a time), as an event by `intake`. An order another
    /// process moved meanwhile is left as it is.
    private func sendBackToQueue(_ number: OrderNumber, reason: String) async {
        let issue = Issue(code: .confirmationNotComposed, message: "the confirmation could not be composed: \(reason); fix the order and approve it again")
        do {
            try await writing { store in
                try store.updateOrder(number, actor: "intake", action: "confirmation_not_composed", detail: reason, expecting: .approved,
                                      notice: nil) { order throws(ModelError) in
                    order.issues.removeAll { $0.code == .confirmationNotComposed }
                    order.issues.append(issue)
                    order.state = .needsReview
                }
            }
            logger.warning("\(number): confirmation not composed, back in the queue: \(reason)", metadata: ["order.id": "\(number)"])
        } catch {
            logger.error("\(number): confirmation not composed (\(reason)) and the order could not be put back in the queue: \(error.message)", metadata: ["order.id": "\(number)"])
        }
    }


    func confirm(_ order: Order) async throws(IntakeError) -> OutboxRecord {
        let message = try await mailer.orderEmail(order, purpose: .confirmation, autoSubmitted: "auto-replied")
        let actor = self.actor
        let record = try await writing { try $0.queue(message, confirming: order.number, actor: actor) }
        logger.info("confirmation for \(order.number) queued", metadata: ["order.id": "\(order.number)", "outbox.id": "\(record.id)"])
        return record
    }
}
