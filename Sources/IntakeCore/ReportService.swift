import Foundation
import IntakeExtraction
public import IntakeModel
public import IntakeRendering

/// A report's period: days in the desk's time zone, both ends included; nil ends are open.
/// What a sales report groups its orders by (`intake report sales --by`).
public enum SalesGrouping: String, Sendable, CaseIterable, CustomStringConvertible {
    case product, customer, month

    public var description: String { rawValue }
}

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
        struct Key: Hashable { var name: String; var unit: String? }
        struct Group { var orders = Set<String>(); var quantity: Decimal = 0; var revenue: [String: Decimal] = [:] }
        var groups: [Key: Group] = [:]
        var totals: [String: Decimal] = [:]
        for order in orders {
            let currency = order.currency ?? "?"
            if let total = order.total { totals[currency, default: 0] += total }
            switch grouping {
            case .product:
                for line in order.lines {
                    let name = line.sku.map { sku in master.product(sku: sku).map { "\(sku) \($0.name)" } ?? sku } ?? (line.description ?? "?")
                    let key = Key(name: name, unit: line.unit)
                    groups[key, default: Group()].orders.insert(order.number.description)
                    groups[key, default: Group()].quantity += line.quantity
                    if let amount = line.amount { groups[key, default: Group()].revenue[currency, default: 0] += amount }
                }
            default:
                let key = Key(name: grouping == .month ? format(order.receivedAt, "yyyy-MM")
                    : (order.customer.company ?? order.customer.name ?? order.customer.email ?? "?"))
                groups[key, default: Group()].orders.insert(order.number.description)
                if let total = order.total { groups[key, default: Group()].revenue[currency, default: 0] += total }
            }
        }
        let currencies = totals.keys.sorted { (totals[$0] ?? 0) > (totals[$1] ?? 0) }
        let main = currencies.first
        var keys = groups.keys.sorted { ($0.name, $0.unit ?? "") < ($1.name, $1.unit ?? "") }
        if grouping != .month {
            // Largest first in the main currency; a product's units stay together, under the
            // revenue of all of them.
            func revenue(_ key: Key) -> Decimal { main.flatMap { groups[key]?.revenue[$0] } ?? 0 }
            var byName: [String: Decimal] = [:]
            for key in keys { byName[key.name, default: 0] += revenue(key) }
            keys.sort { lhs, rhs in
                let left = byName[lhs.name] ?? 0, right = byName[rhs.name] ?? 0
                if left != right { return left > right }
                if lhs.name != rhs.name { return lhs.name < rhs.name }
                return (revenue(lhs), rhs.unit ?? "") > (revenue(rhs), lhs.unit ?? "")
            }
        }
        var columns = [Report.Column(grouping.rawValue), Report.Column("orders", .count)]
        if grouping == .product { columns += [Report.Column("quantity", .quantity), Report.Column("unit")] }
        columns += currencies.map { Report.Column("revenue \($0)", .money, unit: $0) }
        let rows = keys.map { key -> [Report.Cell] in
            let group = groups[key] ?? Group()
            var row: [Report.Cell] = [.text(key.name), .count(group.orders.count)]
            if grouping == .product { row += [.number(group.quantity), key.unit.map(Report.Cell.text) ?? .empty] }
            row += currencies.map { Report.Cell.number(group.revenue[$0]) }
            return row
        }
        var figures = [Report.Figure("orders", Decimal(orders.count)),
                       Report.Figure("customers", Decimal(Set(orders.compactMap { $0.customer.email }).count))]
        figures += currencies.map { Report.Figure("revenue \($0)", totals[$0] ?? 0, .money, unit: $0) }
        let charts = currencies.map { currency in
            // Revenue adds up across a product's units (it is money); the table keeps them apart.
            var revenue: [String: Decimal] = [:]
            for key in keys { if let amount = groups[key]?.revenue[currency] { revenue[key.name, default: 0] += amount } }
            var labels = revenue.keys.sorted()
            if grouping != .month { labels.sort { (revenue[$0] ?? 0, $1) > (revenue[$1] ?? 0, $0) } }
            let top = grouping != .month && labels.count > 15
            if top { labels = Array(labels.prefix(15)) }
            return Report.Chart(title: "Revenue \(currency) by \(grouping)" + (top ? " (top 15)" : ""), kind: grouping == .month ? .columns : .bars,
                                labels: labels, series: [.init(name: currency, values: labels.map { NSDecimalNumber(decimal: revenue[$0] ?? 0).doubleValue })],
                                unit: currency)
        }
        return Report(title: "Sales by \(grouping)", subtitle: describe(period), language: configuration.desk.language, figures: figures,
                      tables: [Report.Table(name: "by_\(grouping)", title: "Sales by \(grouping)", columns: columns, rows: rows)], charts: charts)
    }

    /// `intake report satisfaction`: response rate, average rating and CSAT (share of 4–5 on the
    /// 1–5 scale) or NPS (promoters 9–10 minus detractors 0–6 on the 0–10 scale), the trend per
    /// month, by product and customer, and the latest comments.
    public func satisfaction(period: ReportPeriod, comments limit: Int = 10) async throws(IntakeError) -> Report {
        let (start, end) = bounds(period)
        let surveys = try await reading { try $0.surveys() }.filter { $0.sentAt >= start && $0.sentAt < end }
        let answered = surveys.filter { $0.rating != nil }
        let nps = surveys.contains { $0.scale == 10 }
        func score(_ group: [SurveyRecord]) -> (count: Int, average: Double?, headline: Double?) {
            let ratings = group.compactMap(\.rating)
            guard !ratings.isEmpty else { return (0, nil, nil) }
            let average = Double(ratings.reduce(0, +)) / Double(ratings.count)
            if nps {
                let promoters = ratings.filter { $0 >= 9 }.count, detractors = ratings.filter { $0 <= 6 }.count
                return (ratings.count, average, Double(promoters - detractors) / Double(ratings.count) * 100)
            }
            return (ratings.count, average, Double(ratings.filter { $0 >= 4 }.count) / Double(ratings.count) * 100)
        }
        let headlineName = nps ? "NPS" : "CSAT"
        let headlineStyle: Report.Style = nps ? .signed : .percent
        func share(_ part: Int, of whole: Int) -> Decimal? { whole == 0 ? nil : Report.number(Double(part) / Double(whole) * 100) }
        let overall = score(answered)
        let figures = [
            Report.Figure("surveys sent", Decimal(surveys.count)),
            Report.Figure("answered", Decimal(answered.count)),
            Report.Figure("response rate", share(answered.count, of: surveys.count), .percent),
            Report.Figure(nps ? "average (0–10)" : "average rating (1–5)", overall.average.map(Report.number), .decimal(places: 2)),
            Report.Figure(nps ? "NPS" : "CSAT (4–5)", overall.headline.map(Report.number), headlineStyle),
        ]
        // Per month.
        let months = Dictionary(grouping: surveys) { format($0.sentAt, "yyyy-MM") }
        let monthKeys = months.keys.sorted()
        let monthRows = monthKeys.map { month -> [Report.Cell] in
            let group = months[month] ?? []
            let result = score(group)
            return [.text(month), .count(group.count), .count(result.count), .number(share(result.count, of: group.count)),
                    .number(result.average.map(Report.number)), .number(result.headline.map(Report.number))]
        }
        // By product and customer: an answer counts for every product of its order.
        var orders: [String: Order] = [:]
        for order in try await reading({ try $0.orders(states: nil) }) { orders[order.number.description] = order }
        var byProduct: [String: [SurveyRecord]] = [:]
        var byCustomer: [String: [SurveyRecord]] = [:]
        for survey in answered {
            let order = orders[survey.orderNumber.description]
            for sku in Set(order?.lines.compactMap(\.sku) ?? []) {
                byProduct[master.product(sku: sku).map { "\(sku) \($0.name)" } ?? sku, default: []].append(survey)
            }
            byCustomer[order?.customer.company ?? survey.customerEmail, default: []].append(survey)
        }
        func rows(_ groups: [String: [SurveyRecord]]) -> [[Report.Cell]] {
            groups.keys.sorted().map { key in
                let result = score(groups[key] ?? [])
                return [.text(key), .count(result.count), .number(result.average.map(Report.number)), .number(result.headline.map(Report.number))]
            }
        }
        func columns(_ name: String) -> [Report.Column] {
            [Report.Column(name), Report.Column("answers", .count), Report.Column("average", .decimal(places: 2)), Report.Column(headlineName, headlineStyle)]
        }
        let latest = answered.sorted { ($0.answeredAt ?? $0.sentAt) > ($1.answeredAt ?? $1.sentAt) }.filter { $0.comment != nil }.prefix(limit)
        let commentRows = latest.map { survey -> [Report.Cell] in
            [.text(format(survey.answeredAt ?? survey.sentAt, "yyyy-MM-dd")), .text(survey.orderNumber.description),
             .text(orders[survey.orderNumber.description]?.customer.company ?? survey.customerEmail), .number(survey.rating.map { Decimal($0) }),
             .text(survey.comment ?? "")]
        }
        let trend = Report.Chart(title: (nps ? "Average score" : "Average rating") + " per month", kind: .line, labels: monthKeys,
                                 series: [.init(name: "average", values: monthKeys.map { score(months[$0] ?? []).average ?? 0 })],
                                 maximum: nps ? 10 : 5, style: .decimal(places: 1))
        let shares = Report.Chart(title: "\(headlineName) and response rate per month", kind: .columns, labels: monthKeys,
                                  series: [.init(name: headlineName, values: monthKeys.map { score(months[$0] ?? []).headline ?? 0 }),
                                           .init(name: "response rate", values: monthKeys.map { month in
                                               let group = months[month] ?? []
                                               return Double(group.filter { $0.rating != nil }.count) / Double(max(group.count, 1)) * 100 })],
                                  maximum: 100, style: .percent)
        return Report(title: "Customer satisfaction", subtitle: describe(period), language: configuration.desk.language, figures: figures, tables: [
            Report.Table(name: "by_month", title: "Per month",
                         columns: [Report.Column("month"), Report.Column("sent", .count), Report.Column("answered", .count), Report.Column("response rate", .percent),
                                   Report.Column("average", .decimal(places: 2)), Report.Column(headlineName, headlineStyle)], rows: monthRows),
            Report.Table(name: "comments", title: "Latest comments",
                         columns: [Report.Column("date"), Report.Column("order"), Report.Column("customer"), Report.Column("rating", .count), Report.Column("comment")],
                         rows: Array(commentRows)),
            Report.Table(name: "by_product", title: "By product", columns: columns("product"), rows: rows(byProduct)),
            Report.Table(name: "by_customer", title: "By customer", columns: columns("customer"), rows: rows(byCustomer)),
        ], charts: monthKeys.isEmpty ? [] : [trend, shares])
    }

    /// `intake report intake`: items per source and kind, the touchless rate (orders approved by
    /// policy and never edited), time from receipt to confirmation (median and p90), the review
    /// backlog and its age, failed items and their reasons.
    public func intake(period: ReportPeriod) async throws(IntakeError) -> Report {
        let (start, end) = bounds(period)
        let now = clock()
        // One read: the figures of a report come from one consistent view of the store.
        let (counts, allOrders, created, approved, confirmed, allFailed) = try await reading { store in
            (try store.itemCounts(receivedFrom: start, to: end), try store.orders(states: nil), try store.firstEvents(action: "created"),
             try store.firstEvents(action: "approved"), try store.firstEvents(action: "confirmed"), try store.items(status: [.failed]))
        }
        let orders = allOrders.filter { $0.receivedAt >= start && $0.receivedAt < end }

        var bySource: [String: (items: Int, orders: Int, failed: Int)] = [:]
        var byKind: [String: Int] = [:]
        for count in counts {
            bySource[count.source, default: (0, 0, 0)].items += count.count
            if count.kind == MessageKind.order.rawValue && count.status == "processed" { bySource[count.source, default: (0, 0, 0)].orders += count.count }
            if count.status == "failed" { bySource[count.source, default: (0, 0, 0)].failed += count.count }
            byKind[count.status == "processed" ? (count.kind ?? "?") : count.status, default: 0] += count.count
        }
        let touchless = orders.filter { order in approved[order.number.description]?.actor == "policy" && !order.edited }
        // Event times on both ends: the store's own clock.
        let delays = orders.compactMap { order -> Double? in
            guard let from = created[order.number.description]?.at, let to = confirmed[order.number.description]?.at else { return nil }
            return to.timeIntervalSince(from)
        }.sorted()
        func percentile(_ share: Double) -> Double? {
            guard !delays.isEmpty else { return nil }
            return delays[min(delays.count - 1, Int((Double(delays.count) * share).rounded(.up)) - 1)]
        }
        let backlog = orders.filter { $0.state == .needsReview }.sorted { $0.receivedAt < $1.receivedAt }
        let failed = allFailed.filter { $0.receivedAt >= start && $0.receivedAt < end }
        let figures = [
            Report.Figure("items", Decimal(counts.reduce(0) { $0 + $1.count })),
            Report.Figure("orders", Decimal(orders.count)),
            Report.Figure("touchless", orders.isEmpty ? nil : Report.number(Double(touchless.count) / Double(orders.count) * 100), .percent),
            Report.Figure("receipt → confirmation, median", percentile(0.5).map(Report.number), .duration),
            Report.Figure("receipt → confirmation, p90", percentile(0.9).map(Report.number), .duration),
            Report.Figure("waiting for review", Decimal(backlog.count)),
            Report.Figure("oldest waiting", backlog.first.map { Report.number(now.timeIntervalSince($0.receivedAt)) }, .duration),
            Report.Figure("failed items", Decimal(failed.count)),
        ]
        let sources = bySource.keys.sorted()
        let kinds = byKind.keys.sorted { (byKind[$0] ?? 0) > (byKind[$1] ?? 0) }
        return Report(title: "Intake", subtitle: describe(period), language: configuration.desk.language, figures: figures, tables: [
            Report.Table(name: "by_source", title: "Items per source",
                         columns: [Report.Column("source"), Report.Column("items", .count), Report.Column("orders", .count), Report.Column("failed", .count)],
                         rows: sources.map { [.text($0), .count(bySource[$0]?.items ?? 0), .count(bySource[$0]?.orders ?? 0), .count(bySource[$0]?.failed ?? 0)] }),
            Report.Table(name: "by_kind", title: "Items per kind", columns: [Report.Column("kind"), Report.Column("items", .count)],
                         rows: kinds.map { [.text($0), .count(byKind[$0] ?? 0)] }),
            Report.Table(name: "backlog", title: "Waiting for review",
                         columns: [Report.Column("order"), Report.Column("received"), Report.Column("waiting", .duration), Report.Column("customer"), Report.Column("issues")],
                         rows: backlog.map { [.text($0.number.description), .text(format($0.receivedAt, "yyyy-MM-dd HH:mm")),
                                              .number(Report.number(now.timeIntervalSince($0.receivedAt))),
                                              .text($0.customer.company ?? $0.customer.email ?? "?"), .text($0.issues.map(\.code).joined(separator: ", "))] }),
            Report.Table(name: "failed", title: "Failed items",
                         columns: [Report.Column("item"), Report.Column("received"), Report.Column("file"), Report.Column("reason")],
                         rows: failed.map { [.text("\($0.id)"), .text(format($0.receivedAt, "yyyy-MM-dd HH:mm")), .text($0.filename),
                                             $0.failureReason.map(Report.Cell.text) ?? .empty] }),
        ], charts: [
            Report.Chart(title: "Items per source", kind: .bars, labels: sources, series: [
                .init(name: "orders", values: sources.map { Double(bySource[$0]?.orders ?? 0) }),
                .init(name: "other items", values: sources.map { Double((bySource[$0]?.items ?? 0) - (bySource[$0]?.orders ?? 0) - (bySource[$0]?.failed ?? 0)) }),
                .init(name: "failed", values: sources.map { Double(bySource[$0]?.failed ?? 0) }),
            ]),
            Report.Chart(title: "Items per kind", kind: .bars, labels: kinds, series: [.init(name: "items", values: kinds.map { Double(byKind[$0] ?? 0) })]),
        ].filter { !$0.labels.isEmpty })
    }
}
