import IntakeModel

/// What is checked in a built message before it goes to a server: a message that fails here can
/// never be sent, so it fails at once with the reason instead of bouncing or being retried.
enum OutgoingCheck {
    /// The first problem found, or nil.
    static func problem(bytes: [UInt8], recipients: [String], maxSize: Int?) -> String? {
        for address in recipients where !EmailAddressRule.isPlausible(address) {
            return "\"\(address)\" is not a valid email address"
        }
        if let maxSize, bytes.count > maxSize {
            return "the message is \(bytes.count) bytes; the server takes at most \(maxSize) (its SIZE)"
        }
        return headerProblem(bytes)
    }

    /// The header section must be lines ending in CRLF, with no CR or LF alone (which could
    /// smuggle in a header, RFC 5322 §2.2) and no line over 998 characters (§2.1.1).
    static func headerProblem(_ bytes: [UInt8]) -> String? {
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { return "a header contains a carriage return that does not end a line" }
                if lineLength == 0 { return nil }  // the empty line: end of the headers
                lineLength = 0
                index += 2
                continue
            }
            if byte == 10 { return "a header contains a line feed without a carriage return" }
            lineLength += 1
            if lineLength > 998 { return "a header line is longer than 998 characters" }
            index += 1
        }
        return "the message has no end of headers (no empty line)"
    }
}
