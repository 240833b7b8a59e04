import Foundation

extension DateResolver {
    /// "五月二十日", "十二月三號": a month and a day in Chinese numerals, rewritten in digits
    /// ("5月20日") for the patterns that read a date; a count such as 一百二十令 is left alone
    /// (it has no 月).
    static func digitsForChineseDates(_ text: String) -> String {
        guard text.hasSubstring("月"),
              let regex = RegexCache.regex(#"(?<![零〇一二三四五六七八九十兩两\d])([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*([日号號])"#) else { return text }
        let result = NSMutableString(string: text)
        for match in regex.matches(in: text, range: NSRange(location: 0, length: result.length)).reversed() {
            guard let month = TextNormalizer.chineseNumeral(result.substring(with: match.range(at: 1))), (1...12).contains(month),
                  let day = TextNormalizer.chineseNumeral(result.substring(with: match.range(at: 2))), (1...31).contains(day) else { continue }
            result.replaceCharacters(in: match.range, with: "\(month)月\(day)" + result.substring(with: match.range(at: 3)))
        }
        return result as String
    }

    /// "展覽延後一週（改為 5/19 至 5/22），原本 5/8 要送的……改到下週三再送": of the dates moved to,
    /// the one whose clause sends the goods is the delivery's; the other moves an event.
    static func namesSending(_ clause: String) -> Bool {
        ["送", "寄", "deliver", "ship", "dispatch", "到貨", "到货", "交貨", "交货", "發貨", "发货", "出貨", "出货", "arrive"].contains { clause.hasSubstring($0) }
    }

    /// "of next month", 下個月, 下月: the day written is in the month after this one.
    static func saysNextMonth(_ text: String) -> Bool {
        ["next month", "下個月", "下个月", "下月"].contains { text.hasSubstring($0) }
    }
}
