/// How the outbox's due messages leave the desk: written to a folder (`DirectoryTransport`) or
/// sent to an SMTP server (`SMTPTransport`), chosen by `delivery.method`. The outbox holds the
/// delivery lock around a call, so a transport may take every message it finds in `sending` as
/// left by a crash.
///
/// A transport settles those interrupted messages first, then claims each due message just
/// before its transfer and records its outcome (`StoreTransaction.finishDelivery`) right after:
/// how it batches, reuses connections or guards against floods is its own business.
protocol MailTransport: Sendable {
    func deliverDue(report: inout DeliveryReport) async throws(IntakeError)
}
