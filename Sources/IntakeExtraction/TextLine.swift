/// A line of text with where it stands, for origins.
struct TextLine {
    /// NFKC-normalised text.
    var text: String
    /// `body line 12`, `attachment order.csv row 3`.
    var location: String
}
