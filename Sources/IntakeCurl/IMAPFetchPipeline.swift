/// Fetches messages with one `UID FETCH set (UID BODY.PEEK[])` per run of UIDs, on a connection
/// of its own that libcurl opens, secures and logs in to, then hands over (`CurlStream`).
///
/// Why not libcurl's URL fetch (one `UID FETCH n BODY[]` per message): `BODY[]` marks the
/// message read, so fetching looked like handling and had to be undone (a flag change, which
/// costs a Maildir server a file rename per message); each message cost a round trip; and
/// Debian 12's libcurl fails on custom `UID FETCH` responses beyond about 300 KB, so it could
/// not ask for more than one at a time. Here the server streams the whole run while intake reads
/// one answer at a time as it is wanted: TCP's window keeps memory flat, `PEEK` leaves the flags
/// as they were, and the mailbox is opened read-only (`EXAMINE`) besides.
///
/// Not thread-safe: owned by a `CurlSession`, used on its queue.
final class IMAPFetchPipeline {
    private let stream: CurlStream
    private var tagNumber = 0
    /// The mailbox `EXAMINE`d on this connection and its UIDVALIDITY.
    private var selected: (mailbox: String, uidValidity: UInt32)?
    /// The `UID FETCH` being answered: its tag and the UIDs not answered yet.
    private var fetching: (tag: String, pending: Set<UInt32>)?
    /// Answers read before they were asked for.
    private var ready: [UInt32: Result<[UInt8], CurlError>] = [:]

    /// The longest line a response may have outside literals.
    static let lineLimit = 1 << 20

    init(opening request: CurlRequest, cancelled: CancellationFlag) throws(CurlError) {
        stream = try CurlStream(opening: request, cancelled: cancelled)
    }

    /// The message with this UID. When it is not part of the run being answered, a new run is
    /// asked for: this UID and the `upcoming` ones after it (the caller's next wants, in order).
    /// Throws `.notFound` for a message the server no longer has, `.tooLarge` for one over
    /// `maxBytes` (its bytes are read and dropped); other errors leave the connection unusable.
    func fetch(uid: UInt32, upcoming: ArraySlice<UInt32>, mailbox: String, uidValidity: UInt32, maxBytes: Int,
               cancelled: CancellationFlag) throws(CurlError) -> [UInt8] {
        if let answer = ready.removeValue(forKey: uid) { return try answer.get() }
        if fetching?.pending.contains(uid) != true {
            try finishFetching(maxBytes: maxBytes, cancelled: cancelled)
            ready.removeAll()  // answers nobody asked for any more
            try select(mailbox, uidValidity: uidValidity, cancelled: cancelled)
            let uids = [uid] + upcoming.filter { $0 != uid }
            let tag = nextTag()
            try stream.send(Array("\(tag) UID FETCH \(IMAPMailbox.uidSet(uids)) (UID BODY.PEEK[])\r\n".utf8), cancelled: cancelled)
            fetching = (tag, Set(uids))
        }
        while ready[uid] == nil {
            try readResponse(maxBytes: maxBytes, cancelled: cancelled)
        }
        return try ready.removeValue(forKey: uid)!.get()
    }

    /// Reads the rest of the run being answered.
    private func finishFetching(maxBytes: Int, cancelled: CancellationFlag) throws(CurlError) {
        while fetching != nil {
            try readResponse(maxBytes: maxBytes, cancelled: cancelled)
        }
    }

