// IntakeMIME doing the benchmark's work: parse each message, decode every text part to a
// String, every attachment to bytes, and subject/from/to/date/message-id.
// usage: intake-mime-bench CORPUS_DIR   -> prints: messages seconds peak_rss_kb checksum
import Foundation
import IntakeMIME

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: intake-mime-bench DIR\n".utf8))
    exit(2)
}
if arguments[1] == "--dump" {
    Dump.run(Array(arguments.dropFirst(2)))
    exit(0)
}
let folder = arguments[1]
let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
var checksum = 0
let parser = MIMEParser(limits: MIMELimits(maxMessageBytes: 64 * 1024 * 1024))
let start = DispatchTime.now().uptimeNanoseconds
/// Reads a whole file straight into an array (no Data in between, no second copy).
func readFile(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    let size = Int(info.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var total = 0
        guard let base = buffer.baseAddress else { count = 0; return }
        while total < size {
            let got = read(descriptor, base + total, size - total)
            if got <= 0 { break }
            total += got
        }
        count = total
    }
}

for name in names {
    guard let bytes = readFile(folder + "/" + name) else { continue }
    guard let message = try? parser.parse(bytes) else { continue }
    checksum += message.subject?.utf8.count ?? 0
    checksum += message.from.reduce(0) { $0 + $1.address.utf8.count + ($1.name?.utf8.count ?? 0) }
    checksum += message.to.reduce(0) { $0 + $1.address.utf8.count + ($1.name?.utf8.count ?? 0) }
    checksum += message.date.map { _ in 1 } ?? 0
    checksum += message.messageID?.utf8.count ?? 0
    for part in message.root.allParts where !part.isMultipart && !part.isEmbeddedMessage {
        if part.contentType.type == "text" && !part.isAttachment {
            checksum += part.decodedText().text.utf8.count
        } else {
            checksum += part.decodedBody().bytes.count
        }
    }
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print(names.count, String(format: "%.3f", seconds), usage.ru_maxrss, checksum)
