/// A secret value (password, token) that never prints itself.
public struct CurlSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// Everything one transfer needs. Each property names the `CURLOPT_…` it sets.
public struct CurlRequest: Sendable {
    /// How much TLS a plain-text protocol must use (`CURLOPT_USE_SSL`).
    public enum TLSRequirement: Sendable {
        /// No STARTTLS. On a plain-text scheme (`imap`, `smtp`, `ftp`) the transfer then connects
        /// to loopback addresses only: every other address is refused before connecting
        /// (`CURLOPT_OPENSOCKETFUNCTION`) and the address used is checked again afterwards
        /// (`CURLINFO_PRIMARY_IP`), so that no password travels in clear text off this machine.
        /// Schemes that are encrypted anyway (`imaps`, `smtps`, `ftps`, `sftp`) and `file` are
        /// not restricted.
        case none
        /// STARTTLS required; the transfer fails when the server does not offer it.
        case required
    }

    /// `CURLOPT_URL`. Never put credentials in it: URLs are logged.
    public var url: String
    /// `CURLOPT_PROTOCOLS_STR`: the schemes this transfer may use, e.g. `["file"]`, `["imap", "imaps"]`.
    public var protocols: [String]
    /// `CURLOPT_USERNAME`.
    public var username: String?
    /// `CURLOPT_PASSWORD`.
    public var password: CurlSecret?
    /// `CURLOPT_XOAUTH2_BEARER`.
    public var bearerToken: CurlSecret?
    /// `CURLOPT_CAINFO`: an extra CA bundle to trust. Verification itself is never switched off.
    public var caFile: String?
    /// `CURLOPT_USE_SSL`.
    public var tls: TLSRequirement = .required
    /// `CURLOPT_CUSTOMREQUEST`.
    public var customRequest: String?
    /// `CURLOPT_UPLOAD` with the bytes fed through `CURLOPT_READFUNCTION`.
    public var upload: [UInt8]?
    /// `CURLOPT_MAIL_FROM`.
    public var mailFrom: String?
    /// `CURLOPT_MAIL_RCPT`.
    public var mailRecipients: [String] = []
    /// `CURLOPT_MAIL_RCPT_ALLOWFAILS`: go on with the recipients the server accepted.
    public var allowRecipientFailures = false
    /// Keep the server's reply lines (through `CURLOPT_DEBUGFUNCTION`), e.g. SMTP's EHLO
    /// extensions and the text of a refusal. Only replies are kept, never what was sent.
    public var captureReplies = false
    /// `CURLOPT_QUOTE`: commands before the transfer (FTP/SFTP rename, delete), as bytes: they
    /// name files, and a file's name is bytes that need not be UTF-8.
    public var quote: [[UInt8]] = []
    /// `CURLOPT_POSTQUOTE`: commands after the transfer, as bytes.
    public var postQuote: [[UInt8]] = []
    /// `CURLOPT_DIRLISTONLY`.
    public var listOnly: Bool = false
    /// `CURLOPT_NOBODY`: run the commands, transfer nothing.
    public var noBody: Bool = false
    /// `CURLOPT_SSH_KNOWNHOSTS`: the known_hosts file the SFTP server's key must be in.
    public var sshKnownHostsFile: String?
    /// `CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256`: the server key's SHA-256 fingerprint (base64).
    public var sshHostKeySHA256: String?
    /// `CURLOPT_SSH_PRIVATE_KEYFILE` (and `CURLOPT_SSH_PUBLIC_KEYFILE` when given).
    public var sshPrivateKeyFile: String?
    public var sshPublicKeyFile: String?
    /// `CURLOPT_CONNECT_ONLY`: connect, negotiate TLS and log in, then hand the connection over
    /// (`CurlStream`) instead of transferring anything.
    public var connectOnly: Bool = false
    /// `CURLOPT_CONNECTTIMEOUT`, seconds.
    public var connectTimeout: Int = 20
    /// `CURLOPT_TIMEOUT`, seconds; 0 means none. Large downloads rely on `lowSpeedLimit` instead.
    public var timeout: Int = 0
    /// `CURLOPT_LOW_SPEED_LIMIT`/`_TIME`: abort when slower than 1 byte/s for this many seconds.
    public var stallTimeout: Int = 60
    /// Abort once the response exceeds this many bytes (checked in the write callback).
    public var maxBytes: Int = 64 * 1024 * 1024
    /// `CURLOPT_RESOLVE` (`host:port:address`): names answered without asking DNS. For tests,
    /// which must not send a lookup or a packet off this machine.
    var resolve: [String] = []
    /// Addresses the loopback check treats as not loopback: a test points a plain-text transfer
    /// at a listener of its own on 127.0.0.1 and sees it refused, with no packet leaving.
    var addressesTreatedAsRemote: Set<String> = []

    /// Schemes whose connection is encrypted (or not a connection) whatever `tls` says.
    static let encryptedSchemes: Set<String> = ["file", "imaps", "smtps", "ftps", "sftp", "scp", "https", "pop3s"]

    /// Whether this transfer talks to a server without encryption: then only loopback
    /// addresses may be connected to.
    var isPlaintextNetwork: Bool {
        guard tls == .none else { return false }
        let scheme = url.range(of: "://").map { url[..<$0.lowerBound].lowercased() } ?? ""
        return !Self.encryptedSchemes.contains(scheme)
    }

    public init(url: String, protocols: [String]) {
        self.url = url
        self.protocols = protocols
    }
}

/// What a transfer returned.
public struct CurlResponse: Sendable {
    /// The response body (or the untagged IMAP response, or a directory listing).
    public var body: [UInt8]
    /// `CURLINFO_RESPONSE_CODE`: the server's last reply code (SMTP, FTP); 0 for file://.
    public var responseCode: Int
    /// The server's reply lines, when the request asked for them (`captureReplies`).
    public var replies: [String] = []
}

/// Builds URLs and URL parts that libcurl reads back as the same bytes, whatever they hold.
public enum CurlURL {
    public static func file(path: String) -> String {
        "file://" + encoded(Array(path.utf8), keepingSlashes: true)
    }

    /// One path segment (a file name on a server) from its bytes: every byte but the unreserved
    /// ones percent-encoded, `/` included, so a name that is not UTF-8, or holds `%`, `#` or `?`,
    /// names that file and no other.
    public static func segment(_ bytes: [UInt8]) -> String {
        encoded(bytes, keepingSlashes: false)
    }

    static func encoded(_ bytes: [UInt8], keepingSlashes: Bool) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                text += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return text
    }
}
