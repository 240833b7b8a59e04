/// A transfer that failed, with libcurl's code and message and what to do about it.
///
/// The message never contains credentials: URLs carry none (they go through
/// `CURLOPT_USERNAME`/`CURLOPT_PASSWORD`), and libcurl's error buffer does not echo them.
public struct CurlError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// libcurl returned an error for the transfer (`curlCode` says which).
        public static let transferFailed = Code(rawValue: "transfer_failed")
        /// A handle or option could not be set up.
        public static let setupFailed = Code(rawValue: "setup_failed")
        /// The response grew beyond the request's `maxBytes`.
        public static let tooLarge = Code(rawValue: "too_large")
        /// The task was cancelled and the transfer aborted.
        public static let cancelled = Code(rawValue: "cancelled")
        /// Login was refused.
        public static let authenticationFailed = Code(rawValue: "authentication_failed")
        /// TLS could not be established or the certificate was not trusted.
        public static let tlsFailed = Code(rawValue: "tls_failed")
        /// Host not found, connection refused or timed out.
        public static let connectionFailed = Code(rawValue: "connection_failed")
        /// A transfer without TLS (`tls: none`) would have connected to an address that is not
        /// loopback, and was refused before anything (a password) was sent.
        public static let plaintextNotLoopback = Code(rawValue: "plaintext_not_loopback")
        /// The remote file or folder does not exist.
        public static let notFound = Code(rawValue: "not_found")
    }

    public let code: Code
    /// libcurl's `CURLcode`, when the error came from a transfer.
    public let curlCode: Int?
    public let message: String
    /// The server's last reply code (`CURLINFO_RESPONSE_CODE`), 0 when there was none.
    public var responseCode: Int = 0
    /// The server's reply lines, when the request asked for them.
    public var replies: [String] = []

    public init(code: Code, curlCode: Int? = nil, message: String) {
        self.code = code
        self.curlCode = curlCode
        self.message = message
    }

    public var description: String { message }
}
