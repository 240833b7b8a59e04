public import Foundation

/// One line of an order, with exact decimal quantity and price.
public struct OrderLine: Sendable, Equatable, Codable {
    public var sku: String?
    public var description: String?
    public var quantity: Decimal
    public var unit: String?
    public var unitPrice: Decimal?
    /// Where `unitPrice` came from; nil when there is no price (and in orders stored before
    /// prices had a source, where every price was written).
    public var priceSource: PriceSource?

    public init(sku: String? = nil, description: String? = nil, quantity: Decimal, unit: String? = nil, unitPrice: Decimal? = nil,
                priceSource: PriceSource? = nil) {
        self.sku = sku
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.priceSource = unitPrice == nil ? nil : (priceSource ?? .written)
    }

    /// Quantity × unit price, or nil when the price is unknown.
    public var amount: Decimal? { unitPrice.map { $0 * quantity } }

    enum CodingKeys: String, CodingKey { case sku, description, quantity, unit, unitPrice, priceSource }

    /// Decimals travel as strings, so no JSON number parsing can round them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sku, forKey: .sku)
        try container.encode(description, forKey: .description)
        try container.encode(DecimalText.format(quantity), forKey: .quantity)
        try container.encode(unit, forKey: .unit)
        try container.encode(unitPrice.map(DecimalText.format), forKey: .unitPrice)
        try container.encodeIfPresent(priceSource, forKey: .priceSource)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sku = try container.decodeIfPresent(String.self, forKey: .sku)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        let quantityText = try container.decode(String.self, forKey: .quantity)
        guard let quantity = DecimalText.parse(quantityText) else {
            throw DecodingError.dataCorruptedError(forKey: .quantity, in: container, debugDescription: "not a decimal: \(quantityText)")
        }
        self.quantity = quantity
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        unitPrice = try container.decodeIfPresent(String.self, forKey: .unitPrice).flatMap(DecimalText.parse)
        priceSource = unitPrice == nil ? nil : try container.decodeIfPresent(PriceSource.self, forKey: .priceSource) ?? .written
    }
}

/// An order on the desk: what was extracted from its source item, as edited by assistants.
public struct Order: Sendable, Equatable, Codable {
    public var number: OrderNumber
    public var state: OrderState
    /// The intake item the order came from (its original bytes are kept by the store).
    public var itemID: Int64
    public var receivedAt: Date
    public var customer: OrderDocument.CustomerInfo
    /// BCP 47 tag of the language to answer in; nil means the desk's default.
    public var language: String?
    public var purchaseOrder: String?
    public var currency: String?
    public var paymentMethod: PaymentMethod?
    public var paymentTerms: String?
    public var shipTo: OrderDocument.ShipTo
    /// `YYYY-MM-DD`.
    public var requestedDeliveryDate: String?
    public var lines: [OrderLine]
    public var issues: [Issue]
    public var confidence: Double
    /// The customer's `Message-ID` (without brackets), to thread our replies to it.
    public var sourceMessageID: String?
    /// The customer's subject, for `Re:` subjects.
    public var sourceSubject: String?
    /// True once an assistant changed any field.
    public var edited: Bool
    /// Shipping, delivery, delays and completion, once the order is confirmed.
    public var fulfilment: Fulfilment {
        get { storedFulfilment ?? Fulfilment() }
        set { storedFulfilment = newValue.isEmpty ? nil : newValue }
    }
    /// Optional in storage so that orders saved before fulfilment existed still decode.
    var storedFulfilment: Fulfilment?

    enum CodingKeys: String, CodingKey {
        case number, state, itemID, receivedAt, customer, language, purchaseOrder, currency, paymentMethod, paymentTerms, shipTo
        case requestedDeliveryDate, lines, issues, confidence, sourceMessageID, sourceSubject, edited
        case storedFulfilment = "fulfilment"
    }

    public init(number: OrderNumber, state: OrderState, itemID: Int64, receivedAt: Date,
                customer: OrderDocument.CustomerInfo = .init(), language: String? = nil,
                purchaseOrder: String? = nil, currency: String? = nil, paymentMethod: PaymentMethod? = nil,
                paymentTerms: String? = nil, shipTo: OrderDocument.ShipTo = .init(), requestedDeliveryDate: String? = nil,
                lines: [OrderLine] = [], issues: [Issue] = [], confidence: Double = 0,
                sourceMessageID: String? = nil, sourceSubject: String? = nil, edited: Bool = false) {
        self.number = number
        self.state = state
        self.itemID = itemID
        self.receivedAt = receivedAt
        self.customer = customer
        self.language = language
        self.purchaseOrder = purchaseOrder
        self.currency = currency
        self.paymentMethod = paymentMethod
        self.paymentTerms = paymentTerms
        self.shipTo = shipTo
        self.requestedDeliveryDate = requestedDeliveryDate
        self.lines = lines
        self.issues = issues
        self.confidence = confidence
        self.sourceMessageID = sourceMessageID
        self.sourceSubject = sourceSubject
        self.edited = edited
    }

    /// The sum of the lines that have a price; nil when no line has one.
    public var total: Decimal? {
        let priced = lines.compactMap(\.amount)
        return priced.isEmpty ? nil : priced.reduce(0, +)
    }

    /// True when every line has a price, so that `total` is the order's total and not a part of
    /// it (what a confirmation may call "Total").
    public var isFullyPriced: Bool { !lines.isEmpty && lines.allSatisfy { $0.unitPrice != nil } }

    /// Builds the order's fields from an extracted document. Quantities that are not decimals
    /// become issues instead of failing, so that a reviewer can fix them.
    public static func fields(from document: OrderDocument) -> (lines: [OrderLine], issues: [Issue]) {
        var issues = document.issues
        var lines: [OrderLine] = []
        for (index, line) in document.lines.enumerated() {
            let quantity = DecimalText.parse(line.quantity)
            if let issue = OrderRules.unreadableQuantity(number: index + 1, written: line.quantity, parsed: quantity) { issues.append(issue) }
            lines.append(OrderLine(sku: line.sku, description: line.description, quantity: quantity ?? 0,
                                   unit: line.unit, unitPrice: line.unitPrice.flatMap(DecimalText.parse)))
        }
        return (lines, issues)
    }
}
