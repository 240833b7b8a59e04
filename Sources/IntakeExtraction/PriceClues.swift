/// What the price patterns need, read off the bytes of common text with ASCII letters folded.
struct PriceClues {
    var digit = false
    /// `@`, price, 單價, each, 每: what a price after a word needs.
    var atWord = false
    /// A currency symbol or code.
    var currency = false
    /// `/`, per, each/ea, 一, 每 after a number.
    var perWord = false
    /// "at".
    var at = false
    /// 元, 塊 or 块.
    var yuan = false
    /// x, ×, *.
    var times = false

    init(_ text: String) {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { bytes[index] = byte | 0x20 }
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digit = true }
        }
        func has(_ words: String...) -> Bool {
            bytes.withUnsafeBufferPointer { hay in
                words.contains { word in
                    var word = word
                    return word.withUTF8 { byteSearch(hay, $0) != nil }
                }
            }
        }
        atWord = has("@", "price", "單價", "单价", "each", "每")
        currency = has("$", "rmb", "cny", "twd", "ntd", "usd", "hkd", "sgd", "myr", "mop", "eur", "gbp", "rm", "¥", "￥", "€", "£", "aud", "cad", "nzd", "jpy", "chf", "thb", "krw")
        perWord = has("/", "per", "ea", "一", "每")
        at = has("at")
        yuan = has("元", "塊", "块")
        times = has("x", "×", "*")
    }
}
