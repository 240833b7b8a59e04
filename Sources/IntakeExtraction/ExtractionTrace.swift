public import IntakeModel

/// Where a field's value came from, so that a reviewer (`intake queue show`) or a developer
/// (`intake extract --explain`) can see why the extractor decided what it did.
public struct FieldOrigin: Sendable, Equatable, Codable {
    /// The document field, e.g. `shipTo.address` or `lines[2].quantity`.
    public var field: String
    /// Where: `header From`, `body line 12`, `attachment order.csv row 3`, `customers.csv`.
    public var location: String
    /// The rule that fired, e.g. `label "收貨地址"` or `table column 數量`.
    public var rule: String
    /// The source text the value was read from (shortened).
    public var excerpt: String?

    public init(field: String, location: String, rule: String, excerpt: String? = nil) {
        self.field = field
        self.location = location
        self.rule = rule
        self.excerpt = excerpt.map { $0.count > 120 ? String($0.prefix(117)) + "…" : $0 }
    }
}

/// Written by hand (see `JSONWritable`) as the synthesized `encode(to:)` writes it: no excerpt
/// key when there is none.
extension FieldOrigin: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        writer.optionalMember("excerpt", excerpt)
        writer.member("field", field)
        writer.member("location", location)
        writer.member("rule", rule)
        writer.endObject()
    }
}
