import Foundation
public import IntakeCurl

extension DeskConfiguration.Source {
    /// The IMAP mailbox this source names, with its secret read now (from the environment or its file).
    public func mailbox(session: CurlSession) throws(IntakeError) -> IMAPMailbox {
        let source = self
        guard let components = URLComponents(string: source.location), let scheme = components.scheme?.lowercased(), let host = components.host else {
            throw IntakeError(code: .sourceFailed, message: "\(source.location) is not an IMAP URL such as imaps://imap.example.test/INBOX")
        }
        let path = components.percentEncodedPath.removingPercentEncoding ?? components.path
        let mailboxName = path.split(separator: "/").joined(separator: "/")
        guard let username = source.username else {
            throw IntakeError(code: .sourceFailed, message: "an IMAP source needs username:")
        }
        let password = try source.password.map { reference throws(IntakeError) in try reference.resolve() }
        let token = try source.oauth2Token.map { reference throws(IntakeError) in try reference.resolve() }
        guard password != nil || token != nil else {
            throw IntakeError(code: .missingSecret, message: "an IMAP source needs password_env, password_file, oauth2_token_env or oauth2_token_file")
        }
        let endpoint = IMAPEndpoint(scheme: scheme, host: host, port: components.port, mailbox: mailboxName.isEmpty ? "INBOX" : mailboxName,
                                    username: username, password: password, bearerToken: token, caFile: source.caFile,
                                    tls: source.tlsNone ? .none : .required)
        return IMAPMailbox(endpoint: endpoint, session: session)
    }

}

extension DeskConfiguration {
    /// The SMTP sender `delivery.smtp` names, with its secret read now; EHLO says the domain of
    /// `desk.from`.
    public func smtpSender(session: CurlSession) throws(IntakeError) -> SMTPSender {
        let delivery = self.delivery
        guard let url = delivery.smtpURL, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host else {
            throw IntakeError(code: .deliveryFailed, message: "delivery.smtp.url is missing or not an SMTP URL")
        }
        let password = try delivery.smtpPassword.map { reference throws(IntakeError) in try reference.resolve() }
        let token = try delivery.smtpOAuth2Token.map { reference throws(IntakeError) in try reference.resolve() }
        let domain = desk.from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let endpoint = SMTPEndpoint(scheme: scheme, host: host, port: components.port, heloDomain: domain, username: delivery.smtpUsername,
                                    password: password, bearerToken: token, caFile: delivery.smtpCAFile, tls: delivery.smtpTLSNone ? .none : .required)
        return SMTPSender(endpoint: endpoint, session: session)
    }
}
