import Foundation
import IntakeModel

/// One ordered line found in the text, before validation.
struct ParsedLine {
    var line: OrderDocument.Line
    var product: Product?
    var origin: FieldOrigin
    var currencyHint: String?
    /// Set when the product was guessed by similarity rather than named: how much of the
    /// customer's wording it explains.
    var guessScore: Double?
    /// The guess holds every word written (see `FuzzyProductMatcher.Guess.coversEveryWord`).
    var guessCoversEveryWord = false
    /// The count the item's own line wrote before a later correction changed it (it explains
    /// that figure: see `FigureAudit`).
    var correctedFrom: Decimal?
    /// Read as a row under a product named above it ("-2.00  4盒" under 日抛隐形眼镜): the words
    /// after the product's are the row's spec, not words the product's names lack.
    var isSpecRow = false

    /// A price written apart from the item ("…，单价45元/本", "S$23.00 for the wonton"): it
    /// prices the line unless the line already has one of its own.
    mutating func takePrice(_ price: Decimal, currency: String?) {
        guard line.unitPrice == nil else { return }
        line.unitPrice = DecimalText.format(price)
        currencyHint = currencyHint ?? currency
    }

    /// What is trimmed off the ends of an item's words as written: list marks, colons, commas
    /// and spaces.
    static let descriptionEdges = ScalarSet("-*•:,.", spaces: true)
}
