import IntakeModel
/// The identity of an email apart from the way it travelled, for the duplicate check.
///
/// The same message reaches a desk more than once: delivered twice by a retrying MTA, once to a
/// mailbox and once as a file in a drop folder, or copied into an SFTP folder by a script. Each
/// copy carries its own trace (a `Received:` per hop, `Delivered-To:`, the spam filter's
/// verdict) and its own line ends (IMAP sends CRLF, a file saved on Unix has LF), so the hash of
/// the raw bytes differs while the message — what its sender wrote — is the same. This hash
/// leaves those differences out: SHA-256 over the header section without trace fields, each
/// field unfolded with its runs of blanks made one space, then the body with CRLF made LF and the
/// line breaks at its very end dropped. Anything the sender wrote (Subject, From, Date, a single
/// byte of the body) still changes it.
///
/// Computed once per email-looking item, where its Message-ID is sniffed. It works on bytes
/// (no `String`): it runs on every message of a mailbox sync.
enum MessageHash {
    /// Header fields that servers add or rewrite on the way and that a sender does not write,
    /// lower-cased. Leaving one out can never make two different messages look alike: it says
    /// how a copy travelled or what a server thought of it, while what it describes (the rest of
    /// the header and the body) is still hashed.
    ///
    /// - Transport trace (RFC 5321 §4.4 and common MTA/MDA practice): `Received`, `Return-Path`,
    ///   `Delivered-To`, `X-Original-To`, `Envelope-To`, `X-Envelope-To`, `X-Envelope-From`,
    ///   `X-Received` (Gmail's extra hop record).
    /// - Signatures and verdicts added by the servers on the way: `DKIM-Signature` (a forwarder
    ///   or list adds its own), `ARC-*` (RFC 8617, one set per hop), `Authentication-Results`,
    ///   `Received-SPF`, `X-Spam-*` (SpamAssassin, rspamd), `X-Virus-Scanned`, `X-Virus-Status`.
    /// - Mail-store bookkeeping written into exported files: `Status`, `X-Status`, `X-Keywords`,
    ///   `X-UID` (mbox and Dovecot), and a leading mbox `From ` separator line.
    ///
    /// Not left out: `Message-ID`, `Date`, `From`, `To`, `Subject`, MIME fields and every other
    /// field, including unknown `X-` fields a sender's program may write.
    static let traceFields: Set<[UInt8]> = Set([
        "received", "return-path", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to", "x-envelope-from", "x-received",
        "dkim-signature", "authentication-results", "received-spf", "x-virus-scanned", "x-virus-status",
        "status", "x-status", "x-keywords", "x-uid",
    ].map { Array($0.utf8) })

    /// Families of trace fields, by lower-cased name prefix (see `traceFields`).
    static let tracePrefixes: [[UInt8]] = ["arc-", "x-spam-"].map { Array($0.utf8) }

    /// The hex SHA-256 of `normalized(bytes)`.
    static func of(_ bytes: [UInt8]) -> String {
        ContentHash.of(normalized(bytes))
    }

    /// What is hashed: the kept header fields, each unfolded on one line ending in LF, an empty
    /// line, then the body with LF line ends and no line break at its end.
    static func normalized(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { source in
            var out: [UInt8] = []
            out.reserveCapacity(source.count)
            let bodyIndex = appendHeader(source, from: afterMboxSeparator(source), to: &out)
            out.append(0x0A)
            appendBody(source, from: bodyIndex, to: &out)
            return out
        }
    }

    /// Where the message starts: an mbox separator line (`From sender date`) is not part of it.
    static func afterMboxSeparator(_ source: UnsafeBufferPointer<UInt8>) -> Int {
        let count = source.count
        guard count >= 5, source[0] == 0x46, source[1] == 0x72, source[2] == 0x6F, source[3] == 0x6D, source[4] == 0x20 else { return 0 }
        var index = 0
        while index < count, source[index] != 0x0A { index += 1 }
        return min(index + 1, count)
    }

    /// Appends the kept header fields, each unfolded on one line ending in LF, and returns where
    /// the body starts (after the first empty line).
    static func appendHeader(_ source: UnsafeBufferPointer<UInt8>, from start: Int, to out: inout [UInt8]) -> Int {
        let count = source.count
        var index = start
        var keeping = false  // whether the field being read is kept
        var pendingBlank = false  // blanks seen in a kept field, written as one space before the next other byte
        func endField() {
            if keeping { out.append(0x0A) }
            keeping = false
            pendingBlank = false
        }
        func appendUnfolded(_ start: Int, _ end: Int) {
            for position in start..<end {
                let byte = source[position]
                if byte == 0x20 || byte == 0x09 {
                    pendingBlank = true
                } else {
                    if pendingBlank { out.append(0x20) }
                    pendingBlank = false
                    out.append(byte)
                }
            }
        }
        while index < count {
            var end = index
            while end < count, source[end] != 0x0A { end += 1 }
            let next = end < count ? end + 1 : end
            var contentEnd = end
            if contentEnd > index, source[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if contentEnd == index {  // the empty line: the body follows
                index = next
                break
            }
            let first = source[index]
            if first == 0x20 || first == 0x09 {
                // A folded continuation: unfolding joins it to its field (the fold is a blank).
                if keeping { appendUnfolded(index, contentEnd) }
            } else {
                endField()
                keeping = !isTraceField(source, from: index, to: contentEnd)
                if keeping { appendUnfolded(index, contentEnd) }
            }
            index = next
        }
        endField()
        return index
    }

    /// Appends the body with CRLF as LF, a run of bytes at a time, and no line break at its end
    /// (whether a copy ends in one is a matter of how it was saved).
    static func appendBody(_ source: UnsafeBufferPointer<UInt8>, from start: Int, to out: inout [UInt8]) {
        let count = source.count
        let bodyStart = out.count
        var runStart = start
        var position = start
        while position < count {
            if source[position] == 0x0D, position + 1 < count, source[position + 1] == 0x0A {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<position]))
                runStart = position + 1
                position += 2
            } else {
                position += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<count]))
        var bodyEnd = out.count
        while bodyEnd > bodyStart, out[bodyEnd - 1] == 0x0A || out[bodyEnd - 1] == 0x0D { bodyEnd -= 1 }
        out.removeLast(out.count - bodyEnd)
    }

    /// Whether the field whose line runs from `start` to `end` is named in `traceFields` or
    /// `tracePrefixes` (the name compared without regard to case, blanks before the colon ignored).
    static func isTraceField(_ source: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var colon = start
        while colon < end, source[colon] != 0x3A { colon += 1 }
        guard colon < end else { return false }  // not a field: kept as it is
        var nameEnd = colon
        while nameEnd > start, source[nameEnd - 1] == 0x20 || source[nameEnd - 1] == 0x09 { nameEnd -= 1 }
        guard nameEnd - start <= 32 else { return false }  // longer than any trace field name
        var name = [UInt8](repeating: 0, count: nameEnd - start)
        for offset in 0..<name.count {
            let byte = source[start + offset]
            name[offset] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
        }
        if traceFields.contains(name) { return true }
        return tracePrefixes.contains { name.count > $0.count && name.starts(with: $0) }
    }
}
