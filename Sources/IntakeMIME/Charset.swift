import Glibc
import Foundation

/// Text decoding for every charset customers write in, through glibc `iconv`.
///
/// Foundation on Linux lacks most CJK encodings, so this goes to iconv directly. Names pass
/// through an alias table first, because mailers write `x-gbk`, `big-5` or `gb2312` and mean the
/// larger Windows repertoires (GB2312 is decoded as GB18030, a superset).
public enum Charset {
    /// Canonical iconv names for the labels mailers use.
    static let aliases: [String: String] = [
        "utf8": "UTF-8", "utf-8": "UTF-8", "us-ascii": "UTF-8", "ascii": "UTF-8", "ansi_x3.4-1968": "UTF-8",
        "gb2312": "GB18030", "gb_2312-80": "GB18030", "x-gbk": "GB18030", "gbk": "GB18030", "cp936": "GB18030",
        "ms936": "GB18030", "windows-936": "GB18030", "gb18030": "GB18030", "euc-cn": "GB18030", "x-euc-cn": "GB18030",
        "big5": "BIG5", "big-5": "BIG5", "x-big5": "BIG5", "cn-big5": "BIG5", "cp950": "CP950", "big5-hkscs": "BIG5-HKSCS",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932", "ms_kanji": "CP932", "cp932": "CP932",
        "windows-31j": "CP932", "euc-jp": "EUC-JP", "iso-2022-jp": "ISO-2022-JP", "euc-kr": "EUC-KR", "ks_c_5601-1987": "CP949",
        "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "latin1": "ISO-8859-1", "utf-16": "UTF-16", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
    ]

    /// The iconv name for a label, or the label itself upper-cased (iconv knows ISO-8859-*, windows-125*).
    public static func canonicalName(_ label: String) -> String {
        let key = String(label.unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != "\"" && $0 != "'" && $0 != "\r" && $0 != "\n" }).lowercased()
        if let alias = aliases[key] { return alias }
        if key.hasPrefix("cp125") { return "WINDOWS-" + key.dropFirst(2) }
        return key.uppercased()
    }

    /// True when iconv can decode the label.
    public static func isKnown(_ label: String) -> Bool {
        let name = canonicalName(label)
        if name == "UTF-8" { return true }
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == iconv_t(bitPattern: -1) { return false }
        iconv_close(descriptor)
        return true
    }

    /// Decodes bytes strictly: nil when the charset is unknown or a byte sequence is invalid in it,
    /// so that callers can try another charset and record the defect.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, charset label: String) -> String? {
        let name = canonicalName(label)
        if name == "UTF-8" {
            return strictUTF8(bytes)
        }
        if bytes.allSatisfy({ $0 < 0x80 }) && !name.hasPrefix("UTF-16") && name != "ISO-2022-JP" {
            return String(decoding: bytes, as: UTF8.self)
        }
        return iconvDecode(Array(bytes), from: name)
    }

    /// Decodes text whose charset is not declared (drop-folder files, attachments without a
    /// label): the preferred charset if any, then UTF-8, then each fallback in order; nil when none fits.
    public static func decodeFirstFitting<Bytes: Collection<UInt8>>(_ bytes: Bytes, preferred: String? = nil, fallbacks: [String]) -> String? {
        for label in [preferred, "UTF-8"].compactMap({ $0 }) + fallbacks {
            if let text = decode(bytes, charset: label) { return text }
        }
        return nil
    }

    /// UTF-8 validation without replacement characters (the standard library's validating
    /// initialiser, which is vectorised; a scalar-by-scalar loop was a third of parse time).
    public static func strictUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    private static func iconvDecode(_ input: [UInt8], from name: String) -> String? {
        let descriptor = iconv_open("UTF-8", name)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var input = input
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = outBuffer.count
                if inLeft > 0 {
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 { return nil }
                }
                // Flush shift state (ISO-2022-JP ends in an escape back to ASCII).
                if iconv(descriptor, nil, nil, &outPointer, &outLeft) == -1 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        // iconv produced UTF-8 itself; no need to validate it again.
        return String(decoding: output[0..<produced], as: UTF8.self)
    }
}

extension Charset {
    /// Encodes text into a legacy charset through iconv; for building test messages.
    public static func encodeForTests(_ text: String, charset: String) -> [UInt8]? {
        let descriptor = iconv_open(canonicalName(charset), "UTF-8")
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = outBuffer.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1,
                      iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        return produced.map { Array(output[0..<$0]) }
    }
}
