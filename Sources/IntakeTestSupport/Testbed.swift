import Foundation

/// The local mail servers started by `scripts/testbed.sh` (Dovecot, Postfix, sshd, vsftpd on
/// 127.0.0.1). `scripts/test.sh` starts them and points `INTAKE_TESTBED_JSON` at their
/// description; suites that need them are enabled only then, and `INTAKE_REQUIRE_TESTBED=1`
/// (set by the test script) turns a missing testbed into a failure instead of a skip.
public struct Testbed: Sendable {
    public let values: [String: String]

    public static let current: Testbed? = {
        guard let path = ProcessInfo.processInfo.environment["INTAKE_TESTBED_JSON"],
              let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return Testbed(values: object.compactMapValues { $0 as? String ?? ($0 as? NSNumber)?.stringValue })
    }()

    public static var isRequired: Bool { ProcessInfo.processInfo.environment["INTAKE_REQUIRE_TESTBED"] == "1" }

    public subscript(_ key: String) -> String { values[key] ?? "" }

    public var imapPort: String { self["TESTBED_IMAP_PORT"] }
    public var imapsPort: String { self["TESTBED_IMAPS_PORT"] }
    public var caCert: String { self["TESTBED_CA_CERT"] }
    public var ordersUser: String { self["TESTBED_USER_ORDERS"] }
    public var ordersPassword: String { self["TESTBED_PASS_ORDERS"] }

    /// Runs the curl command-line tool against the testbed (to prepare mailboxes); returns its output.
    @discardableResult
    /// `account` logs in as another testbed user (user, password) instead of the orders account.
    public func curl(_ arguments: [String], upload: String? = nil, account: (String, String)? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let (user, password) = account ?? (ordersUser, ordersPassword)
        var args = ["curl", "-sS", "--ssl-reqd", "--cacert", caCert, "-u", "\(user):\(password)"]
        if let upload { args += ["-T", upload] }
        process.arguments = args + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public var serverURL: String { "imap://127.0.0.1:\(imapPort)/" }

    /// Creates a mailbox of the orders account and appends the given files to it.
    /// Uploading marks messages read (libcurl's APPEND adds `\\Seen`); `unread` clears that.
    public func makeMailbox(_ name: String, files: [String], unread: Bool = false, account: (String, String)? = nil) throws {
        try curl([serverURL, "-X", "CREATE \(name)"], account: account)
        for file in files { try curl([serverURL + name], upload: file, account: account) }
        if unread { try curl([serverURL + name, "-X", "UID STORE 1:* -FLAGS (\\Seen)"], account: account) }
    }

    /// A desk source (under `sources:`) polling `mailbox` of the orders account, with the password
    /// from `TB_PASS`.
    public func deskMailboxSourceYAML(_ mailbox: String, after: String = "none") -> String {
        """
          - name: desk-mailbox
            url: imap://127.0.0.1:\(imapPort)/\(mailbox)
            username: \(ordersUser)
            password_env: TB_PASS
            ca_file: \(caCert)
            after: \(after)
        """
    }

    /// The lines under `delivery:` that send through the submission port (STARTTLS) as the
    /// orders account, with the password from `TB_PASS`.
    public var submissionDeliveryYAML: String {
        """
          method: smtp
          smtp:
            url: smtp://127.0.0.1:\(self["TESTBED_SUBMISSION_PORT"])
            username: \(ordersUser)
            password_env: TB_PASS
            ca_file: \(caCert)
        """
    }

    /// Appends files to an existing mailbox (as mail arriving there).
    public func append(_ files: [String], to name: String, account: (String, String)? = nil) throws {
        for file in files { try curl([serverURL + name], upload: file, account: account) }
    }

    /// The raw messages in an account's mailbox whose Message-ID contains `text`, waiting (up to
    /// ten seconds) until at least `expect` are there: Postfix delivers asynchronously.
    public func received(_ text: String, account: (String, String), mailbox: String = "INBOX", expect: Int = 1) async throws -> [String] {
        var found: [String] = []
        for _ in 0..<100 {
            let search = try curl([serverURL + mailbox, "-X", "UID SEARCH HEADER Message-ID \"\(text)\""], account: account).output
            let uids = search.split(whereSeparator: \.isNewline).flatMap { $0.hasPrefix("* SEARCH") ? $0.split(separator: " ").dropFirst(2).map(String.init) : [] }
            if uids.count >= expect {
                found = try uids.map { uid in try curl([serverURL + "\(mailbox);UID=\(uid)"], account: account).output }
                break
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return found
    }

    /// `MESSAGES` of a mailbox, or nil when it does not exist.
    public func count(_ name: String, account: (String, String)? = nil) throws -> Int? {
        try status(name, "MESSAGES", account: account)
    }

    /// `UNSEEN` of a mailbox, or nil when it does not exist.
    public func unread(_ name: String, account: (String, String)? = nil) throws -> Int? {
        try status(name, "UNSEEN", account: account)
    }

    func status(_ name: String, _ item: String, account: (String, String)?) throws -> Int? {
        let result = try curl([serverURL, "-X", "STATUS \(name) (\(item))"], account: account)
        guard result.status == 0, let range = result.output.range(of: "\(item) ") else { return nil }
        return Int(result.output[range.upperBound...].prefix { $0.isNumber })
    }
}
