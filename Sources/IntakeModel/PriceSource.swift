/// Where a line's unit price came from. The seller confirms product, quantity and price, so an
/// order line without a written price takes the catalog's list price; a reviewer and the customer
/// must be able to tell that price from one the customer typed.
public enum PriceSource: String, Sendable, Codable, CaseIterable {
    /// Written in the customer's message (or the customer's system's file).
    case written
    /// The catalog's list price, taken because the message wrote none.
    case catalog
    /// Typed by an assistant with `queue edit`.
    case edited
}
