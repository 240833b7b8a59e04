import Foundation

/// `--json`: the report for a program. Numbers are JSON numbers, never the people's text; the
/// people's text travels next to them where a program may want to show it.
///
/// ```
/// {"title": …, "subtitle": …, "language": "zh-TW",
///  "figures": [{"label": "revenue TWD", "value": 85960, "unit": "TWD", "display": "85,960.00"}, …],
///  "tables": [{"name": "by_product", "title": …,
///              "columns": [{"name": "product", "type": "text", "unit": null},
///                          {"name": "revenue TWD", "type": "number", "unit": "TWD"}, …],
///              "rows": [["PAP-A4-80 A4 影印紙", 12250, …], …]}],
///  "charts": [{"title": …, "kind": "bars", "labels": […], "series": [{"name": "TWD", "values": […]}],
///              "maximum": null, "unit": "TWD"}]}
/// ```
/// A cell is a string in a text column, a number or null in a number column. Percentages are
/// 0–100 with unit `%`, durations seconds with unit `s`. Keys are always present (null when
/// there is no value), so a reader needs no optional keys.
extension Report: Encodable {
    enum CodingKeys: String, CodingKey { case title, subtitle, language, figures, tables, charts }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([.title: title, .subtitle: subtitle, .language: language, .figures: figures, .tables: tables, .charts: charts])
    }
}

extension Report.Table: Encodable {
    enum CodingKeys: String, CodingKey { case name, title, columns, rows }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([.name: name, .title: title, .columns: columns, .rows: rows])
    }
}

extension Report.Figure: Encodable {
    enum CodingKeys: String, CodingKey { case label, value, unit, display }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([.label: label, .value: value, .unit: unit, .display: display])
    }
}

extension Report.Column: Encodable {
    enum CodingKeys: String, CodingKey { case name, type, unit }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([.name: name, .type: style == nil ? "text" : "number", .unit: unit])
    }
}

extension Report.Cell: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let value): try container.encode(value)
        case .empty: try container.encodeNil()
        }
    }
}

extension Report.Chart: Encodable {
    /// Without `style`: how people read the values is the page's business.
    enum CodingKeys: String, CodingKey { case title, kind, labels, series, maximum, unit }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([.title: title, .kind: kind, .labels: labels, .series: series, .maximum: maximum, .unit: unit])
    }
}

extension KeyedEncodingContainer {
    /// Every value under its key, nil as null: synthesized encoding would leave the key out.
    mutating func encode(_ values: KeyValuePairs<Key, (any Encodable)?>) throws {
        for (key, value) in values {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
    }
}
