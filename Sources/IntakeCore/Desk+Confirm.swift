public import Foundation
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
        guard let email = order.customer.email, EmailAddressRule.isPlausible(email) else {
            throw IntakeError(code: .invalidEdit, message: "order \(order.number) has no valid customer email; set customer.email")
        }
        try refuseAutomatedSource(of: order)
        let language = order.language ?? configuration.desk.language
        let view = ConfirmationView(order: order, deskName: configuration.desk.name, receivedDate: deskDay(order.receivedAt),
                                    paymentLabel: { PaymentLabels.label($0, language: language) })
        let rendered: RenderedEmail
        do {
            rendered = try renderer.render(purpose: "confirmation", language: order.language, fallback: configuration.desk.language, view: view)
        } catch {
            throw IntakeError(code: .renderFailed, message: "order \(order.number): \(error.description)")
        }
        let now = clock()
        let messageID = MessageIDs.make(for: order.number, at: now, from: configuration.desk.from.address)
        let offset = configuration.desk.timeZone.secondsFromGMT(for: now)
        var builder = MessageBuilder(from: configuration.desk.from, to: [MailAddress(name: order.customer.name, address: email)],
                                     subject: rendered.subject, date: now, utcOffsetSeconds: offset, messageID: messageID,
                                     textBody: rendered.text, htmlBody: rendered.html)
        if let source = order.sourceMessageID {
            builder.inReplyTo = source
            builder.references = [source]
        }
        builder.extraHeaders = [("Auto-Submitted", "auto-replied"), ("X-Order-Number", order.number.description)]
        let bytes: [UInt8]
        do { bytes = try builder.build() } catch {
            throw IntakeError(code: .renderFailed, message: "order \(order.number): the confirmation cannot be built: \(error.message)")
        }
        let message = OutgoingMessage(messageID: messageID, orderNumber: order.number, purpose: "confirmation", recipients: [email],
                                      subject: rendered.subject, bytes: bytes)
        let record = try storeCall { () throws(StoreError) in try store.queue(message, confirming: order.number, actor: actor) }
        logger.info("confirmation for \(order.number) queued", metadata: ["order.id": "\(order.number)", "outbox.id": "\(record.id)"])
        return record
    }
}

extension Desk {
    /// Never an automatic answer to a machine: an order whose email was an auto-reply, a bounce,
    /// a delivery report, list or bulk mail gets no confirmation, even when a person approved it
    /// (the loop two auto-responders would start, and mail to addresses nobody reads).
    func refuseAutomatedSource(of order: Order) throws(IntakeError) {
        guard let item = try storeCall({ () throws(StoreError) in try store.item(id: order.itemID) }),
              let bytes = try storeCall({ () throws(StoreError) in try store.original(hash: item.contentHash) }), let reason = AutomatedMail.reason(in: bytes) else { return }
        throw IntakeError(code: .automatedSender, message: "order \(order.number) came from an automatic message (\(reason)); no confirmation is sent to it. If a person really ordered, answer them by hand")
    }
}

/// Our Message-IDs carry the order number (`<20260317093011.SO-2026-00290@desk.example>`), so a
/// reply's `In-Reply-To` names the order even where no store is at hand (contract §1).
public enum MessageIDs {
    public static func make(for number: OrderNumber, at date: Date, from address: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMddHHmmss"
        let domain = address.split(separator: "@").last.map(String.init) ?? "localhost"
        let nonce = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(formatter.string(from: date)).\(number).\(nonce)@\(domain)"
    }
}
