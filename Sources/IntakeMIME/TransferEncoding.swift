import Glibc

/// Content-Transfer-Encoding decoders, lenient the way real mail needs them to be.
public enum TransferEncoding {
    private static let base64Table: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8).enumerated() {
            table[Int(byte)] = Int8(index)
        }
        table[Int(UInt8(ascii: "-"))] = 62  // base64url, seen in some generators
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes base64, skipping whitespace and any byte outside the alphabet, and tolerating missing
    /// padding. `defect` is true when something other than whitespace had to be skipped.
    public static func decodeBase64<Bytes: Collection<UInt8>>(_ input: Bytes) -> (bytes: [UInt8], defect: Bool) {
        if let result = input.withContiguousStorageIfAvailable({ decodeBase64(buffer: $0) }) { return result }
        return Array(input).withUnsafeBufferPointer { decodeBase64(buffer: $0) }
    }

    /// The loop over raw memory: bounds checks and generic indexing dominated the time before.
    static func decodeBase64(buffer: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], defect: Bool) {
        var defect = false
        let output = [UInt8](unsafeUninitializedCapacity: buffer.count * 3 / 4 + 3) { out, initialized in
            base64Table.withUnsafeBufferPointer { table in
                var written = 0
                var accumulator: UInt32 = 0
                var bits = 0
                var sawPadding = false
                var index = 0
                let count = buffer.count
                // Fast path: four alphabet characters at a time while no bits are pending.
                while index + 4 <= count {
                    let a = table[Int(buffer[index])], b = table[Int(buffer[index + 1])]
                    let c = table[Int(buffer[index + 2])], d = table[Int(buffer[index + 3])]
                    if (a | b | c | d) < 0 { break }
                    let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[written] = UInt8(truncatingIfNeeded: word >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: word)
                    written += 3
                    index += 4
                    // Skip a line break between groups without leaving the fast path.
                    while index < count, buffer[index] == 0x0D || buffer[index] == 0x0A { index += 1 }
                }
                for byte in buffer[index...] {
                    let value = table[Int(byte)]
                    if value < 0 {
                        if byte == 61 { sawPadding = true; continue }  // "="
                        if byte != 0x20 && byte != 0x09 && byte != 0x0D && byte != 0x0A { defect = true }
                        continue
                    }
                    if sawPadding { defect = true; sawPadding = false }
                    accumulator = (accumulator << 6) | UInt32(value)
                    bits += 6
                    if bits >= 8 {
                        bits -= 8
                        out[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                        written += 1
                    }
                }
                if bits >= 6 { defect = true }
                initialized = written
            }
        }
        return (output, defect)
    }

    /// Decodes quoted-printable: soft line breaks joined, `=XX` escapes decoded (either case), a bad
    /// escape kept literally and reported as a defect.
    public static func decodeQuotedPrintable<Bytes: Collection<UInt8>>(_ input: Bytes, header: Bool = false) -> (bytes: [UInt8], defect: Bool) {
        if let result = input.withContiguousStorageIfAvailable({ decodeQuotedPrintable(buffer: $0, header: header) }) { return result }
        return Array(input).withUnsafeBufferPointer { decodeQuotedPrintable(buffer: $0, header: header) }
    }

    /// Over raw memory, copying the runs between `=` signs in one go.
    static func decodeQuotedPrintable(buffer bytes: UnsafeBufferPointer<UInt8>, header: Bool) -> (bytes: [UInt8], defect: Bool) {
        var defect = false
        let count = bytes.count
        let output = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            var written = 0
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte == 61 {  // "="
                    // Soft line break: "=" then optional trailing whitespace then CRLF or LF.
                    var look = index + 1
                    while look < count, bytes[look] == 0x20 || bytes[look] == 0x09 { look += 1 }
                    if look < count, bytes[look] == 0x0D || bytes[look] == 0x0A {
                        if bytes[look] == 0x0D, look + 1 < count, bytes[look + 1] == 0x0A { look += 1 }
                        index = look + 1
                        continue
                    }
                    if look == count { index = look; continue }
                    if index + 2 < count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                        out[written] = high << 4 | low
                        written += 1
                        index += 3
                        continue
                    }
                    defect = true
                    out[written] = byte
                    written += 1
                    index += 1
                } else {
                    out[written] = header && byte == 95 ? 0x20 : byte  // "_" is a space in headers
                    written += 1
                    index += 1
                }
            }
            initialized = written
        }
        return (output, defect)
    }

    /// Turns CRLF and lone CR into LF in place. Only for charsets where byte 0x0D is always a
    /// CR (every ASCII-compatible one, the CJK multi-byte ones included; not UTF-16 or UTF-32).
    static func normalizeLineEndings(_ bytes: inout [UInt8]) {
        var newCount = bytes.count
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, memchr(base, 13, buffer.count) != nil else { return }
            var written = 0
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte == 13 {
                    buffer[written] = 10
                    written += 1
                    index += 1
                    if index < count, buffer[index] == 10 { index += 1 }
                } else {
                    buffer[written] = byte
                    written += 1
                    index += 1
                }
            }
            newCount = written
        }
        bytes.removeLast(bytes.count - newCount)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Encodes base64 in lines of 76 characters with CRLF, for outgoing mail.
    public static func encodeBase64<Bytes: Collection<UInt8>>(_ input: Bytes, lineLength: Int = 76) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 38 + 4)
        var column = 0
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
            column += 4
            if lineLength > 0 && column >= lineLength && index < bytes.count {
                output.append(0x0D)
                output.append(0x0A)
                column = 0
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes text as quoted-printable with CRLF line ends and soft breaks before 76 characters.
    public static func encodeQuotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        let lines = text.replacingLineEndings().split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            var column = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: [UInt8]
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !isLast) {
                    piece = [byte]
                } else {
                    piece = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                if column + piece.count > 75 {
                    output.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                    column = 0
                }
                output.append(contentsOf: piece)
                column += piece.count
            }
            if lineIndex < lines.count - 1 { output.append(contentsOf: [0x0D, 0x0A]) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    /// CRLF and lone CR become LF. Works on the UTF-8 bytes: a CR byte is never part of a
    /// multi-byte sequence, and Foundation's `contains` went through CFStringFind (a fifth of parse time).
    func replacingLineEndings() -> String {
        let hasCR = utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, 13, buffer.count) != nil } ?? false
        } ?? utf8.contains(13)
        guard hasCR else { return self }
        var copy = self
        return copy.withUTF8 { source -> String in
            guard let base = source.baseAddress else { return self }
            var bytes = [UInt8]()
            bytes.reserveCapacity(source.count)
            var position = 0
            // Copy the runs between CRs in one go; a CR becomes LF, and the LF of a CRLF is dropped.
            while position < source.count {
                guard let found = memchr(base + position, 13, source.count - position) else {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[position...]))
                    break
                }
                let cr = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[position..<cr]))
                bytes.append(10)
                position = cr + 1
                if position < source.count, source[position] == 10 { position += 1 }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
