extension DocumentReader {
    /// Header fields that only a message carries: a text order may well open with "Subject:" or
    /// "Date:", never with "Received:".
    static let mailOnlyFields: Set<String> = ["received", "message-id", "mime-version", "return-path", "delivered-to", "dkim-signature"]

    /// True when the bytes begin as an RFC 5322 message: header fields from the first line on
    /// (folded lines allowed), at least two, up to a blank line, among them one that only mail
    /// carries or a `From:` with an address. So a saved email named `.txt` is read as the email
    /// it is, while a typed order that opens "Subject: order" stays text.
    static func isMailMessage(_ bytes: [UInt8]) -> Bool {
        var fields = 0
        var mailField = false
        let limit = min(bytes.count, 64 * 1024)  // a header block longer than this is no mail's
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < limit {
            let end = bytes[start..<limit].firstIndex(of: 0x0A) ?? limit
            let line = bytes[start..<end].last == 0x0D ? bytes[start..<(end - 1)] : bytes[start..<end]
            start = end + 1
            if line.isEmpty { return fields >= 2 && mailField }
            if line.first == 0x20 || line.first == 0x09 {
                if fields == 0 { return false }
                continue
            }
            // A field name is printable ASCII without spaces (RFC 5322 §2.2), then a colon.
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
                  line[..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
            fields += 1
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            if mailOnlyFields.contains(name) || (name == "from" && line[colon...].contains(0x40)) { mailField = true }
        }
        return false
    }
}
