import Foundation
import IntakeMIME
public import IntakeModel

/// Decides what a message is (contract §1 `kind`), from headers first, then the thread, then
/// the wording in English, Traditional and Simplified Chinese.
struct MessageClassifier {
    struct Verdict {
        var kind: MessageKind
        var reason: String
        /// True when the message must never get an automatic answer (auto-reply, bounce, bulk).
        var isAutomated: Bool
    }

    private static let autoReplySubjects = ["out of office", "automatic reply", "auto reply", "autoreply", "auto-reply", "undeliverable", "delivery status notification",
                                            "mail delivery failed", "returned mail", "自動回覆", "自动回复", "自動回復", "休假", "不在辦公室", "不在办公室", "退信"]
    private static let cancellationWords = ["cancel", "cancellation", "取消訂單", "取消订单", "取消", "撤銷", "撤销", "不要了"]
    private static let changeWords = ["change", "modify", "modification", "amend", "update our order", "revise", "increase", "reduce", "instead of",
                                      "remove", "take out", "drop the", "add", "刪除", "删除", "拿掉", "加訂", "加订",
                                      "move the delivery", "postpone", "reschedule", "push back", "bring forward", "earlier", "延後", "延后", "推遲", "推迟", "改期", "改到", "提前", "提早",
                                      "延到", "延至", "順延", "顺延", "改一下", "要改", "改送", "改寄", "換地址", "换地址", "new address", "change the address",
                                      "different address", "instead",
                                      "修改", "更改", "變更", "变更", "改為", "改为", "改成", "追加", "增加", "減少", "减少",
                                      // "那张单需要调整一下：…从150个减到100个；另外加…".
                                      "調整", "调整", "減到", "减到", "加到", "另外加", "另加",
                                      // "麻烦推迟到下周三再送"; Cantonese "改做深藍色", "加多2包".
                                      "推迟", "推遲", "延期", "改做", "加多", "想改"]
    private static let complaintWords = ["complaint", "complain", "damaged", "broken", "defective", "wrong item", "missing item", "not received", "haven't received",
                                         "wrong invoice", "invoice is wrong", "corrected invoice", "overcharged", "only received", "short shipped", "short delivery",
                                         "were missing", "was missing", "is missing", "are missing", "missing from", "the missing", "received only", "only got", "thawed",
                                         "wrong size", "wrong colour", "wrong color", "wrong items", "wrong ones", "an exchange", "exchange them", "two problems", "a problem", "缺少", "漏寄", "漏發", "漏发", "發錯", "发错", "寄錯", "寄错", "送成", "換貨", "换货",
                                         "退換", "退换", "補發", "补发", "不對", "不对", "少了", "只到了", "只收到",
                                         "quality problem", "quality issue", "poor quality", "品質有問題", "品质有问题", "品質問題", "品质问题", "條紋", "条纹",
                                         "退貨", "退货",
                                         "少送", "短少", "發票錯", "发票错", "多收",
                                         "have not received", "late delivery", "still waiting", "unacceptable", "disappointed",
                                         "投訴", "投诉", "抱怨", "破損", "破损", "損壞", "损坏", "瑕疵", "送錯", "送错", "錯誤", "错误", "還沒收到", "还没收到",
                                         "尚未收到", "延遲", "延迟", "太慢", "不滿", "不满", "客訴", "客诉",
                                         // Goods that arrived spoiled, and what a customer asks for then.
                                         "torn open", "was torn", "were torn", "leaking", "leaked", "spoiled", "spoilt", "expired", "mouldy", "moldy", "melted",
                                         "crushed", "dented", "warm to the touch", "no ice packs", "send replacements", "send a replacement", "arrange a replacement",
                                         "replace them", "replace the damaged", "refund", "credit note",
                                         "過期", "过期", "發霉", "发霉", "融化", "退款", "補寄", "补寄", "壓壞", "压坏", "破了", "漏了", "爛咗", "穿咗", "壞咗",
                                         // Late: "遲咗三日", "arrived three days late".
                                         "遲咗", "遲了", "迟了", "晚到", "arrived late", "was late", "were late", "days late", "改善送貨", "改善送货",
                                         // Goods that do not work, what came instead, what is sent after.
                                         "faulty", "not working", "doesn't work", "does not work", "stopped working", "error code", "malfunction", "replacement unit",
                                         "故障", "壞掉", "坏掉", "不能用", "無法使用", "无法使用", "沒反應", "没反应", "有問題", "有问题", "只來了", "只来了",
                                         "補送", "补送", "換過來", "换过来", "送來的是", "送来的是",
                                         // A warranty claim: it leaks, it stopped, the cost is yours.
                                         "漏水", "保固", "保修", "warranty", "停機", "停机", "由貴公司負擔", "由贵公司负担"]
    private static let surveyWords = ["survey", "satisfaction", "rating", "滿意度", "满意度", "問卷", "问卷", "評分", "评分",
                                      // A survey's own subject and question, quoted back: "How did we do?", "how likely are you to recommend".
                                      "how did we do", "how likely are you", "likely to recommend", "on a scale of", "推薦給", "推荐给", "你的意見", "您的意見", "您的意见"]
    private static let quoteWords = ["quote", "quotation", "price list", "pricing", "how much", "rfq", "what would the price", "the price be",
                                     "any discount", "lead time", "報價", "报价", "詢價", "询价", "價目", "价目", "多少錢", "多少钱",
                                      "請問", "请问", "多少", "優惠", "优惠", "有沒有", "有没有", "是否有", "do you have", "do you stock", "can you offer"]
    /// Words of a prospect asking about terms, not ordering: estimates per month, a price list,
    /// samples, a minimum order.
    private static let inquiryWords = ["price list", "pricelist", "minimum order", "moq", "not placing an order", "not ordering yet", "before we place an order",
                                       "per month", "a month", "monthly usage", "each month", "free samples", "samples for", "報價單", "报价单", "價目表", "价目表",
                                       "每月", "每個月", "每个月", "最低訂購量", "最低订购量", "起訂量", "起订量", "樣品", "样品"]
    /// "咨询：…价格和货期", "想先问一下", "确认后我再走内部审批流程下单": asking before ordering,
    /// unless the message also asks for goods in so many words ("采购咨询并下单 … 想先订购A4复印纸5箱，
    /// 请寄到…"; a 下单 alone may be the one to come).
    private static let askingFirstWords = ["咨询", "諮詢", "想先问", "想先問", "审批流程", "審批流程", "enquiry", "inquiry"]
    private static let goodsRequestWords = ["please send", "please ship", "please deliver", "kindly supply", "please supply", "we would like to order",
                                            "請寄", "请寄", "請出貨", "请发货", "訂購", "订购"]
    /// Words with which a sender orders now, as opposed to asking for a price.
    private static let orderIntentWords = ["purchase order", "our order", "this order", "following order", "please send", "please ship", "please process",
                                           "go ahead with", "please go ahead", "proceed with", "as quoted", "叫貨", "叫货", "建單", "建单", "這次要", "这次要",
                                           "訂下面", "订下面", "幫我們訂", "帮我们订", "幫我訂", "帮我订", "要訂", "要订", "訂單轉給", "订单转给",
                                           "kindly supply", "please supply", "kindly send", "kindly ship", "please arrange", "please proceed",
                                           "we would like to order", "please deliver", "訂購", "订购", "下單", "下单", "請出貨", "请发货", "請寄", "请寄", "採購單", "采购单",
                                           // Cantonese: "幫我哋落單", "落order", "唔該幫我哋訂".
                                           "落單", "落单", "落order", "幫我哋訂", "帮我哋订", "幫我哋安排", "帮我哋安排",
                                           // "今次想訂：", "想先訂一些東西試試看".
                                           "想訂", "想订", "先訂", "先订", "我要訂", "我要订", "我想訂", "我想订",
                                           // "麻煩幫我們安排：" above a list.
                                           "幫我們安排", "帮我们安排", "請安排", "请安排", "麻煩安排", "麻烦安排"]
    /// Words that order now, whatever else the message asks ("第一次先訂少量看看 … 請把報價單和
    /// 匯款帳號寄給我": a first order that asks for the paperwork).
    private static let firmOrderWords = ["先訂", "先订", "這次要", "这次要", "我要訂", "我要订", "kindly supply", "we would like to order", "請出貨", "请发货"]
    /// Order words that settle a subject which also asks a price ("詢價兼訂貨"); the English
    /// "order" is left out, as "Quote for a bulk order" still asks.
    private static let subjectOrderWords = ["訂貨", "订货", "訂購", "订购", "下單", "下单", "叫貨", "叫货", "落單", "落单", "purchase order"]
    /// Words that make a message a new order even where it names an earlier one.
    private static let newOrderWords = ["new order", "another order", "same as", "repeat order", "re-order", "reorder",
                                        "新訂單", "新订单", "再訂一次", "再订一次", "照上次", "同上次",
                                        // "再跟你們叫一批": another batch, replying to the last confirmation.
                                        "another batch", "new batch", "再叫一批", "再訂一批", "再订一批", "叫一批", "再來一批", "再来一批", "再下一張", "再下一张"]
    /// Words that keep the rest of an order while something goes.
    private static let partialWords = ["the rest", "other items", "rest of the order", "remove the", "其他照常", "其他不變", "其他不变", "其餘照常",
                                       "其余照常", "刪除", "删除", "拿掉", "其他照舊", "其他照旧",
                                       // "数量不变": the counts stay, so the order does.
                                       "數量不變", "数量不变", "數量都不變", "数量都不变"]
    /// Words that deny a cancellation: the order stays.
    private static let keepOrderWords = ["do not cancel", "don't cancel", "dont cancel", "not to cancel", "no need to cancel", "not cancelling", "not a cancellation",
                                         "不要取消", "不用取消", "別取消", "别取消", "請勿取消", "请勿取消", "不是取消", "無需取消", "无需取消", "唔好取消"]
    /// Words that deny a postponement.
    private static let deniedPostponeWords = ["不是延期", "不是延後", "不是延后", "不是改期", "不是推遲", "不是推迟", "not postpone", "not a postponement",
                                              "not to postpone", "rather than postpone", "instead of postponing", "not just postpone"]
    /// The customer moves the delivery later: a change, not a cancellation.
    private static let postponedDelivery = #"(?:postpone|reschedule|push back|delay)\s+(?:the |our |this )?(?:delivery|shipment|order)|(?:deliver|ship|send) it (?:on|by|after) [^.\n]{1,30} instead|(?:延後|延后|延期|推遲|推迟|改期|晚點|晚点)\s*(?:出貨|出货|送貨|送货|交貨|交货|到貨|到货|發貨|发货|配送|送)|(?:出貨|出货|送貨|送货|交貨|交货|到貨|到货|發貨|发货)(?:日期|時間|时间)?\s*(?:延後|延后|延期|推遲|推迟|改期)"#
    /// Words that change a line's count or add one: beside a cancelled line, the order stays.
    private static let adjustWords = ["改為", "改为", "改成", "追加", "加訂", "加订", "increase", "reduce", "instead of"]
    /// Words that say goods came: with complaint wording, the message is about a delivery.
    private static let receiptWords = ["arrived", "received", "delivered", "收到", "送來", "送来", "到貨", "到货", "送到的"]
    /// Words that ask for goods now ("our order" names an old one, so it is not here).
    private static let requestWords = ["please send", "please ship", "please deliver", "kindly supply", "please supply", "we would like to order",
                                       "請寄", "请寄", "請出貨", "请发货", "下單", "下单", "訂購", "订购"]
    /// Words with which a customer takes up a quotation.
    private static let acceptWords = ["accept your quote", "accept the quote", "accept your quotation", "accept the quotation", "go ahead with the quote",
                                      "go ahead with", "as quoted", "at the quoted", "照報價", "照上次報價", "照上次报价", "價格照", "价格照",
                                      "上次的報價", "上次的报价", "上次報的", "上次报的", "照你上次", "按上次",
                                      "接受報價", "接受报价", "報價我們接受", "报价我们接受", "同意報價", "同意报价", "依報價", "按报价", "按報價"]
    private static let orderWords = ["order", "purchase", "please send", "please ship", "we would like", "we need", "po ", "p.o.",
                                     "kindly supply", "please supply", "kindly send", "could you send", "can you send",
                                     "訂購", "订购", "訂單", "订单", "下單", "下单", "採購", "采购", "訂貨", "订货", "購買", "购买", "請寄", "请寄", "請出貨", "请发货"]

