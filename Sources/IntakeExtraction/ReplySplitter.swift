import Foundation

/// Separates what the sender wrote from the quoted history, signature and legal footer below it; apart
/// because every reader of a reply asks it, and it reads only text.
enum ReplySplitter {
    /// Separates what the sender wrote from the quoted history below it.
    static func splitReply(_ text: String) -> (fresh: String, quoted: String) {
        var fresh: [Substring] = []
        var quoted: [Substring] = []
        var inQuote = false
        var quotedByAttribution = false
        var seenQuoteMark = false
        /// A separator or a second attribution ends the inline answers: below it all is history.
        func quotedStops(_ trimmed: String) -> Bool {
            trimmed.hasPrefix("-----") || trimmed.hasPrefix("_____") || trimmed.hasSuffix("wrote:") || trimmed.hasSuffix("寫道:") || trimmed.hasSuffix("写道:")
                || trimmed.hasSuffix("寫道：") || trimmed.hasSuffix("写道：")
        }
        let allLines = text.lineSlices(omittingEmpty: false)
        // Outlook quotes a message under its header block alone ("From: …" / "Sent: …" / "To: …"),
        // without a separator line: the block opens the quoted history.
        let headerBlock = Self.quotedHeaderBlockStart(allLines)
        let markers = ["-----original message-----", "-----原始郵件-----", "-----原始邮件-----", "________________________________"]
        let patterns = [#"^On .{4,200} wrote:\s*$"#, #"^在.{2,120}(寫道|写道)\s*:?\s*$"#, #"^.{2,120}於.{2,80}寫道\s*:?\s*$"#]
        for (index, line) in allLines.enumerated() {
            let trimmed = line.trimmedSpaces()
            if !inQuote && index == headerBlock { inQuote = true }
            if !inQuote {
                // Lower-cased only where a marker (- or _) or a disclaimer can open: a line whose
                // first scalar is ASCII or a CJK ideograph and none of those opens neither, and
                // most lines were lower-cased for nothing.
                var mayOpenMarker = !trimmed.isEmpty
                if let first = trimmed.unicodeScalars.first, first.isASCII || (0x4E00...0x9FFF).contains(first.value) {
                    let folded = (0x41...0x5A).contains(first.value) ? Unicode.Scalar(UInt8(first.value) + 32) : first
                    mayOpenMarker = folded == "-" || folded == "_" || Self.disclaimerFirstScalars.contains(folded)
                }
                let lower = mayOpenMarker ? TextNormalizer.lowercased(trimmed) : ""
                let mayBeAttribution = trimmed.hasSubstring("wrote") || trimmed.hasSubstring("寫道") || trimmed.hasSubstring("写道")
                // The markers begin with - or _, which have no other spelling: other lines skip them.
                let mayBeMarker = lower.utf8.first == UInt8(ascii: "-") || lower.utf8.first == UInt8(ascii: "_")
                let attribution = mayBeAttribution && patterns.contains(where: { RegexCache.firstRange($0, in: trimmed) != nil })
                if (mayBeMarker && (markers.contains(where: { lower.hasPrefix($0) }) || RegexCache.firstRange(Self.dashedMarker, in: lower) != nil))
                    || attribution
                    || line == "-- " || trimmed == "--" || (mayOpenMarker && Self.startsDisclaimer(lower)) {
                    inQuote = true
                    quotedByAttribution = attribution
                }
            }
            let quoteMark = trimmed.utf8.first == UInt8(ascii: ">") && trimmed.hasPrefix(">")
            if quoteMark { seenQuoteMark = true }
            // "Answers inline below.": under "On … wrote:", lines without ">" between and after
            // the quoted ones are the sender's answers, written into our message.
            if quotedByAttribution, seenQuoteMark, !quoteMark, !trimmed.isEmpty, !quotedStops(trimmed) {
                fresh.append(line)
                continue
            }
            if quotedByAttribution, seenQuoteMark, !quoteMark, !trimmed.isEmpty, quotedStops(trimmed) { quotedByAttribution = false }
            if inQuote || quoteMark { quoted.append(line) } else { fresh.append(line) }
        }
        return (fresh.joined(separator: "\n"), quoted.joined(separator: "\n"))
    }

    /// The line where a quoted message's header block begins: a "From:" line with a "Sent:" or
    /// "Date:" line among the next four.
    static func quotedHeaderBlockStart(_ lines: [Substring]) -> Int? {
        guard lines.contains(where: { $0.hasPrefix("From") || $0.hasPrefix("寄件") || $0.hasPrefix("发件") || $0.hasPrefix("發件") }) else { return nil }
        for (index, line) in lines.enumerated() {
            guard RegexCache.firstRange(#"^\s*(?:from|寄件者|寄件人|发件人|發件人)\s*[:：]\s*\S"#, in: String(line), options: .caseInsensitive) != nil else { continue }
            for next in lines[(index + 1)..<min(lines.count, index + 5)]
            where RegexCache.firstRange(#"^\s*(?:sent|date|寄件日期|发送时间|發送時間|日期|時間|时间)\s*[:：]"#, in: String(next), options: .caseInsensitive) != nil {
                return index
            }
        }
        return nil
    }

    /// `------------------ 原始邮件 ------------------` (QQ Mail, Foxmail), `--- Original Message ---`.
    static let dashedMarker = #"^-{2,}\s*(?:original message|原始郵件|原始邮件|原始信件|轉寄郵件|转发邮件)\s*-{2,}$"#

    /// "This email and any attachments are confidential…", "本郵件及附件可能含有機密資訊…": a legal
    /// footer, set aside like a signature (its sample figures are not an order).
    static func startsDisclaimer(_ lower: String) -> Bool {
        // Text whose first scalar is ASCII or a CJK ideograph (neither has another canonically
        // equivalent spelling) and not an opening's first (t, c, d, 本, 此, 免) opens with none of
        // them: most lines, spared fourteen prefix comparisons each.
        if let first = lower.unicodeScalars.first, first.isASCII || (0x4E00...0x9FFF).contains(first.value),
           !disclaimerFirstScalars.contains(first) {
            return false
        }
        return disclaimerOpenings.contains { lower.hasPrefix($0) } && disclaimerSubjects.contains { lower.hasSubstring($0) }
    }

    static let disclaimerOpenings = ["this email", "this e-mail", "this message", "the information contained", "confidentiality notice", "disclaimer",
                                     "本郵件", "本邮件", "此郵件", "此邮件", "本信件", "此信件", "免責聲明", "免责声明"]
    /// The first scalars of `disclaimerOpenings`.
    static let disclaimerFirstScalars = Set(disclaimerOpenings.compactMap(\.unicodeScalars.first))
    static let disclaimerSubjects = ["confidential", "intended", "recipient", "privileged", "機密", "机密", "保密", "收件人"]
}
