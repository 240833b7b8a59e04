import IntakeMIME

/// Tells a forward from a reply and finds what it forwards: an Outlook-style block, an inline
/// "Forwarded message", "> " quotes; apart from `EmailReader` because it reads text, not a message.
enum ForwardedMail {
    /// A message forwarded the way Outlook forwards: a separator line ("-----Original
    /// Message-----", its Chinese forms, or Outlook's long underline), a header block (From:,
    /// Sent:, To:, Subject:, in English or Chinese), then the forwarded text, unquoted. A sales
    /// rep forwarding a customer's order to the desk sends exactly this; `unquoted` reads only
    /// "> " quotes, so the order below was never read.
    struct ForwardedBlock {
        /// The forwarded message's sender, from its `From:` line.
        var from: MailAddress?
        /// Its text, from the line after the header block to the next separator (older history).
        var body: String
    }

    static let forwardSeparators = ["-----original message-----", "-----原始郵件-----", "-----原始邮件-----", "________________________________"]
    static let forwardHeaderLabels = ["from", "sent", "to", "cc", "subject", "date", "寄件者", "寄件人", "发件人", "寄件日期", "傳送時間", "发送时间",
                                      "收件者", "收件人", "副本", "抄送", "主旨", "主题", "日期"]

    /// The first Outlook-style forwarded block of `quoted`, when it has a header block with a sender.
    static func forwardedBlock(_ quoted: String) -> ForwardedBlock? {
        let lines = quoted.lineSlices(omittingEmpty: false)
        // After a separator line, or (Outlook without one) from a header block's "From:" line.
        var index: Int
        if let separator = lines.firstIndex(where: { line in
            let lower = TextNormalizer.lowercased(line.trimmedSpaces())
            return forwardSeparators.contains { lower.hasPrefix($0) }
        }) {
            index = separator + 1
        } else if let start = ReplySplitter.quotedHeaderBlockStart(lines) {
            index = start
        } else {
            return nil
        }
        var from: MailAddress?
        var sawHeader = false
        while index < lines.count {
            let trimmed = lines[index].trimmedSpaces()
            if trimmed.isEmpty && !sawHeader { index += 1; continue }
            guard let label = headerLabel(of: trimmed) else { break }
            sawHeader = true
            if ["from", "寄件者", "寄件人", "发件人"].contains(label.name) {
                from = AddressParser.parseList(Array(label.value.utf8)).first
            }
            index += 1
        }
        guard sawHeader, from != nil else { return nil }
        var body: [Substring] = []
        while index < lines.count {
            let lower = TextNormalizer.lowercased(lines[index].trimmedSpaces())
            if forwardSeparators.contains(where: { lower.hasPrefix($0) }) { break }
            body.append(lines[index])
            index += 1
        }
        return ForwardedBlock(from: from, body: body.joined(separator: "\n"))
    }

    /// "From: …", "寄件者：…": the label (lower-cased) and its value.
    private static func headerLabel(of line: String) -> (name: String, value: Substring)? {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let name = TextNormalizer.lowercased(String(line[..<colon]).trimmedSpaces())
        guard forwardHeaderLabels.contains(name) else { return nil }
        return (name, line[line.index(after: colon)...])
    }

    /// Whether the forwarder's own words order or ask for something themselves.
    static func forwarderActs(_ fresh: String) -> Bool {
        let lower = TextNormalizer.lowercased(String(fresh.prefix(1500)))
        return ["please supply", "please send", "please deliver", "please ship", "could you", "can you", "our po", "po no", "po number", "except",
                "replace", "missing", "instead", "訂購", "订购", "補發", "补发", "換貨", "换货", "除了", "以外", "採購單號", "采购单号", "麻煩", "麻烦"]
            .contains { lower.hasSubstring($0) }
    }

    static func domain(of address: String) -> Substring? {
        address.split(separator: "@").last
    }

    /// A forward by its subject ("Fwd:", "FW:", 轉寄) or a forward marker in the text.
    static func isForward(subject: String, fresh: String) -> Bool {
        let lowerSubject = subject.lowercased()
        if ["fw:", "fwd:", "fw：", "fwd：", "轉寄", "转发", "轉發", "wg:"].contains(where: { lowerSubject.hasPrefix($0) }) { return true }
        let lower = fresh.lowercased()
        return ["forwarded message", "轉寄的郵件", "转发的邮件", "轉發的郵件"].contains { lower.hasSubstring($0) }
    }

    static func pointsAtQuotedOrder(subject: String, fresh: String) -> Bool {
        let lowerSubject = subject.lowercased()
        if ["fw:", "fwd:", "轉寄", "转发", "轉發", "wg:"].contains(where: { lowerSubject.hasPrefix($0) }) { return true }
        let lower = fresh.lowercased()
        return ["order below", "below order", "following order", "order underneath", "forwarded", "see below",
                "如下", "以下訂單", "以下订单", "下面的訂單", "下面的订单", "轉寄", "转发"].contains { lower.hasSubstring($0) }
    }

    /// The lines of a quote with their `>` marks taken off.
    static func unquoted(_ text: String) -> String {
        text.lineSlices(omittingEmpty: false).compactMap { line -> Substring? in
            let trimmed = line.trimmedSpaces()
            guard trimmed.hasPrefix(">") else { return nil }
            return trimmed.drop { $0 == ">" || $0 == " " }
        }.joined(separator: "\n")
    }

    /// The `From:` line under an inline "Forwarded message" marker.
    static func inlineForwardSender(_ text: String) -> MailAddress? {
        let markers = ["forwarded message", "begin forwarded message", "轉寄的郵件", "转发的邮件", "轉發的郵件", "原始郵件", "fwd:"]
        // A marker in a line is a marker in the whole text (lower-casing maps scalar by scalar
        // and no marker holds a line break): most messages are answered by one look.
        let lowerText = TextNormalizer.lowercased(text)
        guard markers.contains(where: { lowerText.hasSubstring($0) }) else { return nil }
        let lines = text.lineSlices()
        guard let start = lines.firstIndex(where: { line in
            let lower = line.lowercased()
            return markers.contains { lower.hasSubstring($0) }
        }) else { return nil }
        for line in lines[start...].prefix(8) {
            let trimmed = line.trimmedSpaces()
            for label in ["from:", "寄件者:", "发件人:", "寄件人:"] where trimmed.lowercased().hasPrefix(label) {
                let value = trimmed.dropFirst(label.count)
                return AddressParser.parseList(Array(value.utf8)).first
            }
        }
        return nil
    }
}
