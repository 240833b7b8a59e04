import Foundation

extension FigureAudit {
    /// Dates, times, durations, addresses of mail and web, our order numbers, phone and tax
    /// numbers: figures that belong to something other than what was ordered.
    static func contextRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        for pattern in contextPatterns {
            guard let regex = RegexCache.regex(pattern) else { continue }
            let whole = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: whole) {
                if let range = Range(match.range, in: text) { ranges.append(range) }
            }
        }
        return ranges
    }

    static let months = #"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"#
    static let contextPatterns: [String] = [
        // Dates: ISO, slashes and dots (d/m, m/d, ROC 115/10/09), CJK, English month names, "the 20th".
        #"\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日號号]?"#,
        // (4/10, 10/7, 5.6.2026; "9.8" alone is a price more often than a day.)
        #"(?<![\d.,])\d{1,2}\s*/\s*\d{1,2}(?:\s*[/.]\s*\d{2,4})?(?![\d.,]*\d)|(?<![\d.,])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.,]*\d)"#,
        #"\d{1,2}\s*月(?:\s*\d{1,2}\s*[日號号]?)?|\d{1,2}\s*[日號号](?![\d])|(?:民國|民国)\s*\d{2,3}\s*年|\d{4}\s*年"#,
        #"(?i)\b"# + months + #"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"#,
        #"(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"# + months + #"(?:,?\s+\d{4})?"#,
        #"(?i)\b\d{1,2}(?:st|nd|rd|th)\b"#,
        #"(?i)\b(?:19|20)\d{2}\b(?=\s*(?:年|$|[.,;)]))"#,
        // Times ("上午7:30": no word edge between a Han character and a digit).
        #"(?i)(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|(?<![\d:])\d{1,2}\s*[ap]\.?m\.?\b|(?:上午|下午|早上|晚上|中午)?\s*\d{1,2}\s*[點点時时](?:\s*\d{1,2}\s*分|半)?"#,
        // Time ranges ("9:00-17:00", "06:00-14:00").
        #"\d{1,2}:\d{2}\s*[-–~至到]\s*\d{1,2}:\d{2}"#,
        // What the customer declines ("We will not take the 12L boxes this time").
        #"(?i)\b(?:skip|hold off|will not take|won't take|not take|no need for|don't need|do not need)\b[^.;。；\n]*"#,
        // Durations ("within 3 working days", "3天內", "Net 30" is payment terms).
        #"(?i)\b\d{1,3}\s*(?:working |business )?(?:days?|weeks?|months?|hours?|hrs?|years?)\b|\d{1,3}\s*(?:個|个)?\s*(?:天|日內|日内|週|周|星期|個月|个月|工作天|工作日|小時|小时|年)"#,
        // Payment shares ("50% deposit upon order confirmation", "30%訂金", "balance 70%").
        #"(?i)\d{1,3}\s*%\s*(?:deposit|down ?payment|advance|upfront|up front|prepayment|balance|訂金|订金|定金|預付|预付|尾款)|(?:deposit|balance|訂金|订金|定金|預付|预付|尾款)\s*(?:of\s*)?\d{1,3}\s*%"#,
        // Pack sizes ("500支/包", "100只/盒", "12 pcs/ctn"): what one unit holds.
        #"(?i)\d+\s*(?:支|只|個|个|片|入|張|张|粒|顆|颗|卷|捲|枚|根|條|条|双|雙|对|對|pcs|pc|pieces|ea|sheets|rolls|ml|g|kg)\s*/\s*[\p{Han}A-Za-z]{1,4}"#,
        // Lanes, alleys, numbers, floors and rooms of an address ("興隆路一段196巷", "3樓", "5F").
        #"(?i)\d+\s*(?:巷|弄|號|号|樓|楼|室|段|f\b|/f\b)"#,
        // Mail and web addresses, our own order numbers.
        #"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#, #"(?i)\b(?:https?://|www\.)\S+"#, #"(?i)\bS\s*O\s*[-_ ]?\s*\d{4}\s*[-_ ]?\s*\d{1,6}\b"#,
        // Phone numbers: written with separators and long enough not to be a count or a price.
        #"(?<![\w.,])\+?\(?\d{1,4}\)?(?:[\s\-.]\(?\d{2,5}\)?){2,4}(?![\w.,]*\d)"#,
        #"(?<![\w.,])0\d{8,10}(?!\d)"#,
        // Eight-digit numbers of Hong Kong and Singapore, in two fours ("2777 0088", "9123-4567").
        #"(?<![\w.,])\d{4}[\s-]\d{4}(?![\w.,]*\d)"#,
        // Beside a contact, tax or billing label, the rest of the line.
        #"(?i)(?:tel|fax|phone|mobile|mob|cell|whatsapp|ext|call|致電|致电|分機|分机|電話|电话|手機|手机|傳真|传真|統編|統一編號|统一编号|稅號|税号|vat|tax id|bill to|billing|invoice|發票|发票|帳單|账单|開票|开票).*$"#,
    ]
}
