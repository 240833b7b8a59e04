// libFuzzer entry point for IntakeMIME: parses arbitrary bytes, then exercises every decoding
// path a pipeline would (headers, addresses, dates, bodies, charsets, HTML). Any crash, hang or
// leak is a bug: bad input must become defects or a thrown MIMEError, never a trap.
// Build and run: scripts/fuzz-mime.sh [SECONDS]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = MIMELimits()
    limits.maxParts = 200
    guard let message = try? MIMEParser(limits: limits, headerFallbackCharset: "big5").parse(bytes) else { return 0 }
    _ = message.subject
    _ = message.from
    _ = message.to
    _ = message.cc
    _ = message.date
    _ = message.messageID
    _ = message.references
    _ = message.allDefects
    for part in message.root.allParts {
        _ = part.filename
        _ = part.isAttachment
        let text = part.decodedText(fallbackCharsets: ["BIG5", "GB18030"])
        if part.contentType.subtype == "html" { _ = HTMLText.text(fromHTML: text.text) }
    }
    for part in message.bodyParts() { _ = part.decodedText() }
    return 0
}
