/// The extraction contract's document (`order-intake/order@1`): what `intake extract` prints and
/// what the pipeline turns into an order.
///
/// Every field is always encoded, as `null` or an empty array when nothing was found, because
/// other programs rely on the shape (contract §1).
public struct OrderDocument: Sendable, Equatable, Codable {
    public static let schemaName = "order-intake/order@1"

    public struct Source: Sendable, Equatable, Codable {
        public var file: String
        public var messageId: String?
        public var from: String?
        public var subject: String?

        public init(file: String, messageId: String? = nil, from: String? = nil, subject: String? = nil) {
            self.file = file
            self.messageId = messageId
            self.from = from
            self.subject = subject
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(messageId, forKey: .messageId)
            try container.encode(from, forKey: .from)
            try container.encode(subject, forKey: .subject)
        }
    }

    public struct CustomerInfo: Sendable, Equatable, Codable {
        public var email: String?
        public var name: String?
        public var company: String?
        public var phone: String?

        public init(email: String? = nil, name: String? = nil, company: String? = nil, phone: String? = nil) {
            self.email = email
            self.name = name
            self.company = company
            self.phone = phone
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(name, forKey: .name)
            try container.encode(company, forKey: .company)
            try container.encode(phone, forKey: .phone)
        }
    }

    public struct Line: Sendable, Equatable, Codable {
        public var sku: String?
        public var description: String?
        /// Decimal string, e.g. `"10"`.
        public var quantity: String
        public var unit: String?
        /// Decimal string as written by the customer, or nil.
        public var unitPrice: String?

        public init(sku: String? = nil, description: String? = nil, quantity: String, unit: String? = nil, unitPrice: String? = nil) {
            self.sku = sku
            self.description = description
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sku, forKey: .sku)
            try container.encode(description, forKey: .description)
            try container.encode(quantity, forKey: .quantity)
            try container.encode(unit, forKey: .unit)
            try container.encode(unitPrice, forKey: .unitPrice)
        }
    }

    public struct ShipTo: Sendable, Equatable, Codable {
        public var recipient: String?
        public var address: String?
        public var phone: String?

        public init(recipient: String? = nil, address: String? = nil, phone: String? = nil) {
            self.recipient = recipient
            self.address = address
            self.phone = phone
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(recipient, forKey: .recipient)
            try container.encode(address, forKey: .address)
            try container.encode(phone, forKey: .phone)
        }
    }

    public struct Survey: Sendable, Equatable, Codable {
        public var rating: Int?
        public var comment: String?

        public init(rating: Int? = nil, comment: String? = nil) {
            self.rating = rating
            self.comment = comment
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rating, forKey: .rating)
            try container.encode(comment, forKey: .comment)
        }
    }

    public var schema: String = OrderDocument.schemaName
    public var kind: MessageKind
    public var source: Source
    public var customer: CustomerInfo = CustomerInfo()
    public var purchaseOrder: String?
    public var orderReference: String?
    public var currency: String?
    public var lines: [Line] = []
    public var paymentMethod: PaymentMethod?
    public var paymentTerms: String?
    public var shipTo: ShipTo = ShipTo()
    /// `YYYY-MM-DD`.
    public var requestedDeliveryDate: String?
    public var survey: Survey = Survey()
    public var issues: [Issue] = []
    public var confidence: Double = 0

    public init(kind: MessageKind, source: Source) {
        self.kind = kind
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case schema, kind, source, customer, purchaseOrder, orderReference, currency, lines, paymentMethod
        case paymentTerms, shipTo, requestedDeliveryDate, survey, issues, confidence
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(kind, forKey: .kind)
        try container.encode(source, forKey: .source)
        try container.encode(customer, forKey: .customer)
        try container.encode(purchaseOrder, forKey: .purchaseOrder)
        try container.encode(orderReference, forKey: .orderReference)
        try container.encode(currency, forKey: .currency)
        try container.encode(lines, forKey: .lines)
        try container.encode(paymentMethod, forKey: .paymentMethod)
        try container.encode(paymentTerms, forKey: .paymentTerms)
        try container.encode(shipTo, forKey: .shipTo)
        try container.encode(requestedDeliveryDate, forKey: .requestedDeliveryDate)
        try container.encode(survey, forKey: .survey)
        try container.encode(issues, forKey: .issues)
        try container.encode(confidence, forKey: .confidence)
    }
}
