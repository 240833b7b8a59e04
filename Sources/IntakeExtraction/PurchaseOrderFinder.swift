import Foundation

/// Finds the customer's own purchase-order number: under a label, in a sentence, inside a number, in the
/// subject; apart from `OrderReferenceFinder`, which finds ours (SO-…), which a PO must never be taken for.
enum PurchaseOrderFinder {
    /// The PO under a PO label: the number alone, not the words after it nor our own (SO-…) beside it.
    static func readLabelled(_ value: String, line: TextLine, rule: String, into builder: inout DocumentBuilder) {
        // "貴司單號：SO-2026-01178（我方PO：KE-2605-09）": our order number is no PO; the
        // customer's own, in brackets after it, is.
        if RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: value) != nil {
            if let inner = RegexCache.firstRange(#"(?i)(?<=PO[:：#]|PO\s|單號[:：]|单号[:：])\s*[A-Za-z0-9][A-Za-z0-9\-/_.]{3,}"#, in: value),
               value[inner].containsNumber {
                builder.document.purchaseOrder = value[inner].trimmedSpaces().trimming(Self.numberEdges)
                builder.note("purchaseOrder", line.location, rule + ", the customer's number beside ours", line.text)
            }
            return
        }
        // "XM-LC-1014，请安排出货：": the number, not the sentence after it.
        let first = value.pieces(separatedBy: "  ").first?.trimmedSpaces() ?? value
        // (Asked once: asked per character, a long line made this quadratic.)
        let hasFigure = first.contains(where: \.isNumber)
        // "(PO:KS-2603-118):": the bracket the label opened before it closes after the number.
        builder.document.purchaseOrder = first.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == ";" || $0 == "；" || ($0 == " " && hasFigure) })
            .first.map { String($0).trimming(Self.numberEdges) }.map(Self.withoutUnopenedBracket) ?? first
        builder.note("purchaseOrder", line.location, rule, line.text)
    }

    /// A number under an order-reference label, which on a customer's form is their own PO.
    static func readOrderReferenceLabel(_ value: String, line: TextLine, rule: String, into builder: inout DocumentBuilder) {
        // "Order ref: KS-0803" on a customer's form is their own number; ours (SO-…) is a reference.
        let first = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" }).first.map(String.init) ?? value
        if first.containsNumber, RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: first) == nil {
            builder.document.purchaseOrder = first.trimming(Self.numberEdges)
            builder.note("purchaseOrder", line.location, rule, line.text)
        }
    }

    /// The PO written in the subject or the text, when no label gave one.
    static func findInProse(_ text: String, into builder: inout DocumentBuilder) {
        let subjectAndText = builder.subjectText + "\n" + text
        if builder.document.purchaseOrder == nil {
            if Self.mayNamePurchaseOrder(subjectAndText), let match = RegexCache.firstRange(#"(?i)\bP\.?O\.?(?![a-z])\s*(?:no\.?|number|#|号|號)?(?:\s+for this(?: order)?)?(?:\s+is)?\s*[:#]?\s*([A-Z0-9][A-Z0-9\-/]{3,})"#, in: subjectAndText) {
                let found = String(subjectAndText[match])
                if let value = RegexCache.firstRange(#"[A-Za-z0-9][A-Za-z0-9\-/]{3,}$"#, in: found), found[value].containsNumber {
                    builder.document.purchaseOrder = String(found[value])
                    builder.note("purchaseOrder", "text", "PO number pattern", found)
                }
            }
        }
        // "DX-PO-115052 這張單想調整一下", "EB/PO/2604/118": a number with PO inside it names itself.
        // "KS-JT-PO-2603-118": the PO may come after more than one part.
        if builder.document.purchaseOrder == nil, let match = RegexCache.firstRange(#"(?<![A-Za-z0-9\-/])(?:[A-Z0-9]{1,8}[-/_]){1,3}PO[-/_]?[A-Z0-9][A-Z0-9\-/_]{2,}"#, in: subjectAndText),
           subjectAndText[match].containsNumber {
            builder.document.purchaseOrder = String(subjectAndText[match]).trimming(Self.numberEdges)
            builder.note("purchaseOrder", "text", "a number with PO inside it", String(subjectAndText[match]))
        }
        // "我方采购单号 PC-PO-20260702-03", "補貨單 PM260721", "叫貨，單號 DX-0713" in a sentence
        // (not a courier's 運單號 or 物流單號), also "採購單號一樣是 PO-HD2603-0117" (是/為 between).
        if builder.document.purchaseOrder == nil, let match = RegexCache.firstRange(#"(?:採購單號|采购单号|採購單|采购单|訂購單號|订购单号|客戶單號|客户单号|補貨單|补货单|要貨單|要货单|請購單|请购单|進貨單|进货单|採購案號|采购案号|(?<=[(（])案號|(?<=[(（])案号|(?:我司|我方|本司|本公司|敝司|本店|我們的|我们的)\s*(?:訂單|订单)|(?<![遞递運运流票])單號|(?<![遞递運运流票])单号)\s*(?:號|号)?\s*[:：]?\s*(?:(?:一樣|一样|還是|还是|仍是|也|依然|照樣|照样)?\s*(?:是|為|为)\s*)?[A-Za-z0-9][A-Za-z0-9\-/_.#]{3,}"#, in: text) {
            let found = String(text[match])
            if let value = RegexCache.firstRange(#"[A-Za-z0-9][A-Za-z0-9\-/_.#]{3,}$"#, in: found), found[value].containsNumber,
               RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: String(found[value])) == nil {
                builder.document.purchaseOrder = String(found[value]).trimming(Self.numberEdges)
                builder.note("purchaseOrder", "text", "order number after the word for purchase order", found)
            }
        }
        // "Please accept our order HB-2604-117": the customer's own order number in a sentence.
        if builder.document.purchaseOrder == nil, let match = RegexCache.firstRange(#"(?i)\bour\s+(?:order|purchase order|PO)(?:\s+(?:no\.?|number|#))?\s*[:#]?\s*(?=[A-Z0-9\-/]*\d)(?=[A-Z0-9\-/]*[A-Z])[A-Z0-9][A-Z0-9\-/]{3,}"#, in: text),
           let value = RegexCache.firstRange(#"[A-Za-z0-9][A-Za-z0-9\-/]{3,}$"#, in: String(text[match])),
           RegexCache.firstRange(#"(?i)^S\s*O\s*[-_ ]?\s*20\d{2}"#, in: String(String(text[match])[value])) == nil {
            let found = String(text[match])
            builder.document.purchaseOrder = String(found[value]).trimming(Self.numberEdges)
            builder.note("purchaseOrder", "text", "the customer's order number in a sentence", found)
        }
        if builder.document.purchaseOrder == nil, let written = Self.purchaseOrderInSubject(builder.subjectText) {
            builder.document.purchaseOrder = written
            builder.note("purchaseOrder", "subject", "number after the word order", builder.subjectText)
        }
    }

    /// Whether `text` has a P at a possible word start, then an optional dot and an O: what the
    /// purchase-order pattern needs before ICU is asked (and the text converted for it).
    /// Non-ASCII bytes before the P count as a possible boundary.
    static func mayNamePurchaseOrder(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] | 0x20 == UInt8(ascii: "p") {
            if index > 0 {
                let before = bytes[index - 1]
                if before < 0x80 && (before == UInt8(ascii: "_") || (before | 0x20 >= UInt8(ascii: "a") && before | 0x20 <= UInt8(ascii: "z"))
                    || (before >= UInt8(ascii: "0") && before <= UInt8(ascii: "9"))) { continue }
            }
            var next = index + 1
            if next < bytes.count && bytes[next] == UInt8(ascii: ".") { next += 1 }
            if next < bytes.count && bytes[next] | 0x20 == UInt8(ascii: "o") { return true }
        }
        return false
    }

    /// Made once: a set built per call (now with its ASCII bitmask) was work on every subject.
    static let numberEdges = ScalarSet("._-/")

    /// "采购单 HX-2026-118", "訂單 HY-PO-20261221", "Purchase order 4500123": the customer's own
    /// number right after the word for order in the subject. It needs a digit, and our own order
    /// numbers (SO-…) are references, not purchase orders.
    static func purchaseOrderInSubject(_ subject: String) -> String? {
        let pattern = #"(?i)(?:採購訂單|采购订单|採購單|采购单|訂購單|订购单|訂貨單|订货单|叫貨單|叫货单|補貨單|补货单|要貨單|要货单|請購單|请购单|訂單|订单|purchase order|order)\s*(?:no\.?|number|#|號|号)?\s*[:：#]?\s*([A-Za-z0-9][A-Za-z0-9\-/_.]{3,})"#
        // "下单：蓝芯微 LX-2603-021": the buyer's name between the word and a coded number (letters,
        // a dash, digits), which a quantity or a product name is not.
        let named = #"(?:下單|下单|訂單|订单|採購單|采购单)\s*[:：]\s*\p{Han}{2,10}\s+([A-Za-z]{1,6}[-_][A-Za-z0-9][A-Za-z0-9\-/_.]{2,})"#
        guard let match = [pattern, named].lazy.compactMap({ RegexCache.regex($0)?.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) }).first,
              let range = Range(match.range(at: 1), in: subject) else { return nil }
        let value = String(subject[range]).trimming(Self.numberEdges)
        guard value.containsNumber, value.count >= 4,
              RegexCache.firstRange(#"(?i)^S\s*O\s*[-–—_ ]?\s*20\d{2}"#, in: value) == nil else { return nil }
        return value
    }

    /// "KS-2603-118)" → "KS-2603-118": a closing bracket with no opening one in the number.
    static func withoutUnopenedBracket(_ number: String) -> String {
        guard let last = number.last, last == ")" || last == "）", !number.contains(where: { $0 == "(" || $0 == "（" }) else { return number }
        return String(number.dropLast()).trimmedSpaces().trimming(numberEdges)
    }
}
