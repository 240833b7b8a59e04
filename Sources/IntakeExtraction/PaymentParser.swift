import Glibc
import Foundation
import IntakeModel

/// Maps what customers write about paying to the contract's payment methods and currencies.
enum PaymentParser {
    private static let methods: [(PaymentMethod, [String])] = [
        (.paypal, ["paypal"]),
        (.cashOnDelivery, ["cash on delivery", "cod", "c.o.d", "貨到付款", "货到付款", "到付", "代收貨款", "代收货款"]),
        (.creditCard, ["credit card", "visa", "mastercard", "master card", "amex", "信用卡", "刷卡", "card on file", "charge the card", "charge our card",
                       "charge my card", "company card", "corporate card"]),
        (.cheque, ["cheque", "check", "支票", "票據", "票据"]),
        (.netTerms, ["net 30", "net 60", "net 45", "net 15", "net30", "net60", "net terms", "on account", "invoice", "月結", "月结", "票期", "帳期", "账期"]),
        (.bankTransfer, ["bank transfer", "wire transfer", "telegraphic transfer", "by wire", "wire the", "wire payment", "wire_transfer", "wire-transfer", "bank_transfer", "t/t", "t.t.",
                         // "TT" alone is as often table tennis ("3-star TT balls"): only where it pays.
                         "by tt", "via tt", "pay tt", "tt payment", "tt transfer", "tt in advance", "payment: tt", "payment tt", "remittance", "bank deposit", "銀行轉帳", "银行转账", "銀行轉賬",
                         "匯款", "汇款", "電匯", "电汇", "轉帳", "转账", "轉賬", "atm", "銀行匯款", "银行汇款", "過數", "过数", "入數", "入数", "轉數快", "fps"]),
        // Wallets and payment apps: a method the contract has no name for.
        (.other, ["微信支付", "微信付款", "wechat pay", "wechatpay", "支付寶", "支付宝", "alipay", "payme", "八達通", "八达通", "octopus", "line pay",
                  "街口支付", "apple pay", "google pay", "grabpay", "touch 'n go", "paynow"]),
    ]

