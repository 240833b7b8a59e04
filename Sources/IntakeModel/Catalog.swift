public import Foundation

/// One product of `config/catalog.csv` (contract §2).
public struct Product: Sendable, Equatable {
    public var sku: String
    public var name: String
    public var aliases: [String]
    public var unit: String?
    public var unitPrice: Decimal?
    public var currency: String?

    public init(sku: String, name: String, aliases: [String] = [], unit: String? = nil, unitPrice: Decimal? = nil, currency: String? = nil) {
        self.sku = sku
        self.name = name
        self.aliases = aliases
        self.unit = unit
        self.unitPrice = unitPrice
        self.currency = currency
    }
}

/// One customer of `config/customers.csv` (contract §3).
public struct Customer: Sendable, Equatable {
    /// Lower-cased; matching is case-insensitive.
    public var email: String
    public var name: String?
    public var company: String?
    public var phone: String?
    /// BCP 47 tag for replies, e.g. `zh-TW`.
    public var language: String?
    public var paymentMethod: PaymentMethod?
    public var shipTo: String?

    public init(email: String, name: String? = nil, company: String? = nil, phone: String? = nil,
                language: String? = nil, paymentMethod: PaymentMethod? = nil, shipTo: String? = nil) {
        self.email = email.lowercased()
        self.name = name
        self.company = company
        self.phone = phone
        self.language = language
        self.paymentMethod = paymentMethod
        self.shipTo = shipTo
    }
}
