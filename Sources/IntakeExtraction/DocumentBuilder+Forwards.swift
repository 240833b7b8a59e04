import IntakeMIME

extension DocumentBuilder {
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
        } else if let start = DocumentBuilder.quotedHeaderBlockStart(lines) {
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
}