    /// The payment method named in a text, if any: the one named first. "Payment by telegraphic
    /// transfer (T/T) against your invoice" pays by bank transfer; the invoice is what the
    /// transfer answers, not a second method (taking methods in a fixed order read it as terms).
    static func method(in text: String) -> PaymentMethod? {
        let normalized = TextNormalizer.normalize(text)
        let lower = TextNormalizer.lowercased(normalized)
        var first: (method: PaymentMethod, at: Int)?
        for (method, words) in methods {
            for word in words where word != "invoice" {
                // "COD" in capitals is cash on delivery; "Cod Fillet Skinless" is a fish.
                let position = word == "cod" ? wordPosition(normalized, "COD") : wordPosition(lower, word)
                guard let at = position, at < (first?.at ?? Int.max) else { continue }
                first = (method, at)
            }
        }
        if let first { return first.method }
        // A web shop's "payment": {"method": "card"}: the bare word, as a whole value, is a card.
        if ["card", "cards", "credit", "debit card", "card payment"].contains(lower.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))) {
            return .creditCard
        }
        // "收到invoice我哋會銀行過數": the invoice is what a payment answers; it means terms
        // only when no way of paying is named.
        return wordPosition(lower, "invoice") != nil ? .netTerms : nil
    }

    /// Payment terms as written (`Net 30`, `月結30天`), if the text has them.
    static func terms(in text: String) -> String? {
        let normalized = TextNormalizer.normalize(text)
        // Each pattern needs a word most text lacks ("net" in either case, 月, 期): looked for
        // in the bytes first, ICU runs only where it can match. (No character of normalised
        // text but n, e and t themselves folds to them.)
        let hasNet = containsCaseInsensitive(normalized, "net")
        let patterns = [(hasNet, #"(?i)\bnet\s*\d{1,3}(\s*days)?\b"#), (normalized.hasSubstring("月"), #"月[結结]\s*\d{1,3}\s*[天日]?"#),
                        (hasNet, #"(?i)\b\d{1,3}\s*days\s+net\b"#), (normalized.hasSubstring("期"), #"[票帳账]期\s*\d{1,3}\s*天"#)]
        for (possible, pattern) in patterns where possible {
            if let range = RegexCache.firstRange(pattern, in: normalized) {
                return String(normalized[range]).trimmedSpaces()
            }
        }
        return nil
    }

    /// Whether `text` holds `word` (lower-case ASCII letters) in any mix of cases.
    static func containsCaseInsensitive(_ text: String, _ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard let first = needle.first else { return true }
        var haystack = text
        return haystack.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) where bytes[start] | 0x20 == first {
                var matched = 1
                while matched < needle.count, bytes[start + matched] | 0x20 == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            return false
        }
    }

    private static let currencies: [(String, [String])] = [
        ("TWD", ["nt$", "ntd", "twd", "新台幣", "新臺幣", "台幣", "臺幣", "nt dollars"]),
        ("HKD", ["hk$", "hkd", "港幣", "港币"]),
        ("CNY", ["rmb", "cny", "人民幣", "人民币", "￥", "元人民币"]),
        ("MYR", ["myr", "ringgit", "rm"]),
        ("SGD", ["s$", "sgd"]),
        ("MOP", ["mop", "澳門元", "澳门元", "葡幣", "葡币"]),
        ("GBP", ["gbp", "£"]),
        ("USD", ["us$", "usd", "美元", "美金", "us dollars"]),
        ("EUR", ["eur", "€", "歐元", "欧元"]),
        ("JPY", ["jpy", "日圓", "日元", "円"]),
        ("AUD", ["aud", "a$", "au$", "澳幣", "澳币", "澳元"]),
        ("NZD", ["nzd", "nz$", "紐幣", "纽币"]),
        ("CAD", ["cad", "c$", "加幣", "加币"]),
        ("CHF", ["chf"]),
        ("THB", ["thb", "泰銖", "泰铢"]),
        ("KRW", ["krw", "韓圜", "韩元"]),
    ]

    /// The currency named in a text (`NT$`, `RMB`, `US$`, `人民币`); a bare `$` or `¥` is ambiguous and
    /// ignored here (the caller falls back to the catalog).
    /// Whether a text writes a price in yuan without saying whose: "85元", "¥1,150", "单价（元）",
    /// "五十块". Whose yuan it is depends on who writes (see `yuanCurrency`).
    static func writesYuan(_ text: String) -> Bool {
        RegexCache.firstRange(#"\d\s*(?:元|塊錢|块钱|塊|块)(?![\p{Han}&&[^\s/每一，,。]])|[¥￥]\s*\d|[(（]\s*(?:元|¥|￥)\s*[)）]|\d\s*元"#, in: text) != nil
    }

    /// The currency "元" and "¥" mean from this customer: by their language in customers.csv,
    /// else by the script they write (Simplified: the mainland's yuan); nil when unknown (then
    /// the catalog's currency stands, as 元 is also what Taiwan and Hong Kong call a dollar).
    static func yuanCurrency(language: String?, text: String) -> String? {
        switch language?.lowercased() {
        case "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg": return "CNY"
        case "zh-tw", "zh-hant-tw": return "TWD"
        case "zh-hk", "zh-hant-hk", "zh-mo": return "HKD"
        default: return HanScript.of(text) == .simplified ? "CNY" : nil
        }
    }

    static func currency(in text: String) -> String? {
        let lower = TextNormalizer.lowercased(text)  // not NFKC: it would turn ￥ into ¥
        for (code, words) in currencies {
            for word in words where containsWord(lower, word) { return code }
        }
        return nil
    }

    /// Substring match that, for ASCII words, requires non-letters around the word. One pass
    /// over bytes already there: the classifier asks it of some three hundred words per message.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        wordPosition(text, word) != nil
    }

    /// The byte offset of the first occurrence of `word` in `text` as a word, if any.
    static func wordPosition(_ text: String, _ word: String) -> Int? {
        var haystack = text
        var needle = word
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                func isWordByte(_ byte: UInt8) -> Bool {
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                }
                guard !pin.isEmpty else { return 0 }
                let ascii = pin.allSatisfy { $0 < 0x80 }
                var offset = 0
                while let start = byteSearch(hay, pin, from: offset) {
                    // Other words match anywhere; ASCII ones need non-alphanumerics (or the ends) around one occurrence.
                    guard ascii else { return start }
                    let end = start + pin.count
                    // A word that begins or ends in a symbol ("nt$", "hk$") has its own edge
                    // there: "NT$140" names NT$.
                    let beforeOK = start == 0 || !isWordByte(hay[start - 1]) || !isWordByte(pin[0])
                    let afterOK = end == hay.count || !isWordByte(hay[end]) || !isWordByte(pin[pin.count - 1])
                    if beforeOK && afterOK { return start }
                    offset = start + 1
                }
                return nil
            }
        }
    }
}