    /// `EXAMINE`, or `NOOP` when the mailbox is open already; a UIDVALIDITY other than the
    /// caller's is an error (the UIDs it asks for would name other messages).
    private func select(_ mailbox: String, uidValidity: UInt32, cancelled: CancellationFlag) throws(CurlError) {
        if let selected, selected.mailbox == mailbox, selected.uidValidity == uidValidity {
            // A NOOP, answered before the fetch is sent, shows this session the mail that arrived
            // since it last looked (another connection searched for it). Without it Dovecot answers
            // new UIDs with nothing, as if they had been expunged; sent in the same write as the
            // fetch, it is not yet in effect for it.
            _ = try run("NOOP", cancelled: cancelled)
            return
        }
        selected = nil
        let untagged = try run("EXAMINE \(IMAPMailbox.quote(mailbox))", cancelled: cancelled)
        var validity: UInt32?
        for line in untagged {
            guard let range = line.firstRange(of: Array("[UIDVALIDITY ".utf8)) else { continue }
            validity = UInt32(String(decoding: line[range.upperBound...].prefix { $0 >= 48 && $0 <= 57 }, as: UTF8.self))
        }
        guard let validity else {
            throw CurlError(code: .transferFailed, message: "\(stream.url): EXAMINE \(mailbox) gave no UIDVALIDITY")
        }
        guard validity == uidValidity else {
            throw CurlError(code: .transferFailed, message: "\(stream.url): the UIDVALIDITY of \(mailbox) changed from \(uidValidity) to \(validity); the next poll reads it again")
        }
        selected = (mailbox, validity)
    }

    /// A command answered in full: its untagged lines (without literals); a `NO` or `BAD` is an error.
    private func run(_ command: String, cancelled: CancellationFlag) throws(CurlError) -> [[UInt8]] {
        let tag = nextTag()
        try stream.send(Array("\(tag) \(command)\r\n".utf8), cancelled: cancelled)
        var untagged: [[UInt8]] = []
        while true {
            let response = try readRaw(maxBodyBytes: 0, cancelled: cancelled)
            if let status = Self.status(of: response.text, tag: tag) {
                guard status.ok else {
                    throw CurlError(code: .transferFailed, message: "\(stream.url): \(command.prefix(60)) failed: \(status.text)")
                }
                return untagged
            }
            untagged.append(response.text)
        }
    }

    /// Reads one response and files it: a message's body into `ready`, the end of the run being
    /// answered into `ready` for every UID it did not answer (`.notFound`: expunged since).
    /// Everything else (news about other messages, flags, counts) is read and dropped.
    private func readResponse(maxBytes: Int, cancelled: CancellationFlag) throws(CurlError) {
        let response = try readRaw(maxBodyBytes: maxBytes, cancelled: cancelled)
        guard let fetching else {
            throw CurlError(code: .transferFailed, message: "\(stream.url): no command is waiting for an answer")
        }
        if let status = Self.status(of: response.text, tag: fetching.tag) {
            for uid in fetching.pending {
                ready[uid] = .failure(status.ok
                    ? CurlError(code: .notFound, message: "\(stream.url): message UID \(uid) is no longer in the mailbox")
                    : CurlError(code: .transferFailed, message: "\(stream.url): UID FETCH failed: \(status.text)"))
            }
            self.fetching = nil
            return
        }
        guard let body = response.body, let uid = Self.uid(in: response.text), fetching.pending.contains(uid) else { return }
        self.fetching?.pending.remove(uid)
        switch body {
        case .bytes(let bytes): ready[uid] = .success(bytes)
        case .tooLarge(let size):
            ready[uid] = .failure(CurlError(code: .tooLarge, message: "\(stream.url): message UID \(uid) has \(size) bytes, over the limit of \(maxBytes)"))
        }
    }

    private enum Body {
        case bytes([UInt8])
        case tooLarge(Int)
    }

    /// One response as sent: its lines run together, each literal cut out; the literal after
    /// `BODY[]` kept when it is at most `maxBodyBytes`, every other literal read and dropped.
    private func readRaw(maxBodyBytes: Int, cancelled: CancellationFlag) throws(CurlError) -> (text: [UInt8], body: Body?) {
        var text: [UInt8] = []
        var body: Body?
        while true {
            let line = try stream.readLine(limit: Self.lineLimit, cancelled: cancelled)
            text.append(contentsOf: line)
            guard let (size, opening) = Self.literal(endingLine: line) else { break }
            if text.starts(with: Array("* BYE".utf8)) { break }
            if line[..<opening].hasSuffixBytes("BODY[] ") {
                if size <= maxBodyBytes {
                    body = .bytes(try stream.read(count: size, cancelled: cancelled))
                } else {
                    try stream.skip(count: size, cancelled: cancelled)
                    body = .tooLarge(size)
                }
            } else {
                try stream.skip(count: size, cancelled: cancelled)
            }
            if text.count > Self.lineLimit {
                throw CurlError(code: .transferFailed, message: "\(stream.url): a response longer than \(Self.lineLimit) bytes outside its literals")
            }
        }
        if text.starts(with: Array("* BYE".utf8)) {
            throw CurlError(code: .connectionFailed, message: "\(stream.url): the server closed the session: \(String(decoding: text.prefix(200), as: UTF8.self))")
        }
        return (text, body)
    }

