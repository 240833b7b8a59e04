import IntakeExtraction
import IntakeModel
import IntakeMIME

extension IntakeService {
    /// Lets the extractor see which of the desk's messages a reply answers (our confirmations and
    /// surveys in the outbox, customers' order emails among the items), so that "Re: …" mail whose
    /// subject and body name no order is still tied to it. The message's `In-Reply-To` and
    /// `References` are looked up before extraction (the extractor runs without the store), each
    /// on its own, so the extractor gets the first one that is ours whatever order it asks in.
    /// A store that cannot be read only loses the link: the reply is still extracted and reviewed.
    func threadLookup(for bytes: [UInt8]) async -> (@Sendable ([String]) -> ThreadReference?)? {
        let ids = ThreadHeaders.ids(in: bytes)
        guard !ids.isEmpty else { return nil }
        let read: [String: ThreadTarget]? = try? await reading { store throws(StoreError) -> [String: ThreadTarget] in
            var targets: [String: ThreadTarget] = [:]
            for id in ids { targets[id] = try store.threadTarget(messageIDs: [id]) }
            return targets
        }
        guard let found = read, !found.isEmpty else { return nil }
        return { @Sendable (asked: [String]) -> ThreadReference? in
            guard let target = asked.lazy.compactMap({ found[$0] }).first else { return nil }
            let what = target.purpose.map { "our \($0)" } ?? "the order email"
            return ThreadReference(orderNumber: target.orderNumber?.description, isSurvey: target.purpose == "survey",
                                   description: "\(what) <\(target.messageID)>")
        }
    }
}

/// The Message-IDs an email's `In-Reply-To` and `References` name, read from its header block
/// alone (the same parser the extractor uses, so the same IDs), without parsing the body.
enum ThreadHeaders {
    static func ids(in bytes: [UInt8]) -> [String] {
        let head = bytes.prefix(65_536)
        guard let end = headerEnd(head) else { return [] }
        let block = Array(head[..<end])
        let text = String(decoding: block, as: UTF8.self).lowercased()
        guard text.contains("in-reply-to:") || text.contains("references:") else { return [] }
        guard let message = try? MIMEParser().parse(block + Array("\r\n\r\n".utf8)) else { return [] }
        var seen = Set<String>()
        return (message.inReplyTo + message.references).filter { seen.insert($0).inserted }
    }

    /// Where the header block ends (the first empty line), or nil when there is none in reach.
    static func headerEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        var lineStart = true
        while index < bytes.endIndex {
            let byte = bytes[index]
            if lineStart && (byte == 0x0A || (byte == 0x0D && index + 1 < bytes.endIndex && bytes[index + 1] == 0x0A)) { return index }
            lineStart = byte == 0x0A
            index += 1
        }
        return nil
    }
}
