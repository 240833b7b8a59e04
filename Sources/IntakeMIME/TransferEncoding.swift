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
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var defect = false
        var sawPadding = false
        for byte in input {
            let value = base64Table[Int(byte)]
            if value < 0 {
                if byte == UInt8(ascii: "=") { sawPadding = true; continue }
                if byte != 0x20 && byte != 0x09 && byte != 0x0D && byte != 0x0A { defect = true }
                continue
            }
            if sawPadding { defect = true; sawPadding = false }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        if bits >= 6 { defect = true }
        return (output, defect)
    }

    /// Decodes quoted-printable: soft line breaks joined, `=XX` escapes decoded (either case), a bad
    /// escape kept literally and reported as a defect.
    public static func decodeQuotedPrintable<Bytes: Collection<UInt8>>(_ input: Bytes, header: Bool = false) -> (bytes: [UInt8], defect: Bool) {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var defect = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                // Soft line break: "=" then optional trailing whitespace then CRLF or LF.
                var look = index + 1
                while look < bytes.count, bytes[look] == 0x20 || bytes[look] == 0x09 { look += 1 }
                if look < bytes.count, bytes[look] == 0x0D || bytes[look] == 0x0A {
                    if bytes[look] == 0x0D, look + 1 < bytes.count, bytes[look + 1] == 0x0A { look += 1 }
                    index = look + 1
                    continue
                }
                if look == bytes.count { index = look; continue }
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                defect = true
                output.append(byte)
                index += 1
            } else if header && byte == UInt8(ascii: "_") {
                output.append(0x20)
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return (output, defect)
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
    /// CRLF and lone CR become LF.
    func replacingLineEndings() -> String {
        guard contains("\r") else { return self }
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousCR = true
            } else {
                if !(scalar == "\n" && previousCR) { result.unicodeScalars.append(scalar) }
                previousCR = false
            }
        }
        return result
    }
}