    private func nextTag() -> String {
        tagNumber += 1
        return "F\(tagNumber)"
    }

    /// `{n}` at the end of a line announces a literal of n bytes: n and where `{` is.
    static func literal(endingLine line: [UInt8]) -> (size: Int, opening: Int)? {
        guard line.last == UInt8(ascii: "}"), let opening = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        let digits = line[(opening + 1)..<(line.endIndex - 1)]
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return (Int(String(decoding: digits, as: UTF8.self))!, opening)
    }

    /// The `UID n` of a FETCH response.
    static func uid(in text: [UInt8]) -> UInt32? {
        guard text.starts(with: Array("* ".utf8)), text.firstRange(of: Array(" FETCH (".utf8)) != nil else { return nil }
        var searchFrom = text.startIndex
        while let range = text[searchFrom...].firstRange(of: Array("UID ".utf8)) {
            let before = range.lowerBound > 0 ? text[range.lowerBound - 1] : 0
            if before == UInt8(ascii: "(") || before == UInt8(ascii: " ") {
                return UInt32(String(decoding: text[range.upperBound...].prefix { $0 >= 48 && $0 <= 57 }, as: UTF8.self))
            }
            searchFrom = range.upperBound
        }
        return nil
    }

    /// The completion of the command with this tag: whether it was `OK`, and its text.
    static func status(of text: [UInt8], tag: String) -> (ok: Bool, text: String)? {
        let prefix = Array((tag + " ").utf8)
        guard text.starts(with: prefix) else { return nil }
        let rest = text[prefix.count...]
        return (rest.starts(with: Array("OK".utf8)), String(decoding: rest.prefix(300), as: UTF8.self))
    }
}

extension ArraySlice<UInt8> {
    fileprivate func hasSuffixBytes(_ suffix: String) -> Bool {
        let bytes = Array(suffix.utf8)
        return count >= bytes.count && self[(endIndex - bytes.count)...].elementsEqual(bytes)
    }
}

extension CurlSession {
    /// A message of an IMAP mailbox through the session's fetch pipeline (opened with `request`
    /// when it is not open; closed again after an error that may have left it mid-answer).
    func fetchMessage(uid: UInt32, upcoming: ArraySlice<UInt32>, mailbox: String, uidValidity: UInt32, maxBytes: Int,
                      opening request: CurlRequest) async throws(CurlError) -> [UInt8] {
        let flag = CancellationFlag()
        let result = await withTaskCancellationHandler {
            self.fetchNow(uid: uid, upcoming: upcoming, mailbox: mailbox, uidValidity: uidValidity, maxBytes: maxBytes, request: request, cancelled: flag)
        } onCancel: {
            flag.set()
        }
        return try result.get()
    }

    private func fetchNow(uid: UInt32, upcoming: ArraySlice<UInt32>, mailbox: String, uidValidity: UInt32, maxBytes: Int, request: CurlRequest,
                          cancelled flag: CancellationFlag) -> Result<[UInt8], CurlError> {
        if Task.isCancelled { return .failure(CurlError(code: .cancelled, message: "\(request.url): cancelled before it started")) }
        do throws(CurlError) {
            let pipeline: IMAPFetchPipeline
            if let open = imapPipeline { pipeline = open } else {
                pipeline = try IMAPFetchPipeline(opening: request, cancelled: flag)
                imapPipeline = pipeline
            }
            return .success(try pipeline.fetch(uid: uid, upcoming: upcoming, mailbox: mailbox, uidValidity: uidValidity, maxBytes: maxBytes, cancelled: flag))
        } catch {
            if error.code != .notFound && error.code != .tooLarge { imapPipeline = nil }
            return .failure(error)
        }
    }
}
