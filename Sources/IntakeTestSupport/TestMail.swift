/// Small test messages written in place, with CRLF line ends as mail has them.
public enum TestMail {
    /// A message to the desk; `body` lines may end in `\n` (they are sent as CRLF).
    public static func make(messageID: String, contentType: String, subject: String = "Order",
                            from: String = "Orders <orders@kowloon-office.hk>", body: String) -> [UInt8] {
        let headers = [
            "From: \(from)", "To: desk@example.test", "Subject: \(subject)", "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0", "Content-Type: \(contentType)",
        ]
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        return Array((headers + [""] + lines).joined(separator: "\r\n").utf8)
    }
}
