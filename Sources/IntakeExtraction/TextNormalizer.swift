public import Foundation
import IntakeModel

/// Normalisation that lets one rule read English, Traditional and Simplified Chinese alike.
public enum TextNormalizer {
    /// NFKC: full-width digits, letters and punctuation become ASCII (`１２` → `12`, `：` → `:`).
    public static func normalize(_ text: String) -> String {
        // ASCII is already NFKC and has neither ideographic space nor 、; most lines of English
        // mail are ASCII, and Foundation's NFKC costs a round trip through NSString.
        if text.isASCII { return text }
        if let common = commonNormalized(text) { return common }
        return foundationNormalized(text)
    }

    /// `normalize` through Foundation: any text. An ideographic space is how Chinese text aligns
    /// columns: it becomes two spaces, so that "透明胶带　１８ｍｍ　４０卷" keeps three cells where a
    /// table is split on double spaces.
    static func foundationNormalized(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{3000}", with: "  ")
            .precomposedStringWithCompatibilityMapping
            .replacingOccurrences(of: "、", with: ",")
    }

    /// The characters past ASCII that Chinese (and typographic English) order mail is made of,
    /// as the scalar paths below treat them. None has a canonical decomposition or combines
    /// with a neighbour, so each is a character of its own.
    enum CommonCharacter {
        /// Its own NFKC form, without case: CJK ideographs, 。 and the CJK brackets, dashes,
        /// curly quotes and the bullet.
        case plain
        /// U+3000, which `normalize` makes two spaces.
        case ideographicSpace
        /// 、, which `normalize` makes a comma.
        case ideographicComma
        /// U+FF01…U+FF5E: NFKC makes each its ASCII character (and the letters have case).
        case fullWidth

        init?(_ value: UInt32) {
            switch value {
            case 0x2010, 0x2013...0x2014, 0x2018...0x201D, 0x2022, 0x3002, 0x300A...0x3011, 0x3400...0x4DBF, 0x4E00...0x9FFF: self = .plain
            case 0x3000: self = .ideographicSpace
            case 0x3001: self = .ideographicComma
            case 0xFF01...0xFF5E: self = .fullWidth
            default: return nil
            }
        }
    }

    /// `normalize` for text made of ASCII and `CommonCharacter`s, byte by byte; nil for text with
    /// anything else. Why: Foundation's two replacements and NFKC round-trip the text through
    /// NSString, and the classifier, the payment reader and every line normalise (a third of
    /// extracting a Chinese order). The same result: the full-width forms' compatibility
    /// mapping is their ASCII character, the others are their own NFKC form.
    static func commonNormalized(_ text: String) -> String? {
        mapped(text, lowerCase: false) { value, bytes, output in
            switch CommonCharacter(value) {
            case .plain: output.append(contentsOf: bytes)
            case .ideographicSpace: output.append(contentsOf: [0x20, 0x20])
            case .ideographicComma: output.append(UInt8(ascii: ","))
            case .fullWidth: output.append(UInt8(value - 0xFEE0))
            case nil: return false
            }
            return true
        }
    }

    /// `lowercased()` by bytes for ASCII and the caseless `CommonCharacter`s (all but the
    /// full-width forms): only A–Z change, so no character's case is looked up. Other text goes
    /// to the standard library.
    static func lowercased(_ text: String) -> String {
        // ASCII text: the standard library's own fast path.
        if text.isASCII { return text.lowercased() }
        let lower = mapped(text, lowerCase: true) { value, bytes, output in
            switch CommonCharacter(value) {
            case .plain, .ideographicSpace, .ideographicComma: output.append(contentsOf: bytes)
            case .fullWidth, nil: return false
            }
            return true
        }
        return lower ?? text.lowercased()
    }

    /// `String(text.map(simplified))` for ASCII and `CommonCharacter`s, by scalar: each is a
    /// character of its own ("\r\n" maps to itself either way), so the text is not broken
    /// into characters. The lookup is `simplified`'s: from U+2E80 on.
    static func commonSimplified(_ text: String) -> String? {
        mapped(text, lowerCase: false) { value, bytes, output in
            guard CommonCharacter(value) != nil, let scalar = Unicode.Scalar(value) else { return false }
            if value >= 0x2E80, let simple = traditionalToSimplified[scalar] {
                output.append(contentsOf: UTF8.encode(simple) ?? UTF8.EncodedScalar())
            } else {
                output.append(contentsOf: bytes)
            }
            return true
        }
    }

