public import Foundation

/// A report of the desk's figures, ready to print as a terminal table, CSV, JSON or a
/// self-contained HTML page: headline figures, tables and charts.
///
/// Numbers are kept as numbers with a `Style` that says how people read them, because the
/// outputs want different text for the same value: people's outputs (terminal table, HTML)
/// group thousands (`85,960.00`, `67%`), CSV writes plain numbers a spreadsheet parses, and
/// JSON carries the number itself next to the people's text. See `Report+JSON.swift` for the
/// JSON shape.
public struct Report: Sendable {
    /// One headline number: `orders 7`, `revenue TWD 85,960.00`, `response rate 67%`.
    public struct Figure: Sendable, Equatable {
        public var label: String
        /// The number a program reads; nil when there is none (no surveys sent: no response rate).
        public var value: Decimal?
        public var style: Style
        /// What the number counts in: a currency code, `%`, `s`; nil for plain counts.
        public var unit: String?

        /// A figure; `unit` defaults to the style's (`%`, `s`), a money figure names its currency.
        public init(_ label: String, _ value: Decimal?, _ style: Style = .count, unit: String? = nil) {
            self.label = label
            self.value = value
            self.style = style
            self.unit = unit ?? style.unit
        }

        /// What people read: the grouped number, or `–` when there is none.
        public var display: String { value.map(style.display) ?? Report.none }
    }

    public struct Table: Sendable, Equatable {
        /// For `--table NAME` and CSV file names: `by_product`, `comments`, …
        public var name: String
        public var title: String
        public var columns: [Column]
        /// One cell per column; a number cell belongs to a column with a style.
        public var rows: [[Cell]]

        public init(name: String, title: String, columns: [Column], rows: [[Cell]]) {
            self.name = name
            self.title = title
            self.columns = columns
            self.rows = rows
        }

        /// The rows as people read them (terminal table, HTML): numbers grouped, nothing as `–`.
        public var displayRows: [[String]] {
            rows.map { row in row.enumerated().map { index, cell in
                cell.display(index < columns.count ? columns[index].style : nil)
            } }
        }

        /// The cells of one column, by name, to read a table back (tests, callers).
        public func cells(_ column: String) -> [Cell]? {
            columns.firstIndex { $0.name == column }.map { index in rows.map { index < $0.count ? $0[index] : .empty } }
        }
    }

    public struct Chart: Sendable, Equatable {
        public enum Kind: String, Sendable, Encodable { case bars, columns, line }
        public struct Series: Sendable, Encodable, Equatable {
            public var name: String
            public var values: [Double]
            public init(name: String, values: [Double]) {
                self.name = name
                self.values = values
            }
        }
        public var title: String
        public var kind: Kind
        public var labels: [String]
        public var series: [Series]
        /// The largest value the axis shows (5 for ratings); nil: the data's maximum.
        public var maximum: Double?
        /// How values are written on the chart (thousands grouped, `%`), as in the tables.
        public var style: Style
        /// What the values count in: a currency code, `%`; nil for plain counts.
        public var unit: String?
        public init(title: String, kind: Kind, labels: [String], series: [Series], maximum: Double? = nil, style: Style = .count, unit: String? = nil) {
            self.title = title
            self.kind = kind
            self.labels = labels
            self.series = series
            self.maximum = maximum
            self.style = style
            self.unit = unit ?? style.unit
        }
    }

    public var title: String
    /// The period and when it was made, in the desk's time zone.
    public var subtitle: String
    /// The desk's language (BCP 47): the page's `lang`, which picks the right Han glyphs
    /// (Traditional or Simplified forms of the same code point) from a CJK font.
    public var language: String
    public var figures: [Figure]
    public var tables: [Table]
    public var charts: [Chart]

    public init(title: String, subtitle: String, language: String = "en", figures: [Figure] = [], tables: [Table] = [], charts: [Chart] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.figures = figures
        self.tables = tables
        self.charts = charts
    }

    /// What people's outputs show for a missing value.
    static let none = "–"
}
