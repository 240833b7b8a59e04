import Foundation
import IntakeExtraction
public import IntakeModel
public import IntakeRendering

/// What a sales report groups its orders by (`intake report sales --by`).
public enum SalesGrouping: String, Sendable, CaseIterable, CustomStringConvertible {
    case product, customer, month

    public var description: String { rawValue }
}

/// A report's period: days in the desk's time zone, both ends included; nil ends are open.
public struct ReportPeriod: Sendable {
    public var from: CalendarDate?
    public var to: CalendarDate?

    public init(from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.from = from
        self.to = to
    }
}

/// Reports: sales, satisfaction and intake figures over a period, read from the store in one
/// consistent view each.
public struct ReportService: DeskPart {
    let context: DeskContext
}

extension ReportService {
    /// Orders that count as business: confirmed and after (not those in review, rejected or cancelled).
    static let soldStates: [OrderState] = [.confirmed, .shipped, .delivered, .completed]

    /// The moments a period covers, in the desk's time zone.
    func bounds(_ period: ReportPeriod) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.desk.timeZone
        let start = period.from.flatMap { calendar.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day)) } ?? .distantPast
        let end = period.to.flatMap { calendar.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day + 1)) } ?? .distantFuture
        return (start, end)
    }

    func describe(_ period: ReportPeriod) -> String {
        let range = switch (period.from, period.to) {
        case (nil, nil): "all time"
        case (let from?, nil): "from \(from)"
        case (nil, let to?): "up to \(to)"
        case (let from?, let to?): "\(from) to \(to)"
        }
        return "\(configuration.desk.name) · \(range) · made \(format(clock(), "yyyy-MM-dd HH:mm")) (\(configuration.desk.timeZone.identifier))"
    }

    /// `intake report sales --by product|customer|month`: orders, quantities and revenue per
    /// currency (never added across currencies).
    ///
    /// By product, one row per product and unit: `3 box` and `27 支` of the same paper are two
    /// rows, never 30 of anything. Units are not converted because the catalog knows no pack
    /// sizes (how many 支 a box holds), and not translated because a customer's 盒 need not be
    /// the catalog's box. Revenue, being money, is one chart per currency holding only the
    /// groups that have revenue in it.
    public func sales(by grouping: SalesGrouping, period: ReportPeriod) async throws(IntakeError) -> Report {
        let (start, end) = bounds(period)
        let orders = try await reading { try $0.orders(states: Self.soldStates) }
            .filter { $0.receivedAt >= start && $0.receivedAt < end }
        var tally = SalesTally(grouping: grouping)
        for order in orders {
            tally.add(order, product: productName, month: { format($0, "yyyy-MM") })
        }
        let currencies = tally.currencies
        let keys = tally.sortedKeys(main: currencies.first)
        var columns = [Report.Column(grouping.rawValue), Report.Column("orders", .count)]
        if grouping == .product { columns += [Report.Column("quantity", .quantity), Report.Column("unit")] }
        columns += currencies.map { Report.Column("revenue \($0)", .money, unit: $0) }
        var figures = [Report.Figure("orders", Decimal(orders.count)),
                       Report.Figure("customers", Decimal(Set(orders.compactMap { $0.customer.email }).count))]
        figures += currencies.map { Report.Figure("revenue \($0)", tally.totals[$0] ?? 0, .money, unit: $0) }
        return Report(title: "Sales by \(grouping)", subtitle: describe(period), language: configuration.desk.language, figures: figures,
                      tables: [Report.Table(name: "by_\(grouping)", title: "Sales by \(grouping)", columns: columns,
                                            rows: keys.map { tally.row($0, currencies: currencies) })],
                      charts: currencies.map { tally.chart(currency: $0, keys: keys) })
    }

    /// A product as reports name it: SKU and catalog name, or the line's own words.
    func productName(_ line: OrderLine) -> String {
        line.sku.map { sku in master.product(sku: sku).map { "\(sku) \($0.name)" } ?? sku } ?? (line.description ?? "?")
    }
}
