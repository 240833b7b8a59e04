/// Where outgoing mail is handed over and how to log in.
public struct SMTPEndpoint: Sendable {
    /// `smtp` (STARTTLS required unless `tls` is `.none`) or `smtps` (implicit TLS).
    public var scheme: String
    public var host: String
    public var port: Int?
    /// The name said in EHLO: the desk's own domain.
    public var heloDomain: String
    public var username: String?
    public var password: CurlSecret?
    public var bearerToken: CurlSecret?
    public var caFile: String?
    public var tls: CurlRequest.TLSRequirement

    public init(scheme: String, host: String, port: Int?, heloDomain: String, username: String?, password: CurlSecret?, bearerToken: CurlSecret?,
                caFile: String?, tls: CurlRequest.TLSRequirement) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.heloDomain = heloDomain
        self.username = username
        self.password = password
        self.bearerToken = bearerToken
        self.caFile = caFile
        self.tls = tls
    }

    /// The server, for messages and `delivered_to` (no credentials in it).
    public var server: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")" }

    /// libcurl takes the EHLO name from the URL's path.
    var url: String { server + "/" + heloDomain }
}

/// One reply of an SMTP server: `550 5.1.1 <x@example.test>: Recipient address rejected`.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var text: String

    public init(code: Int, text: String) {
        self.code = code
        self.text = text
    }

    /// 5xx: the server will not take it, however often it is tried.
    public var isPermanent: Bool { code >= 500 }
    public var description: String { text }
}

/// What the server said to one message for one recipient.
public enum SMTPDelivery: Sendable, Equatable {
    /// Accepted, with the server's reply to the end of DATA (`250 2.0.0 Ok: queued as …`).
    case accepted(SMTPReply?)
    /// Refused at MAIL, RCPT or after DATA; 4xx may work later, 5xx will not.
    case refused(SMTPReply)
}

/// What the server announced in its EHLO reply.
public struct SMTPServerInfo: Sendable, Equatable {
    /// `SIZE`: the largest message the server takes, when it says.
    public var maxMessageSize: Int?
    public var extensions: [String]
}

/// Hands messages to an SMTP server through libcurl, on the session's one reused connection, one
/// recipient per transaction: a refused recipient is then known by name (libcurl reports only the
/// first refusal of a transaction) and the others still get the message.
public struct SMTPSender: Sendable {
    public let endpoint: SMTPEndpoint
    let session: CurlSession

    public init(endpoint: SMTPEndpoint, session: CurlSession) {
        self.endpoint = endpoint
        self.session = session
    }

    /// The connection's thread, for `withTaskExecutorPreference` around a batch.
    public var executor: any TaskExecutor { session.taskExecutor }

    func request() -> CurlRequest {
        var request = CurlRequest(url: endpoint.url, protocols: ["smtp", "smtps"])
        request.username = endpoint.username
        request.password = endpoint.password
        request.bearerToken = endpoint.bearerToken
        request.caFile = endpoint.caFile
        request.tls = endpoint.scheme == "smtps" ? .none : endpoint.tls
        request.captureReplies = true
        request.timeout = 300
        return request
    }

    /// Connects, starts TLS, logs in and says NOOP: a batch learns that the server can be used,
    /// and its size limit, before any message is taken out of the queue. On a connection libcurl
    /// reuses there is no new EHLO, and `nil` comes back for the limit.
    public func probe() async throws(CurlError) -> SMTPServerInfo {
        var request = request()
        request.customRequest = "NOOP"
        request.noBody = true
        let response = try await session.perform(request)
        return Self.serverInfo(from: response.replies)
    }

    /// Sends one message to one recipient. Refusals come back as `.refused`; a failure of the
    /// server as a whole (connection, TLS, login, timeout) is thrown.
    public func send(from sender: String, to recipient: String, message: [UInt8]) async throws(CurlError) -> SMTPDelivery {
        var request = request()
        request.mailFrom = "<\(sender)>"
        request.mailRecipients = ["<\(recipient)>"]
        request.upload = message
        do {
            let response = try await session.perform(request)
            return .accepted(Self.lastReply(response.replies, code: response.responseCode))
        } catch {
            if let refusal = Self.refusal(error) { return .refused(refusal) }
            throw error
        }
    }

    /// A refusal is a transfer that ended on a 4xx or 5xx reply; 421 means the server is going
    /// away, which is about the server, not the message.
    static func refusal(_ error: CurlError) -> SMTPReply? {
        guard error.code == .transferFailed, error.responseCode >= 400, error.responseCode < 600, error.responseCode != 421 else { return nil }
        return lastReply(error.replies, code: error.responseCode) ?? SMTPReply(code: error.responseCode, text: "\(error.responseCode) (\(error.message))")
    }

    /// The last reply line with this code (multi-line replies joined).
    static func lastReply(_ lines: [String], code: Int) -> SMTPReply? {
        let prefix = String(code)
        var collected: [String] = []
        for line in lines.reversed() {
            if line == prefix || line.hasPrefix(prefix + " ") || line.hasPrefix(prefix + "-") {
                collected.insert(String(line.dropFirst(4)), at: 0)
            } else if !collected.isEmpty {
                break
            }
        }
        guard !collected.isEmpty else { return nil }
        return SMTPReply(code: code, text: "\(code) " + collected.joined(separator: " "))
    }

    /// `250-SIZE 10240000` and friends, from the last EHLO reply seen (after STARTTLS the server
    /// says them again, and the second list is the one that counts).
    static func serverInfo(from lines: [String]) -> SMTPServerInfo {
        var extensions: [String] = []
        var size: Int?
        for line in lines where line.hasPrefix("250-") || line.hasPrefix("250 ") {
            let keyword = line.dropFirst(4)
            if keyword.uppercased().hasPrefix("SIZE") {
                extensions.removeAll { $0.uppercased().hasPrefix("SIZE") }
                size = Int(keyword.split(separator: " ").dropFirst().first ?? "").flatMap { $0 > 0 ? $0 : nil }
            }
            extensions.append(String(keyword))
        }
        return SMTPServerInfo(maxMessageSize: size, extensions: extensions)
    }
}
