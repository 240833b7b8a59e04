import Foundation

/// One assistant edit, `path=value`, as typed after `intake queue edit ID --set`.
///
/// Paths name the contract's fields (`shipTo.address`, `customer.email`, `paymentMethod`) and lines
/// by their number as shown in the queue, starting at 1 (`lines[2].quantity`). An empty value
/// clears an optional field. `lines[N+1].…` on the line after the last adds a line.
public struct OrderEdit: Sendable, Equatable {
    public enum Field: Sendable, Equatable {
        case customerEmail, customerName, customerCompany, customerPhone
        case purchaseOrder, currency, paymentMethod, paymentTerms
        case shipToRecipient, shipToAddress, shipToPhone
        case requestedDeliveryDate, language
        case line(Int, LineField)
        case removeLine(Int)
    }

    public enum LineField: String, Sendable, Equatable {
        case sku, description, quantity, unit, unitPrice
    }

    public let path: String
    public let field: Field
    public let value: String

    private static let plain: [String: Field] = [
        "customer.email": .customerEmail, "customer.name": .customerName, "customer.company": .customerCompany,
        "customer.phone": .customerPhone, "purchaseOrder": .purchaseOrder, "currency": .currency,
        "paymentMethod": .paymentMethod, "paymentTerms": .paymentTerms, "shipTo.recipient": .shipToRecipient,
        "shipTo.address": .shipToAddress, "shipTo.phone": .shipToPhone,
        "requestedDeliveryDate": .requestedDeliveryDate, "language": .language,
    ]

    /// The paths an assistant may edit, for error messages and help.
    public static let knownPaths: [String] = plain.keys.sorted()
        + ["lines[N].sku", "lines[N].description", "lines[N].quantity", "lines[N].unit", "lines[N].unitPrice", "lines[N]=  (empty: remove)"]

