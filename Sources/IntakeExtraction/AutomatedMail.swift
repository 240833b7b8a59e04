import IntakeMIME

/// Whether a stored message was sent by a machine (auto-reply, bounce, delivery report, mailing
/// list, bulk mail): the outbox never answers such a message, whatever state its order reached,
/// so that two auto-responders cannot answer each other for ever (RFC 3834 §2).
public enum AutomatedMail {
    /// The reason a message counts as automated, or nil for mail a person sent.
    public static func reason(in bytes: [UInt8]) -> String? {
        guard let message = try? MIMEParser().parse(bytes) else { return nil }
        let classifier = MessageClassifier()
        if let reason = classifier.automatedReason(message, sender: message.from.first?.normalized) { return reason }
        let verdict = classifier.classify(message: nil, sender: nil, subject: message.subject ?? "", body: "", hasLines: false, orderReference: nil, threadKind: nil)
        return verdict.isAutomated ? verdict.reason : nil
    }
}
