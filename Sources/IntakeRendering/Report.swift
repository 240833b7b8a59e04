/// A report of the desk's figures, ready to print as a terminal table, CSV, JSON or a
/// self-contained HTML page: headline figures, tables and charts. Numbers arrive formatted
/// (`1,250.00`, `87%`) so that every output shows the same digits; charts carry the raw values.
public struct Report: Sendable, Encodable {
    public struct Figure: Sendable, Encodable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public struct Table: Sendable, Encodable, Equatable {
        /// For `--table NAME` and CSV file names: `by_product`, `comments`, …
        public var name: String
        public var title: String
        public var columns: [String]
        public var rows: [[String]]
        public init(name: String, title: String, columns: [String], rows: [[String]]) {
            self.name = name
            self.title = title
            self.columns = columns
            self.rows = rows
        }
    }

    public struct Chart: Sendable, Encodable, Equatable {
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
        /// How values are written on the chart: `%.0f`, `%.1f`, `%.0f%%`.
        public var valueFormat: String
        public init(title: String, kind: Kind, labels: [String], series: [Series], maximum: Double? = nil, valueFormat: String = "%.0f") {
            self.title = title
            self.kind = kind
            self.labels = labels
            self.series = series
            self.maximum = maximum
            self.valueFormat = valueFormat
        }
    }

    public var title: String
    /// The period and when it was made, in the desk's time zone.
    public var subtitle: String
    public var figures: [Figure]
    public var tables: [Table]
    public var charts: [Chart]

    public init(title: String, subtitle: String, figures: [Figure] = [], tables: [Table] = [], charts: [Chart] = []) {
        self.title = title
        self.subtitle = subtitle
        self.figures = figures
        self.tables = tables
        self.charts = charts
    }
}
