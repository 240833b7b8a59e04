public import Foundation
import IntakeExtraction
import IntakeMIME
public import IntakeModel
import IntakeRendering

/// Composes the desk's emails to customers (confirmations, notices, answers, surveys) from the
/// templates, threaded to the customer's order email. Every service that writes to a customer
/// goes through it, so the rules (a plausible address, never to a machine, one thread per order)
/// hold for all of them. The templates are read once per desk.
public struct OrderMailer: DeskPart {
    let context: DeskContext
    let renderer: TemplateRenderer

    init(context: DeskContext) {
        self.context = context
        self.renderer = TemplateRenderer(directory: context.configuration.templatesDirectory)
    }
}

extension OrderMailer {
    /// Renders and builds an email to an order's customer from `templates/PURPOSE/LANGUAGE/`, in
    /// the customer's language, threaded to their order email (and to our confirmation, when the
    /// notice follows one) so that their mail program shows one conversation.
    ///
    /// `autoSubmitted` is `auto-replied` for answers to the customer's own mail and
    /// `auto-generated` for notices and surveys (RFC 3834), so that responders do not answer them.
    func orderEmail(_ order: Order, purpose: MailPurpose, autoSubmitted: String,
                    inReplyTo: String? = nil, extraHeaders: [(String, String)] = [],
                    customize: (inout OrderMailView) -> Void = { _ in }) async throws(IntakeError) -> OutgoingMessage {
        guard let email = order.customer.email, EmailAddressRule.isPlausible(email) else {
            throw IntakeError(code: .invalidEdit, message: "order \(order.number) has no valid customer email; set customer.email")
        }
        try await refuseAutomatedSource(of: order)
        // The language the templates will be rendered in (after falling back), for the sign-off too.
        let language = renderer.resolveLanguage(order.language, purpose: purpose.rawValue, fallback: configuration.desk.language)
            ?? order.language ?? configuration.desk.language
        var view = OrderMailView(order: order, deskName: configuration.desk.name(for: language), receivedDate: deskDay(order.receivedAt),
                                 paymentLabel: { PaymentLabels.label($0, language: language) },
                                 unitLabel: { UnitLabels.label($0, language: language) })
        customize(&view)
        let rendered: RenderedEmail
        do {
            rendered = try renderer.render(purpose: purpose.rawValue, language: order.language, fallback: configuration.desk.language, view: view)
        } catch {
            throw IntakeError(code: .renderFailed, message: "order \(order.number): \(error.description)")
        }
        let now = clock()
        let messageID = MessageIDs.make(for: order.number, purpose: purpose, at: now, from: configuration.desk.from.address)
        let offset = configuration.desk.timeZone.secondsFromGMT(for: now)
        var builder = MessageBuilder(from: configuration.desk.from, to: [MailAddress(name: order.customer.name, address: email)],
                                     subject: rendered.subject, date: now, utcOffsetSeconds: offset, messageID: messageID,
                                     textBody: rendered.text, htmlBody: rendered.html)
        var thread: [String] = []
        if let source = order.sourceMessageID { thread.append(source) }
        if purpose != .confirmation {
            let earlier = try await reading { try $0.outbox(order: order.number) }
            if let confirmation = earlier.first(where: { $0.purpose == .confirmation }) { thread.append(confirmation.messageID) }
        }
        if let inReplyTo, !thread.contains(inReplyTo) { thread.append(inReplyTo) }
        if let parent = inReplyTo ?? thread.first {
            builder.inReplyTo = parent
            builder.references = thread
        }
        builder.extraHeaders = [("Auto-Submitted", autoSubmitted), ("X-Order-Number", order.number.description)] + extraHeaders
        let bytes: [UInt8]
        do { bytes = try builder.build() } catch {
            throw IntakeError(code: .renderFailed, message: "order \(order.number): the \(purpose) email cannot be built: \(error.message)")
        }
        return OutgoingMessage(messageID: messageID, orderNumber: order.number, purpose: purpose, recipients: [email],
                               subject: rendered.subject, bytes: bytes)
    }

    /// Never an automatic answer to a machine: an order whose email was an auto-reply, a bounce,
    /// a delivery report, list or bulk mail gets no confirmation, even when a person approved it
    /// (the loop two auto-responders would start, and mail to addresses nobody reads).
    func refuseAutomatedSource(of order: Order) async throws(IntakeError) {
        let itemID = order.itemID
        let original = try await reading { store in
            try store.item(id: itemID).flatMap { item throws(StoreError) in try store.original(hash: item.contentHash) }
        }
        guard let bytes = original, let reason = AutomatedMail.reason(in: bytes) else { return }
        throw IntakeError(code: .automatedSender, message: "order \(order.number) came from an automatic message (\(reason)); no email is sent to it. If a person really ordered, answer them by hand")
    }
}

/// Our Message-IDs carry the order number and the purpose
/// (`<20260317093011.SO-2026-00290.confirmation.k3j9x@desk.example>`), so a reply's
/// `In-Reply-To` names the order, and says it answers a survey, even where no store is at hand
/// (contract §1).
public enum MessageIDs {
    public static func make(for number: OrderNumber, purpose: MailPurpose, at date: Date, from address: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMddHHmmss"
        let domain = address.split(separator: "@").last.map(String.init) ?? "localhost"
        let nonce = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(formatter.string(from: date)).\(number).\(purpose).\(nonce)@\(domain)"
    }
}
