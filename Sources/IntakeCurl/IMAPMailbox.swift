public import Foundation

/// Where a mailbox is and how to log in to it.
public struct IMAPEndpoint: Sendable {
    /// `imap` (STARTTLS required unless `tls` is `.none`) or `imaps` (implicit TLS).
    public var scheme: String
    public var host: String
    public var port: Int?
    /// e.g. `INBOX`, `Orders/2026`.
    public var mailbox: String
    public var username: String
    public var password: CurlSecret?
    public var bearerToken: CurlSecret?
    public var caFile: String?
    public var tls: CurlRequest.TLSRequirement

    public init(scheme: String, host: String, port: Int?, mailbox: String, username: String, password: CurlSecret?, bearerToken: CurlSecret?,
                caFile: String?, tls: CurlRequest.TLSRequirement) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.mailbox = mailbox
        self.username = username
        self.password = password
        self.bearerToken = bearerToken
        self.caFile = caFile
        self.tls = tls
    }

    /// `imap://host:port/` — for commands that are not about one mailbox. No credentials in it.
    var serverURL: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")/" }

    /// The URL of a mailbox (percent-encoded path).
    func mailboxURL(_ name: String) -> String { serverURL + IMAPMailbox.encodePath(name) }
}

/// What `EXAMINE` says about a mailbox.
public struct IMAPMailboxStatus: Sendable, Equatable {
    public var uidValidity: UInt32
    public var uidNext: UInt32
    public var exists: Int
}

/// One mailbox over IMAP through libcurl, on one reused connection (the session's handle).
///
/// libcurl behaviours this allows for (seen against Dovecot with Debian 12's libcurl 7.88):
/// custom commands return only the untagged lines of their response, and long ones only in part
/// (searches go in windows); large multi-line custom responses fail, and a URL fetch marks the
/// message `\Seen`, so bodies come through `IMAPFetchPipeline` on a second connection instead.
public struct IMAPMailbox: Sendable {
    public let endpoint: IMAPEndpoint
    let session: CurlSession

    /// The connection's thread: a fetch started there reaches the connection without first
    /// waiting for a thread of the shared pool (which may be busy extracting or committing).
    public var executor: any TaskExecutor { session.taskExecutor }

    public init(endpoint: IMAPEndpoint, session: CurlSession) {
        self.endpoint = endpoint
        self.session = session
    }

    func request(_ url: String) -> CurlRequest {
        var request = CurlRequest(url: url, protocols: ["imap", "imaps"])
        request.username = endpoint.username
        request.password = endpoint.password
        request.bearerToken = endpoint.bearerToken
        request.caFile = endpoint.caFile
        request.tls = endpoint.scheme == "imaps" ? .none : endpoint.tls
        request.timeout = 300
        return request
    }

    /// Runs a command (`CURLOPT_CUSTOMREQUEST`) and returns its untagged response text.
    func command(_ text: String, on url: String) async throws(CurlError) -> String {
        var request = request(url)
        request.customRequest = text
        let response = try await session.perform(request)
        return String(decoding: response.body, as: UTF8.self)
    }

