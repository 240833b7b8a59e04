/// How the customer pays, normalised to the values of the extraction contract.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case bankTransfer = "bank_transfer"
    case creditCard = "credit_card"
    case cashOnDelivery = "cash_on_delivery"
    case cheque
    case netTerms = "net_terms"
    case paypal
    case other
}