    /// Parses `path=value`; the value may contain `=`.
    public init(parsing assignment: String) throws(ModelError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ModelError(code: .invalidValue, message: "edit \"\(assignment)\" is not of the form field=value")
        }
        let path = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
        let value = String(assignment[assignment.index(after: equals)...])
        try self.init(path: path, value: value)
    }

    public init(path: String, value: String) throws(ModelError) {
        self.path = path
        self.value = value
        if let field = Self.plain[path] {
            self.field = field
            return
        }
        guard path.hasPrefix("lines["), let close = path.firstIndex(of: "]") else {
            throw Self.unknown(path)
        }
        let numberText = path[path.index(path.startIndex, offsetBy: 6)..<close]
        guard let number = Int(numberText), number >= 1 else {
            throw ModelError(code: .unknownField, message: "line number in \"\(path)\" must be 1 or more")
        }
        let rest = path[path.index(after: close)...]
        if rest.isEmpty {
            guard value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ModelError(code: .invalidValue, message: "\"\(path)=\" with an empty value removes a line; name a field to change it (e.g. \(path).quantity)")
            }
            self.field = .removeLine(number)
            return
        }
        guard rest.hasPrefix("."), let lineField = LineField(rawValue: String(rest.dropFirst())) else {
            throw Self.unknown(path)
        }
        self.field = .line(number, lineField)
    }

    /// The value of a plain field (not a line) as text, for before/after displays.
    public static func currentValue(of path: String, in order: Order) throws(ModelError) -> String? {
        guard let field = plain[path] else { throw unknown(path) }
        switch field {
        case .customerEmail: return order.customer.email
        case .customerName: return order.customer.name
        case .customerCompany: return order.customer.company
        case .customerPhone: return order.customer.phone
        case .purchaseOrder: return order.purchaseOrder
        case .currency: return order.currency
        case .paymentMethod: return order.paymentMethod?.rawValue
        case .paymentTerms: return order.paymentTerms
        case .shipToRecipient: return order.shipTo.recipient
        case .shipToAddress: return order.shipTo.address
        case .shipToPhone: return order.shipTo.phone
        case .requestedDeliveryDate: return order.requestedDeliveryDate
        case .language: return order.language
        default: return nil
        }
    }

    private static func unknown(_ path: String) -> ModelError {
        ModelError(code: .unknownField, message: "unknown field \"\(path)\"; editable fields: \(knownPaths.joined(separator: ", "))")
    }

    /// Applies the edit to an order, validating the value. The order's state is not checked here.
    public func apply(to order: inout Order) throws(ModelError) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let optional: String? = trimmed.isEmpty ? nil : trimmed
        switch field {
        case .customerEmail:
            if let optional, !EmailAddressRule.isPlausible(optional) {
                throw ModelError(code: .invalidValue, message: "\"\(optional)\" is not an email address")
            }
            order.customer.email = optional?.lowercased()
        case .customerName: order.customer.name = optional
        case .customerCompany: order.customer.company = optional
        case .customerPhone: order.customer.phone = optional
        case .purchaseOrder: order.purchaseOrder = optional
        case .currency:
            if let optional, !(optional.count == 3 && optional.allSatisfy({ $0.isASCII && $0.isUppercase })) {
                throw ModelError(code: .invalidValue, message: "currency must be an ISO 4217 code such as TWD, CNY, USD (got \"\(optional)\")")
            }
            order.currency = optional
        case .paymentMethod:
            if let optional {
                guard let method = PaymentMethod(rawValue: optional) else {
                    let allowed = PaymentMethod.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ModelError(code: .invalidValue, message: "payment method \"\(optional)\" is not one of \(allowed)")
                }
                order.paymentMethod = method
            } else {
                order.paymentMethod = nil
            }
        case .paymentTerms: order.paymentTerms = optional
        case .shipToRecipient: order.shipTo.recipient = optional
        case .shipToAddress: order.shipTo.address = optional
        case .shipToPhone: order.shipTo.phone = optional
        case .requestedDeliveryDate:
            if let optional, CalendarDate(optional) == nil {
                throw ModelError(code: .invalidValue, message: "date \"\(optional)\" is not a valid YYYY-MM-DD date")
            }
            order.requestedDeliveryDate = optional
        case .language: order.language = optional
        case .removeLine(let number):
            guard order.lines.indices.contains(number - 1) else {
                throw ModelError(code: .invalidValue, message: "order \(order.number) has no line \(number) (it has \(order.lines.count))")
            }
            order.lines.remove(at: number - 1)
        case .line(let number, let lineField):
            if number == order.lines.count + 1 {
                guard lineField == .quantity || lineField == .sku || lineField == .description else {
                    throw ModelError(code: .invalidValue, message: "a new line \(number) starts with its sku, description or quantity")
                }
                order.lines.append(OrderLine(quantity: 1))
            }
            guard order.lines.indices.contains(number - 1) else {
                throw ModelError(code: .invalidValue, message: "order \(order.number) has no line \(number) (it has \(order.lines.count)); add lines one after the last")
            }
            try apply(lineField, optional, to: &order.lines[number - 1])
        }
        order.edited = true
    }

    private func apply(_ lineField: LineField, _ written: String?, to line: inout OrderLine) throws(ModelError) {
        // "１２" typed with a Chinese input method is 12 (NFKC folds full-width digits and points).
        let value = lineField == .quantity || lineField == .unitPrice ? written?.precomposedStringWithCompatibilityMapping : written
        switch lineField {
        case .sku: line.sku = value
        case .description: line.description = value
        case .unit: line.unit = value
        case .quantity:
            guard let value, let quantity = DecimalText.parse(value), quantity > 0 else {
                throw ModelError(code: .invalidValue, message: "quantity must be a positive number such as 12 or 2.5 (got \"\(self.value)\")")
            }
            line.quantity = quantity
        case .unitPrice:
            // An empty price goes back to the catalog's list price (the desk fills it in again).
            guard let value else { line.unitPrice = nil; line.priceSource = nil; return }
            guard let price = DecimalText.parse(value) else {
                throw ModelError(code: .invalidValue, message: "unit price must be a number of 0 or more such as 120 or 99.5 (got \"\(value)\")")
            }
            line.unitPrice = price
            line.priceSource = .edited
        }
    }
}

/// The simple shape check an assistant's typed address must pass; not RFC 5322 in full.
public enum EmailAddressRule {
    public static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == "\r" || $0 == "\n" })
    }
}

/// A `YYYY-MM-DD` day without a time zone, validated against the Gregorian calendar.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days from this day to `other` (negative when `other` is earlier), by day numbers of the
    /// proleptic Gregorian calendar: no time zone, no Foundation calendar.
    public func days(until other: CalendarDate) -> Int? {
        other.dayNumber - dayNumber
    }

    /// Days since 0000-03-01 (the civil-from-days algorithm's epoch, shifted so March starts a year).
    var dayNumber: Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
