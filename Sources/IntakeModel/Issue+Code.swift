extension Issue {
    /// What kind of problem an issue is, as the stable machine-readable string of contract §1
    /// (`unknown_sku`).
    ///
    /// A struct rather than an enum: an order stored by another version of the desk may hold a
    /// code this one does not know, and it must still load, compare and print as written. Only
    /// the string is encoded, so the JSON is the same as when codes were plain strings. Declare
    /// a new code here, with what it means, before using it.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(stringLiteral value: String) {
            self.rawValue = value
        }

        public var description: String { rawValue }
    }
}

extension Issue.Code {
    // MARK: Lines

    /// A line names no catalog product (or a SKU the catalog does not have).
    public static let unknownSKU: Self = "unknown_sku"
    /// A line's price is not the catalog's list price in the same currency.
    public static let priceMismatch: Self = "price_mismatch"
    /// A line has no quantity, a quantity of zero or less, or one that is not a number.
    public static let missingQuantity: Self = "missing_quantity"
    /// No ordered product was found: the order has no lines.
    public static let noLines: Self = "no_lines"
    /// A line's product was matched on part of its words or by similarity, not by a name.
    public static let productGuessed: Self = "product_guessed"
    /// A quantity was converted between units (dozens of a product sold by the box) and may be meant otherwise.
    public static let unitMismatch: Self = "unit_mismatch"
    /// A line of the message counts more items than were read from it.
    public static let unreadQuantity: Self = "unread_quantity"
    /// Figures in the order's text that no field explains: an item, price or instruction may be missing.
    public static let unexplainedFigures: Self = "unexplained_figures"
    /// Prices are written in more than one currency.
    public static let mixedCurrency: Self = "mixed_currency"

    // MARK: Order fields

    /// No shipping address in the order and none on file for the customer.
    public static let missingShipTo: Self = "missing_ship_to"
    /// The shipping address holds more than an address (a phone number).
    public static let shipToUnclear: Self = "ship_to_unclear"
    /// The sender's address is not in customers.csv.
    public static let unknownCustomer: Self = "unknown_customer"
    /// No customer email address was found.
    public static let missingCustomer: Self = "missing_customer"
    /// A delivery date that can be read more than one way (07/04).
    public static let ambiguousDate: Self = "ambiguous_date"
    /// A delivery date before the message or more than half a year after it: more likely a misread than a wish.
    public static let unusualDate: Self = "unusual_date"
    /// The sender's own words write a date to come that no field reads, and the order has no
    /// requested delivery date: a deadline the rules did not see ("10月30日（五）前完成安裝").
    public static let unreadDate: Self = "unread_date"

    // MARK: Reading the item

    /// A text part's bytes did not fit its declared charset (or it named an unknown one) and were decoded with another.
    public static let charsetMismatch: Self = "charset_mismatch"
    /// The item, or a part of it, could not be decoded (bytes no charset reads, JSON that is no object, a damaged workbook).
    public static let decodeError: Self = "decode_error"
    /// The item, or what it expands to, is over the size limit (`limits.max_item_bytes`).
    public static let tooLarge: Self = "too_large"
    /// The item is empty (0 bytes).
    public static let emptyFile: Self = "empty_file"
    /// A file that cannot be opened at all (a folder, no permission).
    public static let unreadable: Self = "unreadable"
    /// An attachment or file of a type the extractor does not read.
    public static let unsupportedAttachment: Self = "unsupported_attachment"
    /// A table has more rows than are read; only the first ones were.
    public static let tooManyRows: Self = "too_many_rows"
    /// A table without a header row that names a product (or SKU) and a quantity column.
    public static let unknownLayout: Self = "unknown_layout"

    // MARK: The desk

    /// The confirmation email of an approved order could not be composed (a template failed).
    public static let confirmationNotComposed: Self = "confirmation_not_composed"
}

extension Sequence where Element == Issue.Code {
    /// The codes as written, joined: a listing shows `unknown_sku,no_lines`.
    public func joined(separator: String = "") -> String {
        map(\.rawValue).joined(separator: separator)
    }
}
