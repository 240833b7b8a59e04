public import IntakeModel

/// The words for a payment method in each reply language.
public enum PaymentLabels {
    public static func label(_ method: PaymentMethod, language: String) -> String {
        let lower = language.lowercased()
        let table: [PaymentMethod: (en: String, tw: String, cn: String)] = [
            .bankTransfer: ("bank transfer", "銀行轉帳", "银行转账"),
            .creditCard: ("credit card", "信用卡", "信用卡"),
            .cashOnDelivery: ("cash on delivery", "貨到付款", "货到付款"),
            .cheque: ("cheque", "支票", "支票"),
            .netTerms: ("on account", "月結", "月结"),
            .paypal: ("PayPal", "PayPal", "PayPal"),
            .other: ("other", "其他", "其他"),
        ]
        guard let words = table[method] else { return method.rawValue }
        if lower.hasPrefix("zh") {
            return lower.contains("cn") || lower.contains("hans") || lower.contains("sg") ? words.cn : words.tw
        }
        return words.en
    }
}
