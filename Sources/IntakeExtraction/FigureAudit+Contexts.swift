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

    /// The text with its no-order contexts and set-aside clauses blanked (same length in
    /// characters, so that what is left keeps its place).
    static func blankingContexts(_ text: String) -> String {
        let ranges = contextRanges(in: text) + setAsideClauses(in: text)
        guard !ranges.isEmpty else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if let range = ranges.first(where: { $0.contains(index) }) {
                result += String(repeating: " ", count: text[index..<range.upperBound].count)
                index = range.upperBound
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }

    static let months = #"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"#
    /// Dates written with figures: ISO, slashes and dots (d/m, m/d, ROC 115/10/09), CJK, English
    /// month names. (Also what `OrderFinisher.unreadDate` looks for.)
    static let datePatterns: [String] = [
        #"\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日號号]?"#,
        // (4/10, 10/7, 5.6.2026; "9.8" alone is a price more often than a day.)
        #"(?<![\d.,])\d{1,2}\s*/\s*\d{1,2}(?:\s*[/.]\s*\d{2,4})?(?![\d.,]*\d)|(?<![\d.,])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.,]*\d)"#,
        #"\d{1,2}\s*月(?:\s*\d{1,2}\s*[日號号]?)?|\d{1,2}\s*[日號号](?![\d])|(?:民國|民国)\s*\d{2,3}\s*年|\d{4}\s*年"#,
        #"(?i)\b"# + months + #"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"#,
        #"(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"# + months + #"(?:,?\s+\d{4})?"#,
    ]
    static let contextPatterns: [String] = datePatterns + [
        // "the 20th".
        #"(?i)\b\d{1,2}(?:st|nd|rd|th)\b"#,
        #"(?i)\b(?:19|20)\d{2}\b(?=\s*(?:年|$|[.,;)]))"#,
        // Times ("上午7:30": no word edge between a Han character and a digit).
        #"(?i)(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?|(?<![\d:])\d{1,2}\s*[ap]\.?m\.?\b|(?:上午|下午|早上|晚上|中午)?\s*\d{1,2}\s*[點点時时](?:\s*\d{1,2}\s*分|半)?"#,
        // Time ranges ("9:00-17:00", "06:00-14:00", "8am-2pm", "9:00am - 12:00nn") and zone
        // offsets ("(GMT+8)", "UTC+08:00").
        #"\d{1,2}:\d{2}\s*[-–~至到]\s*\d{1,2}:\d{2}"#,
        #"(?i)(?<![\w:])\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?|nn|noon)?\s*[-–~至到]\s*\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?|nn|noon)\b|(?<![\d:])\d{1,2}:\d{2}\s*nn\b"#,
        #"(?i)\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?"#,
        // What the customer declines ("We will not take the 12L boxes this time").
        #"(?i)\b(?:skip|hold off|will not take|won't take|not take|no need for|don't need|do not need)\b[^.;。；\n]*"#,
        // Durations ("within 3 working days", "3天內", "Net 30" is payment terms).
        #"(?i)\b\d{1,3}(?:\s*|-)(?:working |business )?(?:days?|weeks?|months?|hours?|hrs?|years?)\b|\d{1,3}\s*(?:個|个)?\s*(?:天|日內|日内|週|周|星期|個月|个月|工作天|工作日|小時|小时|年)"#,
        // Payment shares ("50% deposit upon order confirmation", "30%訂金", "balance 70%").
        #"(?i)\d{1,3}\s*%\s*(?:in advance|deposit|down ?payment|advance|upfront|up front|prepayment|balance|訂金|订金|定金|預付|预付|尾款)|(?:deposit|balance|訂金|订金|定金|預付|预付|尾款)\s*(?:of\s*)?\d{1,3}\s*%"#,
        // Tax rates ("含13%增值税", "incl. 9% GST") and standards ("EN 397", "UN38.3", "ISO 9001").
        #"(?i)\d{1,2}(?:\.\d+)?\s*%\s*(?:增值税|增值稅|營業稅|营业税|税|稅|vat|gst|sst|sales tax|tax)"#,
        #"\b(?:EN|ISO|ANSI|ASTM|GB|GB/T|CNS|JIS|UN|IEC|UL)\s?\d+(?:[.-]\d+)*\b"#,
        // What the customer's own paperwork is numbered by, beside its label: a web form's or
        // submission's number, a quotation, a file ("表單編號：WF-20260804-0032", "Form ID:
        // order-form-v3", "your quotation Q-2026-0519", "file KH-logo-2025.ai"). An identifier
        // with letters and digits, or digits in hyphenated groups, is nothing counted or priced.
        #"(?i)(?:表單編號|表单编号|表格編號|表格编号|表單號|表单号|提交編號|提交编号|單據編號|单据编号|報價單號?|报价单号?|報價編號|报价编号|form\s*(?:id|no\.?|number|#)|submission\s*(?:id|no\.?|number|#)|ticket\s*(?:id|no\.?|#)|quotation|quote|ref(?:erence)?\.?|file|檔案|档案)\s*(?:no\.?|number|#|編號|编号)?\s*[:：#]?\s*(?:[A-Za-z][\w/-]*\d[\w./-]*|\d[\w/-]*[A-Za-z][\w./-]*|\d+(?:-\d+)+)"#,
        // Sizes written as dimensions ("86×86×50", "40*30mm", "100x150", "700x25C", "85g×24"):
        // no spaces round the sign, both sides of two digits or more or with a unit; not a count
        // ("5 x 8條", "10x12 pcs").
        #"(?i)(?<![\w.])(?:\d+(?:\.\d+)?(?:mm|cm|g|kg|ml)?[x×*]\d+(?:\.\d+)?(?:[x×*]\d+(?:\.\d+)?)*(?:mm|cm|m|in|inch|"|c|公分|厘米|毫米|米)(?![a-z])|\d+(?:mm|cm|g|kg|ml)[x×*]\d+|\d+[x×*]\d+[x×*]\d+|\d{2,}(?:\.\d+)?[x×*]\d{2,}|\d{2,}[x×*]\d+\.\d+)(?![\d.]*\s*(?:pcs|pc|units?|boxes|box|packs?|sets?|bags?|rolls?|個|个|條|条|支|件|套|盒|箱|包|瓶|袋|卷|捲|張|张|本|台|副|雙|双|對|对))"#,
        // What a pack holds, beside its count or in brackets ("一箱(24瓶)", "一箱12瓶", "每包100条",
        // "(30片装)", "the box of 50", "case of 24").
        #"(?:[一二兩两三四五六七八九十\d]+\s*)?(?:每\s*)?(?:箱|盒|包|袋|卷|捲|桶|打|件|套|組|组)\s*[(（]?\s*\d+\s*(?:瓶|支|只|個|个|條|条|片|包|盒|入|粒|顆|颗|張|张|卷|捲|本|罐|雙|双|對|对)|[(（]\s*\d+\s*(?:片|支|只|個|个|入|粒|顆|颗|包|瓶|條|条|張|张|本|pcs|pc)?\s*(?:装|裝|入|/|pcs|pc)"#,
        #"(?i)\b(?:the |a |per )?(?:box|pack|packet|case|carton|bag|roll|tube|set|bundle|tin|jar)\s+of\s+\d+\b"#,
        // Items of a list or a quotation named by their numbers ("第1,2,4項", "第 3,5 項", "items 1,
        // 2 and 4", "line 5"), a page's number, a calendar week.
        #"第\s*\d+(?:\s*(?:[,，、及和與与]|和)\s*\d+)*\s*[項项行條条頁页]|共\s*\d+\s*[頁页]"#,
        #"(?i)\b(?:items?|lines?|positions?|pos\.)\s*(?:no\.?\s*)?\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*\b(?!\s*(?:pcs|units|x\b))|\bpage\s+\d+\s+of\s+\d+\b|\b(?:CW|KW|wk|week)\s*\d{1,2}\b"#,
        // A school's year or term, a price list's year, shops and people counted ("Primary 4",
        // "Term 2", "your 2026 USD price sheet", "共12家分店", "our 12 outlets").
        #"(?i)\b(?:primary|secondary|grade|term|semester|form|class|year)\s+\d{1,2}\b|\b(?:19|20)\d{2}(?=\s+(?:[A-Z]{3}\s+)?(?:price|prices|pricing|catalog|catalogue|season|budget|models?|edition|collection))"#,
        #"(?i)\d+\s*(?:家|間|间)\s*(?:分店|門市|门市|店|分行|餐廳|餐厅|學校|学校)|\b\d+\s+(?:outlets|branches|stores|shops|students|staff|employees|people|persons|pax|classes|schools)\b"#,
        // Floors, docks and bays of a delivery place ("B1 receiving area", "Dock 2", "Receiving Dock B1").
        #"(?i)\b(?:dock|bay|gate|door|level|floor)\s+[A-Z]?\d{1,3}[A-Z]?\b|\bB[1-6]\b(?=\s*(?:receiving|floor|level|car ?park|loading|dock|廚房|厨房|收貨|收货|倉|仓|停車|停车))"#,
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