    /// `EXAMINE` (read-only select): UIDVALIDITY, UIDNEXT and the message count.
    public func examine() async throws(CurlError) -> IMAPMailboxStatus {
        let text = try await command("EXAMINE \(Self.quote(endpoint.mailbox))", on: endpoint.serverURL)
        func number(after marker: String) -> UInt32? {
            guard let range = text.range(of: marker) else { return nil }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            return UInt32(digits)
        }
        guard let validity = number(after: "[UIDVALIDITY ") else {
            throw CurlError(code: .transferFailed, message: "\(endpoint.mailboxURL(endpoint.mailbox)): EXAMINE gave no UIDVALIDITY")
        }
        var exists = 0
        for line in text.split(whereSeparator: \.isNewline) where line.hasSuffix(" EXISTS") {
            exists = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return IMAPMailboxStatus(uidValidity: validity, uidNext: number(after: "[UIDNEXT ") ?? 0, exists: exists)
    }

    /// UIDs from `first` through `last` (or to the end when `last` is nil), ascending; with
    /// `since`, only messages the server received on or after that day (`SINCE`, in UTC days).
    ///
    /// Searched in windows of 500 UIDs: Debian 12's libcurl hands the write callback only part of
    /// a long untagged line (a `* SEARCH` of 3,000 UIDs came back as 4 KB of its 14 KB, silently),
    /// and a lost UID would be a lost order. IMAP answers `n:*` with the highest UID even when it
    /// is below `n`; those are dropped.
    public func uids(from first: UInt32, through last: UInt32? = nil, since: Date? = nil) async throws(CurlError) -> [UInt32] {
        let criteria = since.map { "SINCE " + Self.searchDate($0) }
        let window: UInt32 = 500
        var result: [UInt32] = []
        var start = max(first, 1)
        repeat {
            let end = last.map { min($0, start &+ window &- 1) }
            let range = "\(start):" + (end.map(String.init) ?? "*")
            let text = try await command("UID SEARCH UID \(range)" + (criteria.map { " " + $0 } ?? ""), on: endpoint.mailboxURL(endpoint.mailbox))
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("* SEARCH") {
                for token in line.split(separator: " ").dropFirst(2) {
                    guard let uid = UInt32(token) else {
                        throw CurlError(code: .transferFailed, message: "\(endpoint.mailboxURL(endpoint.mailbox)): unreadable SEARCH response (\(token.prefix(20)))")
                    }
                    if uid >= start && uid <= (end ?? UInt32.max) { result.append(uid) }
                }
            }
            guard let end, end < (last ?? 0) else { break }
            start = end + 1
        } while true
        return result.sorted()
    }

    /// The whole message, without marking it read (`BODY.PEEK[]`), on the session's fetch
    /// connection. `upcoming` are the UIDs the caller will want next, in order: they are asked
    /// for in the same command, so the server answers them while this one is being processed.
    public func fetch(uid: UInt32, upcoming: ArraySlice<UInt32> = [], uidValidity: UInt32, maxBytes: Int) async throws(CurlError) -> [UInt8] {
        try await session.fetchMessage(uid: uid, upcoming: upcoming, mailbox: endpoint.mailbox, uidValidity: uidValidity, maxBytes: maxBytes,
                                       opening: request(endpoint.serverURL))
    }

    /// How many UIDs one STORE, MOVE or EXPUNGE names. The server answers such a command with a
    /// line per message (EXPUNGE, FETCH), and Debian 12's libcurl fails a custom request whose
    /// multi-line answer passes its header limit ("Too large response headers", seen on a MOVE
    /// of 200 messages; 100 metadata lines were the most that passed in the testbed's trials).
    static let commandChunk = 50

    /// Sets `flag` on the messages, `commandChunk` per command, without the server echoing them.
    public func add(_ flag: IMAPFlag, uids: [UInt32]) async throws(CurlError) {
        try await store(uids: uids, flags: "+FLAGS.SILENT (\(flag.rawValue))")
    }

    /// Clears `flag` on the messages, `commandChunk` per command.
    public func remove(_ flag: IMAPFlag, uids: [UInt32]) async throws(CurlError) {
        try await store(uids: uids, flags: "-FLAGS.SILENT (\(flag.rawValue))")
    }

    /// `UID STORE set FLAGS`, e.g. `+FLAGS.SILENT (\Seen)`, for several messages, `commandChunk`
    /// per command.
    func store(uids: [UInt32], flags: String) async throws(CurlError) {
        for chunk in Self.chunks(uids) {
            _ = try await command("UID STORE \(Self.uidSet(chunk)) \(flags)", on: endpoint.mailboxURL(endpoint.mailbox))
        }
    }

    /// `UID MOVE set folder`, `commandChunk` UIDs per command, creating the folder first when it
    /// does not exist.
    public func move(uids: [UInt32], to folder: String) async throws(CurlError) {
        for chunk in Self.chunks(uids) {
            let command = "UID MOVE \(Self.uidSet(chunk)) \(Self.quote(folder))"
            do {
                _ = try await self.command(command, on: endpoint.mailboxURL(endpoint.mailbox))
            } catch {
                // Most likely the folder is missing: create it (an error if it exists is fine) and retry once.
                _ = try? await self.command("CREATE \(Self.quote(folder))", on: endpoint.serverURL)
                _ = try await self.command(command, on: endpoint.mailboxURL(endpoint.mailbox))
            }
        }
    }

    /// Flags the messages `\Deleted` and expunges just those UIDs, `commandChunk` per command.
    public func delete(uids: [UInt32]) async throws(CurlError) {
        for chunk in Self.chunks(uids) {
            try await add(.deleted, uids: chunk)
            _ = try await command("UID EXPUNGE \(Self.uidSet(chunk))", on: endpoint.mailboxURL(endpoint.mailbox))
        }
    }

    /// `uids` in pieces of at most `commandChunk`, in order; none for none.
    static func chunks(_ uids: [UInt32]) -> [[UInt32]] {
        stride(from: 0, to: uids.count, by: commandChunk).map { Array(uids[$0..<min($0 + commandChunk, uids.count)]) }
    }

    /// An IMAP sequence set of UIDs with runs folded into ranges: `[1, 2, 3, 7]` → `1:3,7`.
    public static func uidSet(_ uids: [UInt32]) -> String {
        var parts: [String] = []
        var sorted = uids.sorted()[...]
        while let first = sorted.popFirst() {
            var last = first
            while let next = sorted.first, next <= last &+ 1 {
                last = next
                sorted.removeFirst()
            }
            parts.append(first == last ? "\(first)" : "\(first):\(last)")
        }
        return parts.joined(separator: ",")
    }

    /// An IMAP quoted string.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Percent-encodes a mailbox name for the URL path (slashes kept: they separate levels).
    static func encodePath(_ name: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var encoded = ""
        for byte in name.utf8 {
            if allowed.contains(byte) { encoded.unicodeScalars.append(Unicode.Scalar(byte)) } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }
}

extension IMAPMailbox {
    /// `APPEND` of a message to a folder (created when missing), e.g. a sent copy to `Sent`.
    /// libcurl's APPEND flags it `\Seen`, which suits a sent copy.
    public func append(_ message: [UInt8], to folder: String) async throws(CurlError) {
        var request = request(endpoint.mailboxURL(folder))
        request.upload = message
        do {
            _ = try await session.perform(request)
        } catch {
            _ = try? await command("CREATE \(Self.quote(folder))", on: endpoint.serverURL)
            _ = try await session.perform(request)
        }
    }

    /// Whether a folder holds a message with this Message-ID (without angle brackets); false
    /// when the folder does not exist.
    public func contains(messageID: String, in folder: String) async throws(CurlError) -> Bool {
        let text: String
        do {
            text = try await command("UID SEARCH HEADER Message-ID \(Self.quote("<\(messageID)>"))", on: endpoint.mailboxURL(folder))
        } catch {
            if error.code == .notFound || error.message.contains("SELECT") { return false }
            throw error
        }
        return text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("* SEARCH") && $0.split(separator: " ").count > 2 }
    }
}

extension IMAPMailbox {
    /// IMAP's date form for SEARCH (RFC 9051 `date`): `1-Nov-2026`.
    static func searchDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "d-MMM-yyyy"
        return formatter.string(from: date)
    }
}

/// The system flags (RFC 9051 §2.3.2) the desk sets or clears after taking a message.
public enum IMAPFlag: String, Sendable {
    case seen = "\\Seen"
    case flagged = "\\Flagged"
    case deleted = "\\Deleted"
}