    /// Whether `text` is ASCII and `CommonCharacter`s only: it has no combining marks, so each
    /// of its characters is one scalar (or "\r\n").
    static func isCommon(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if bytes[index] < 0x80 {
                    index += 1
                    continue
                }
                guard let value = threeByteValue(bytes, at: index), CommonCharacter(value) != nil else { return false }
                index += 3
            }
            return true
        }
    }

    /// The text's UTF-8 with its ASCII bytes copied (A–Z lower-cased when `lowerCase`) a run at
    /// a time, and each three-byte character (U+0800…U+FFFF, its value and bytes) appended by
    /// `other`; nil when `other` refuses one or a character of another length occurs. Only whole
    /// characters are appended: valid UTF-8.
    private static func mapped(_ text: String, lowerCase: Bool,
                               other: (UInt32, Slice<UnsafeBufferPointer<UInt8>>, inout [UInt8]) -> Bool) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var text = text
        let done: Bool = text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if bytes[index] < 0x80 {
                    var end = index + 1
                    while end < bytes.count, bytes[end] < 0x80 { end += 1 }
                    if lowerCase {
                        for byte in bytes[index..<end] { output.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte) }
                    } else {
                        output.append(contentsOf: bytes[index..<end])
                    }
                    index = end
                    continue
                }
                guard let value = threeByteValue(bytes, at: index), other(value, bytes[index..<(index + 3)], &output) else { return false }
                index += 3
            }
            return true
        }
        return done ? String(decoding: output, as: UTF8.self) : nil
    }

    /// The scalar value of the three-byte character (U+0800…U+FFFF) at `index` of valid UTF-8;
    /// nil for a character of another length.
    private static func threeByteValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        let byte = bytes[index]
        guard byte & 0xF0 == 0xE0, index + 2 < bytes.count else { return nil }
        return (UInt32(byte & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
    }

    /// Traditional → Simplified, so that 影印紙 and 影印纸, or 藍色中性筆 and 蓝色中性笔, compare
    /// equal: ICU's table for every CJK ideograph (`HanVariants.swift`), then the pairs order
    /// mail uses most, written here so that they hold whatever the generated table says (螢 is 萤,
    /// firefly, to ICU, but 螢光筆 is written 荧光笔 on the mainland).
    ///
    /// Keyed by scalar: every key is one NFC scalar (a test holds the tables to that), and a
    /// Character-keyed table hashed each character through normalisation, which made building it
    /// an eighth of an idle poll's work.
    static let traditionalToSimplified: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        map.reserveCapacity(3300)
        for table in [hanVariantPairs, commonPairs] {
            var scalars = table.unicodeScalars.lazy.filter { !$0.properties.isWhitespace }.makeIterator()
            while let traditional = scalars.next(), let simplified = scalars.next() {
                map[traditional] = simplified
            }
        }
        return map
    }()

    static let commonPairs = "紙纸筆笔記记書书機机訂订膠胶帶带標标籤签藍蓝夾夹資资檔档釘钉號号個个張张裝装開开單单價价數数貨货運运費费電电話话郵邮戶户劃划撥拨帳账轉转匯汇銀银現现結结週周達达請请謝谢購购買买賣卖採采務务業业發发類类門门間间區区樓楼縣县鄉乡鎮镇臺台灣湾國国廣广東东頁页層层紅红綠绿黃黄鉛铅捲卷條条組组對对雙双隻只噸吨網网線线訊讯設设計计備备們们這这麼么為为與与問问題题錯错誤误壞坏損损遲迟還还沒没換换訴诉滿满評评較较稱称釐厘編编碼码據据錄录聯联絡络導导體体長长寬宽釘钉盤盘夾夹鋼钢鐵铁塊块優优質质產产製制啟启廠厂點点螢荧"

    /// The Simplified form of a Traditional character, or the character itself: what a lookup
    /// in a Character-keyed table gave. A compatibility ideograph (U+F900…) is the same Character
    /// as its unified form, so it is looked up as that.
    static func simplified(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, var scalar = scalars.first, scalar.value >= 0x2E80 else { return character }
        if (0xF900...0xFAFF).contains(scalar.value) || (0x2F800...0x2FA1F).contains(scalar.value) {
            let unified = String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars
            guard unified.count == 1, let first = unified.first else { return character }
            scalar = first
        }
        return traditionalToSimplified[scalar].map(Character.init) ?? character
    }

    /// The key two names are compared by: NFKC, lower-cased, Simplified, without spaces and
    /// punctuation.
    public static func matchKey(_ text: String) -> String {
        if text.isASCII {
            // The same rule on bytes: ASCII letters lower-cased, digits and controls kept,
            // spaces, punctuation and symbols dropped.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
                case 0x09...0x0D, 0x20...0x7E: continue
                default: bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var key = ""
        for character in lowercased(normalize(measuresInLatin(text))) {
            if character.isWhitespace || character.isPunctuation || character.isSymbol { continue }
            // µL, μl and uL are one unit as customers type them.
            if character == "μ" || character == "µ" { key.append("u"); continue }
            key.append(simplified(character))
        }
        return key
    }

    /// "1公斤", "500克", "750毫升", "6英寸" as the catalog writes them ("1kg", "500g", "750ml",
    /// "6寸"): one product, whichever way its size is written.
    static func measuresInLatin(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { measureScalars.contains($0.value) }) else { return text }
        var result = text
        for (pattern, replacement) in measureWords {
            result = RegexCache.replacing(pattern, in: result, with: replacement)
        }
        return result
    }
    /// 斤 克 升 吋 寸 分 米 尺 呎: the characters every measure word below holds.
    private static let measureScalars: Set<UInt32> = [0x65A4, 0x514B, 0x5347, 0x540B, 0x5BF8, 0x5206, 0x7C73, 0x5C3A, 0x544E]
    /// Lengths too: "12公分崁燈" is the catalog's "12cm", "T8 4呎光管" and "T8 4尺" its "4ft" (a
    /// tube's length in feet, as Taiwan and Hong Kong write it), "1.2米" its "1.2m".
    private static let measureWords = [(#"(?<=[0-9０-９])\s*(?:公斤|千克)"#, "kg"), (#"(?<=[0-9０-９])\s*毫升"#, "ml"), (#"(?<=[0-9０-９])\s*(?:公升|升)"#, "l"),
                                       (#"(?<=[0-9０-９])\s*克"#, "g"), (#"(?<=[0-9０-９])\s*(?:英寸|吋)"#, "寸"),
                                       (#"(?<=[0-9０-９])\s*(?:公分|厘米)"#, "cm"), (#"(?<=[0-9０-９])\s*毫米"#, "mm"),
                                       (#"(?<=[0-9０-９])\s*(?:公尺|米)(?![\p{Han}]{0,1}[粉饭飯])"#, "m"), (#"(?<=[0-9０-９])\s*(?:英尺|呎|尺)(?!寸)"#, "ft")]

    private static let chineseDigits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "貳": 2, "贰": 2, "兩": 2, "两": 2, "三": 3, "參": 3, "叁": 3, "四": 4, "肆": 4,
        "五": 5, "伍": 5, "六": 6, "陸": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
    ]
    /// Quantities written out in English mail ("ten boxes", "a dozen staplers").
    private static let englishNumbers: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
        "a": 1, "an": 1, "dozen": 12, "a dozen": 12, "half a dozen": 6, "hundred": 100, "a hundred": 100,
    ]

    /// "twenty-five", "forty two": tens and units written out.
    static func englishNumber(_ text: String) -> Int? {
        let lower = text.lowercased()
        if let value = englishNumbers[lower] { return value }
        let parts = lower.split(whereSeparator: { $0 == "-" || $0 == " " }).map(String.init)
        guard parts.count == 2, let tens = englishNumbers[parts[0]], tens >= 20, tens % 10 == 0, tens < 100,
              let units = englishNumbers[parts[1]], units < 10 else { return nil }
        return tens + units
    }
    private static let chineseUnits: [Character: Int] = ["十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "萬": 10000, "万": 10000]

    /// True for characters that can be part of a Chinese numeral.
    public static func isChineseNumeral(_ character: Character) -> Bool {
        chineseDigits[character] != nil || chineseUnits[character] != nil
    }

    /// `十` → 10, `二十` → 20, `一百二十` → 120, `兩千零五` → 2005; nil when not a numeral.
    public static func chineseNumeral(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy(isChineseNumeral) else { return nil }
        var total = 0
        var section = 0
        var digit: Int?
        for character in text {
            if let value = chineseDigits[character] {
                digit = value
            } else if let unit = chineseUnits[character] {
                if unit == 10000 {
                    section = (section + (digit ?? 0)) * unit
                    total += section
                    section = 0
                } else {
                    section += (digit ?? 1) * unit
                }
                digit = nil
            }
        }
        return total + section + (digit ?? 0)
    }

    /// Parses a written amount: `1,200`, `1200.50`, `2,5` (decimal comma), `１２`, `二十`.
    public static func number(_ raw: String) -> Decimal? {
        // Digits, commas and points (what the count and price patterns capture) are read off the
        // bytes: no other reading applies to them, and Foundation's replacing below is a round
        // trip through NSString (a third of reading an item line's count and price).
        if !raw.isEmpty, raw.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) {
            return digitsNumber(Array(raw.utf8))
        }
        return writtenNumber(raw)
    }

    /// `number` for ASCII digits, commas and points: the comma rule of `writtenNumber` on bytes.
    private static func digitsNumber(_ bytes: [UInt8]) -> Decimal? {
        var cleaned = bytes
        // "2.980,00": points group thousands and the comma is the decimal mark (a semicolon CSV
        // from a European spreadsheet).
        if let lastComma = bytes.lastIndex(of: UInt8(ascii: ",")), let lastPoint = bytes.lastIndex(of: UInt8(ascii: ".")), lastPoint < lastComma {
            cleaned.removeAll { $0 == UInt8(ascii: ".") }
            if let comma = cleaned.firstIndex(of: UInt8(ascii: ",")), cleaned.count(where: { $0 == UInt8(ascii: ",") }) == 1 { cleaned[comma] = UInt8(ascii: ".") }
            return DecimalText.parse(String(decoding: cleaned, as: UTF8.self))
        }
        if let lastComma = bytes.lastIndex(of: UInt8(ascii: ",")) {
            let commas = bytes.count { $0 == UInt8(ascii: ",") }
            let afterLast = bytes.count - lastComma - 1
            if commas == 1 && !bytes.contains(UInt8(ascii: ".")) && afterLast != 3 {
                cleaned[lastComma] = UInt8(ascii: ".")  // 2,5 kg
            } else {
                cleaned.removeAll { $0 == UInt8(ascii: ",") }
            }
        }
        return DecimalText.parse(String(decoding: cleaned, as: UTF8.self))
    }

    /// `number` for any text; what tests compare the fast path with.
    static func writtenNumber(_ raw: String) -> Decimal? {
        let text = normalize(raw).trimmedSpaces()
        if let value = chineseNumeral(text) { return Decimal(value) }
        if text == "半" { return Decimal(string: "0.5") }  // 半打, 半箱: half a dozen, half a carton
        if let value = englishNumber(text) { return Decimal(value) }
        var cleaned = text.replacingOccurrences(of: " ", with: "")
        let commas = cleaned.filter { $0 == "," }.count
        if let lastComma = cleaned.lastIndex(of: ","), let lastPoint = cleaned.lastIndex(of: "."), lastPoint < lastComma {
            cleaned = cleaned.replacingOccurrences(of: ".", with: "")
            if commas == 1 { cleaned = cleaned.replacingOccurrences(of: ",", with: ".") }
            return DecimalText.parse(cleaned)
        }
        if commas > 0 {
            let afterLast = cleaned.split(separator: ",", omittingEmptySubsequences: false).last ?? ""
            if commas == 1 && !cleaned.utf8.contains(UInt8(ascii: ".")) && afterLast.count != 3 {
                cleaned = cleaned.replacingOccurrences(of: ",", with: ".")  // 2,5 kg
            } else {
                cleaned = cleaned.replacingOccurrences(of: ",", with: "")
            }
        }
        return DecimalText.parse(cleaned)
    }
}