    /// `hasPurchaseOrder`: the customer gave a purchase order number, which is how buyers order
    /// (a quote request has none). `sender`: the message's From address, normalised (the
    /// caller has parsed it; the header getter parses again on every call).
    func classify(message: MIMEMessage?, sender: String?, subject: String, body: String, hasLines: Bool, orderReference: String?, threadKind: MessageKind?,
                  hasPurchaseOrder: Bool = false) -> Verdict {
        if let message, let automated = automatedReason(message, sender: sender) {
            return Verdict(kind: .other, reason: automated, isAutomated: true)
        }
        let subjectLower = TextNormalizer.lowercased(TextNormalizer.normalize(subject))
        if Self.autoReplySubjects.contains(where: { subjectLower.hasSubstring($0) }) {
            return Verdict(kind: .other, reason: "subject reads like an automatic reply", isAutomated: true)
        }
        let text = TextNormalizer.lowercased(TextNormalizer.normalize(subject + "\n" + body))
        let pairs = BytePairSet(text)
        func has(_ words: [String]) -> Bool { words.contains { pairs.mayContain($0) && PaymentParser.containsWord(text, $0) } }
        // "遲到" is late, but "推迟到下周三" (postponed to) holds it too.
        let complains = has(Self.complaintWords) || RegexCache.firstRange(#"(?<![推延])(?:遲到|迟到)"#, in: text) != nil

        if threadKind == .surveyResponse || (has(Self.surveyWords) && SurveyReader.rating(in: body) != nil && !hasLines) {
            return Verdict(kind: .surveyResponse, reason: threadKind == .surveyResponse ? "reply to our survey" : "survey wording with a rating", isAutomated: false)
        }
        // "Please send the same as SO-2027-00180 but…": a new order that names an old one.
        let newOrder = has(Self.newOrderWords)
        let refersToOrder = (orderReference != nil || threadKind != nil) && !newOrder
        // "上週收到的耶加雪菲有一包破損": a complaint names products and counts too; without order
        // wording it stays a complaint.
        let complaintWithLines = has(Self.receiptWords) ? !has(Self.requestWords) : !has(Self.orderIntentWords) && !has(Self.orderWords)
        if hasLines && !refersToOrder && complains && complaintWithLines {
            return Verdict(kind: .complaint, reason: "complaint wording, no order wording", isAutomated: false)
        }
        if refersToOrder || !hasLines {
            // "订书机不要了，请删除，其他照常发货": one item goes, the order stays: a change.
            // "1. 肥牛片 120 盒 改為 150 盒 2. 金錢肚 取消 3. 追加 蝦仁": one line cancelled among changes.
            if refersToOrder && has(Self.cancellationWords) && (has(Self.partialWords) || has(Self.adjustWords)) {
                return Verdict(kind: .changeRequest, reason: "removes part of an existing order", isAutomated: false)
            }
            // "please hold our order and deliver it on 12 May instead … do not cancel the order": a
            // postponement, or a cancellation word denied, keeps the order: a change.
            // ("我们取消，不是延期": a postponement denied is a cancellation.)
            // (A postponement is of the delivery: "客人的婚禮延期了" is the reason for a cancellation.)
            let postpones = RegexCache.firstRange(Self.postponedDelivery, in: text) != nil && !has(Self.deniedPostponeWords)
            if refersToOrder && has(Self.cancellationWords) && (has(Self.keepOrderWords) || postpones) {
                return Verdict(kind: .changeRequest, reason: "postpones an existing order or says not to cancel it", isAutomated: false)
            }
            if has(Self.cancellationWords) && !has(["cancellation policy"]) && !has(Self.keepOrderWords) {
                return Verdict(kind: .cancellation, reason: "cancellation wording" + (refersToOrder ? " about an existing order" : ""), isAutomated: false)
            }
            if complains {
                return Verdict(kind: .complaint, reason: "complaint wording", isAutomated: false)
            }
            if refersToOrder && has(Self.changeWords) {
                return Verdict(kind: .changeRequest, reason: "change wording about an existing order", isAutomated: false)
            }
        }
        // A quote request names products and quantities too; it is an order only when the
        // sender says so ("please send", "our order", a PO), not when it merely mentions ordering
        // later ("before we place an order"). A quote request in the subject settles it.
        // A reply to our quotation that accepts it and orders is an order, quote in the subject or not.
        // "價錢按你哋澳門報價", "按你们三月的报价单", "as per your quotation of 3 March": the quote is
        // the basis of the prices, not a question; the customer takes it up.
        let accepts = has(Self.acceptWords)
            || RegexCache.firstRange(#"(?:按|照|依|根據|根据|as per|according to|based on)[^\n。.,，?？]{0,16}?(?:報價|报价|價目表|价目表|quotation|quote|price list)(?![^\n。.,，]{0,6}[?？])"#, in: text) != nil
        let replyingToQuote = ["re:", "re：", "回覆", "回复", "答复", "aw:"].contains { subjectLower.hasPrefix($0) } && has(Self.orderIntentWords)
        let subjectAsksForQuote = Self.quoteWords.contains { PaymentParser.containsWord(subjectLower, $0) }
            && !Self.subjectOrderWords.contains { subjectLower.hasSubstring($0) }
            && !replyingToQuote && !accepts
        let ordersNow = has(Self.orderIntentWords) || accepts
        // "Could you send us your price list … we expect roughly 20 bags a month": a prospect.
        if hasLines && !hasPurchaseOrder && !accepts && !replyingToQuote && !refersToOrder && !Self.titledOrderForm(subject: subjectLower, body: body)
            && (has(Self.inquiryWords) || (has(Self.askingFirstWords) && !has(Self.goodsRequestWords))) && !has(Self.firmOrderWords) {
            return Verdict(kind: .other, reason: "an inquiry about prices or terms, not an order", isAutomated: false)
        }
        if hasLines && (hasPurchaseOrder || (!subjectAsksForQuote && !(has(Self.quoteWords) && !ordersNow))) {
            return Verdict(kind: .order, reason: "ordered lines found", isAutomated: false)
        }
        if refersToOrder && has(Self.changeWords) {
            return Verdict(kind: .changeRequest, reason: "change wording about an existing order", isAutomated: false)
        }
        if has(Self.quoteWords) {
            return Verdict(kind: .other, reason: "a quote or price inquiry, not an order", isAutomated: false)
        }
        if has(Self.orderWords) && !refersToOrder {
            return Verdict(kind: .order, reason: "order wording, but no lines found", isAutomated: false)
        }
        return Verdict(kind: .other, reason: "no order, change, cancellation, complaint or survey wording", isAutomated: false)
    }

    /// "==== 線上訂購單 ====", "Order Form": a message whose subject or title (its first line)
    /// names it an order form is an order, whatever else it says of a quotation ("匯款（收到報價單後）").
    static func titledOrderForm(subject: String, body: String) -> Bool {
        let title = body.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        let text = subject + "\n" + TextNormalizer.lowercased(TextNormalizer.normalize(title))
        return ["訂購單", "订购单", "訂貨單", "订货单", "order form"].contains { text.hasSubstring($0) }
    }

    /// Headers that mark machine-sent mail (RFC 3834, RFC 2369, delivery reports); `sender` is
    /// the From address, normalised.
    func automatedReason(_ message: MIMEMessage, sender: String?) -> String? {
        let headers = message.headers
        if let value = headers.value("Auto-Submitted")?.lowercased(), value != "no" { return "Auto-Submitted: \(value)" }
        if headers.contains("X-Autoreply") || headers.contains("X-Autorespond") || headers.contains("X-Auto-Response-Suppress") && headers.value("X-Auto-Response-Suppress")?.lowercased() == "all" {
            return "marked as an automatic reply"
        }
        if let precedence = headers.value("Precedence")?.lowercased(), ["bulk", "junk", "list", "auto_reply"].contains(precedence) {
            return "Precedence: \(precedence)"
        }
        if headers.contains("List-Id") { return "mailing list (List-Id)" }
        if message.root.contentType.value == "multipart/report" { return "delivery or read report (multipart/report)" }
        if let returnPath = headers.value("Return-Path"), returnPath.trimmedSpaces() == "<>" { return "bounce (empty Return-Path)" }
        if let from = sender, from.hasPrefix("mailer-daemon@") || from.hasPrefix("postmaster@") {
            return "sent by \(from)"
        }
        return nil
    }
}

/// What a complaint is about, for the case it opens: `late_delivery`, `damaged`, `wrong_item`,
/// `quality`, `billing` or `other`; the first category whose words the text uses, in that order.
public enum ComplaintCategory {
    static let words: [(CaseCategory, [String])] = [
        (.damaged, ["damaged", "broken", "crushed", "torn", "破損", "破损", "損壞", "损坏", "壓壞", "压坏", "碎了", "摔壞", "摔坏"]),
        (.wrongItem, ["wrong item", "wrong product", "wrong colour", "wrong color", "wrong size", "not what we ordered", "instead of what",
                        "送錯", "送错", "寄錯", "寄错", "發錯", "发错", "不是我們訂的", "不是我们订的"]),
        (.billing, ["invoice", "billing", "overcharged", "charged twice", "refund", "發票", "发票", "帳單", "账单", "多收", "扣款", "退款"]),
        (.quality, ["quality", "defective", "faulty", "does not work", "doesn't work", "leaking", "瑕疵", "品質", "品质", "質量", "质量", "不能用", "故障", "漏墨"]),
        (.lateDelivery, ["late", "delay", "not received", "haven't received", "have not received", "still waiting", "not arrived", "where is",
                           "遲", "迟", "延遲", "延迟", "太慢", "還沒收到", "还没收到", "尚未收到", "沒到", "没到"]),
    ]

    public static func of(_ text: String) -> CaseCategory {
        let lower = TextNormalizer.lowercased(TextNormalizer.normalize(text))
        for (category, words) in words where words.contains(where: { PaymentParser.containsWord(lower, $0) }) { return category }
        return .other
    }
}

/// Reads a satisfaction rating and comment from a survey reply.
enum SurveyReader {
    /// `[SV-7K2QX9]` in a subject: the token our survey subjects carry.
    static func token(in subject: String) -> String? {
        guard let range = RegexCache.firstRange(#"\[SV-[0-9A-Za-z]{4,12}\]"#, in: subject) else { return nil }
        return String(subject[range].dropFirst().dropLast()).uppercased()
    }

    static let unsubscribeWords = ["unsubscribe", "opt out", "opt-out", "no more surveys", "stop sending", "退訂", "退订", "取消訂閱", "取消订阅", "不要再寄", "不要再发"]

    /// "unsubscribe" in the subject (what List-Unsubscribe mailto links send), or as the first
    /// words of the reply.
    static func asksToUnsubscribe(subject: String, body: String) -> Bool {
        let subjectLower = subject.lowercased()
        if unsubscribeWords.contains(where: { subjectLower.hasSubstring($0) }) { return true }
        let firstLine = body.lineSlices().lazy.map { $0.trimmedSpaces().lowercased() }.first { !$0.isEmpty } ?? ""
        // Counted once, not per word; in common text (one scalar per character, nothing
        // canonically equivalent to anything else) a prefix is a prefix of the bytes.
        let short = firstLine.utf8.count <= 40 || firstLine.count <= 40
        let common = TextNormalizer.isCommon(firstLine)
        return unsubscribeWords.contains { (common ? firstLine.utf8.starts(with: $0.utf8) : firstLine.hasPrefix($0)) || (short && firstLine.hasSubstring($0)) }
    }

    /// Whether `text` (a subject, a quoted message) is a satisfaction survey, and on which scale:
    /// 10 for "0 to 10" / "how likely … recommend" (NPS), else 5. Nil when it is no survey.
    static func invitationScale(in text: String) -> Int? {
        let lower = TextNormalizer.lowercased(TextNormalizer.normalize(text))
        guard invitationWords.contains(where: { lower.hasSubstring($0) }) else { return nil }
        if RegexCache.firstRange(#"0\s*(?:to|-|–|~|～|至|到)\s*10|0\s*=.{0,30}10\s*="#, in: lower) != nil
            || lower.hasSubstring("how likely") || lower.hasSubstring("recommend") || lower.hasSubstring("推薦") || lower.hasSubstring("推荐") {
            return 10
        }
        return 5
    }

    static let invitationWords = ["how did we do", "how likely", "recommend", "satisfaction", "how satisfied", "on a scale", "survey", "rate your", "rate us", "rate our", "how would you rate",
                                  "滿意度", "满意度", "問卷", "问卷", "評分", "评分", "顆星", "颗星", "打分", "評價", "评价", "推薦", "推荐",
                                  "意見調查", "意见调查", "顧客調查", "客户调查", "滿唔滿意", "滿不滿意", "满不满意"]

    /// The rating in a reply: `8/10`, `4 out of 5`, `★★★★☆`, `I'd say 9`, `rating: 4`, `給四分`,
    /// `九分`, a number alone, or the words of the survey's own legend (`5 = 非常滿意`) or of a
    /// five-point scale (非常滿意 5 … 非常不滿意 1, 滿分 the top). `scale` is the survey's (5 or 10);
    /// `legend` the quoted survey, whose "N = words" pairs are read first.
    static func rating(in body: String, scale: Int = 10, legend: String = "") -> Int? {
        // "four out of five", "I'd give you a nine": number words as figures first.
        var spelled = TextNormalizer.normalize(body)
        for (word, value) in [("ten", 10), ("nine", 9), ("eight", 8), ("seven", 7), ("six", 6), ("five", 5), ("four", 4), ("three", 3), ("two", 2), ("one", 1), ("zero", 0)] {
            spelled = spelled.replacingOccurrences(of: #"(?i)\b"# + word + #"\b(?=\s+(?:out of|/|stars?)|\s*$|\s*[.!,])|(?<=\bout of )"# + word + #"\b|(?i)(?<=\b(?:a|an|say|give you|give it|rate you|rate it) )"# + word + #"\b"#,
                                                  with: String(value), options: [.regularExpression, .caseInsensitive])
        }
        // A question copied into the answer ("(0-10 分)", "1 to 5 stars") is no rating.
        // So is the scale said in the answer ("满分十分的话，我给九分", "(滿分5分)").
        let text = spelled.replacingOccurrences(of: #"\d{1,2}\s*(?:-|–|~|～|to|至|到)\s*\d{1,2}\s*(?:分|顆星|颗星|星|stars?)?"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"(?:滿分|满分|總分|总分)\s*(?:是|為|为)?\s*[0-9零〇一二兩两三四五六七八九十]{1,2}\s*(?:分|顆星|颗星|星)?"#, with: " ", options: .regularExpression)
        // Stars: the filled ones count.
        for line in text.lineSlices() where line.contains("★") || line.contains("⭐") {
            let filled = line.filter { $0 == "★" || $0 == "⭐" }.count
            if filled > 0 && filled <= 10 { return filled }
        }
        let patterns = [#"(\d{1,2})\s*(?:/\s*(?:5|10)\b|out of\s*(?:5|10)\b)"#,
                        #"(?i)\b(?:say(?:\s+an?)?|give (?:you|it|us|them)?\s*(?:a|an)?|rate (?:you|it|us|them)?\s*(?:a|an)?|it'?s an?|solid)\s+(\d{1,2})\b(?!\s*(?:days?|%|pcs|boxes|items))"#,
                        #"(?i)\b(\d{1,2})\s+out\s+of\s+(?:5|10)\b"#,
                        #"(?i)(?:rating|score|評分|评分|分數|分数|評價|评价|打分)\s*[:=]?\s*(\d{1,2})(?!\d)"#,
                        #"(\d{1,2})\s*(?:分(?!鐘|钟|之)|stars?\b|顆星|颗星|星)"#, #"^\s*(\d{1,2})\s*$"#]
        if let value = firstNumber(patterns, in: text) { return value }
        // Chinese numerals before 分 or 星 ("九分", "給四星"); 十分 before a word is "very".
        if let range = RegexCache.firstRange(#"([零〇一二兩两三四五六七八九十])\s*(?:分|顆星|颗星|星)(?![鐘钟之滿满好])"#, in: text) {
            let numeral = String(text[range].prefix(1))
            if let value = TextNormalizer.chineseNumeral(numeral), (0...10).contains(value) { return value }
        }
        // "1. 推荐意愿：9", "Overall: 8": an answer after its question's label, alone at the line's end.
        if let value = firstNumber([#"^\s*(?:\d{1,2}\s*[.、)]\s*)?[^\d\n:：]{1,20}[:：]\s*(\d{1,2})\s*(?:分|/\s*(?:5|10))?\s*[.。!！]?\s*$"#], in: text),
           value <= scale {
            return value
        }
        // "Q1: 9. Would have been a ten if …": the first question's answer, a sentence of its own.
        if let value = firstNumber([#"(?im)^\s*q\s*1\s*[:：.)]\s*(\d{1,2})\s*(?:分|/\s*(?:5|10))?\s*(?:[.。!！,，;；]|$)"#], in: text), value <= scale {
            return value
        }
        let lower = TextNormalizer.lowercased(text)
        // The survey's own words for its points, longest first ("非常不滿意" before "滿意"):
        // "5 = 非常滿意", "1 非常不滿意 / 2 不滿意 / … / 5 非常滿意".
        var words: [(String, Int)] = []
        let legendText = TextNormalizer.lowercased(TextNormalizer.normalize(legend))
        if let regex = RegexCache.regex(#"(?<![\d.:/-])(\d{1,2})\s*(?:分|星|stars?)?\s*[=＝:：]?\s*([^\s\d、,，;；=()（）/]{2,12})"#) {
            for match in regex.matches(in: legendText, range: NSRange(legendText.startIndex..., in: legendText)) {
                guard let number = Range(match.range(at: 1), in: legendText), let word = Range(match.range(at: 2), in: legendText),
                      let value = Int(legendText[number]), (0...10).contains(value) else { continue }
                words.append((String(legendText[word]), value))
            }
        }
        if scale == 5 { words += fivePointWords }
        words.sort { $0.0.count > $1.0.count }
        func wordRating(_ text: String) -> Int? { words.first { text.hasSubstring($0.0) }?.1 }
        // "3, the boxes were dented": a score opening the reply, set off by punctuation (after
        // the rest: "1." may number a question, and "1. 非常滿意" answers question 1 in words).
        if let value = firstNumber([#"\A\s*(\d{1,2})\s*[,，.。:：;；!！\-–—](?!\d)"#], in: text) {
            let firstLine = lower.lineSlices().first { !$0.trimmedSpaces().isEmpty }.map(String.init) ?? ""
            if RegexCache.firstRange(#"^\s*\d{1,2}\s*[.、)]"#, in: firstLine) != nil, let said = wordRating(firstLine) { return said }
            return value
        }
        if ["滿分", "满分", "full marks", "top marks"].contains(where: { lower.hasSubstring($0) }) { return scale }
        return wordRating(lower)
    }

    private static func firstNumber(_ patterns: [String], in text: String) -> Int? {
        for pattern in patterns {
            guard let regex = RegexCache.regex(pattern, options: [.anchorsMatchLines]) else { continue }
            if let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
               let range = Range(match.range(at: 1), in: text), let value = Int(text[range]), (0...10).contains(value) {
                return value
            }
        }
        return nil
    }

    /// The usual words of a five-point satisfaction scale.
    static let fivePointWords: [(String, Int)] = [("非常不滿意", 1), ("非常不满意", 1), ("很不滿意", 1), ("很不满意", 1), ("不滿意", 2), ("不满意", 2),
                                                  ("非常滿意", 5), ("非常满意", 5), ("很滿意", 5), ("很满意", 5), ("滿意", 4), ("满意", 4),
                                                  ("普通", 3), ("一般", 3), ("還可以", 3), ("还可以", 3),
                                                  ("very dissatisfied", 1), ("dissatisfied", 2), ("very satisfied", 5), ("extremely satisfied", 5),
                                                  ("excellent", 5), ("satisfied", 4), ("average", 3)]
}
