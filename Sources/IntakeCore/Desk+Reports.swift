import Foundation
import IntakeExtraction
public import IntakeModel
public import IntakeRendering
import IntakeStore

/// A report's period: days in the desk's time zone, both ends included; nil ends are open.
public struct ReportPeriod: Sendable {
    public var from: CalendarDate?
    public var to: CalendarDate?

    public init(from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.from = from
        self.to = to
    }
}

extension Desk {
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
    public func salesReport(by grouping: String, period: ReportPeriod) throws(IntakeError) -> Report {
        guard ["product", "customer", "month"].contains(grouping) else {
            throw IntakeError(code: .invalidEdit, message: "--by \(grouping): choose product, customer or month")
        }
        let (start, end) = bounds(period)
        let orders = try storeCall { () throws(StoreError) in try store.orders(states: Self.soldStates) }
            .filter { $0.receivedAt >= start && $0.receivedAt < end }
        struct Group { var orders = Set<String>(); var quantity: Decimal = 0; var units = Set<String>(); var revenue: [String: Decimal] = [:] }
        var groups: [String: Group] = [:]
        var totals: [String: Decimal] = [:]
        for order in orders {
            let currency = order.currency ?? "?"
            if let total = order.total { totals[currency, default: 0] += total }
            switch grouping {
            case "product":
                for line in order.lines {
                    let key = line.sku.map { sku in master.product(sku: sku).map { "\(sku) \($0.name)" } ?? sku } ?? (line.description ?? "?")
                    groups[key, default: Group()].orders.insert(order.number.description)
                    groups[key, default: Group()].quantity += line.quantity
                    if let unit = line.unit { groups[key, default: Group()].units.insert(unit) }
                    if let amount = line.amount { groups[key, default: Group()].revenue[currency, default: 0] += amount }
                }
            default:
                let key = grouping == "month" ? format(order.receivedAt, "yyyy-MM")
                    : (order.customer.company ?? order.customer.name ?? order.customer.email ?? "?")
                groups[key, default: Group()].orders.insert(order.number.description)
                groups[key, default: Group()].quantity += order.lines.reduce(0) { $0 + $1.quantity }
                if let total = order.total { groups[key, default: Group()].revenue[currency, default: 0] += total }
            }
        }
        let currencies = totals.keys.sorted { (totals[$0] ?? 0) > (totals[$1] ?? 0) }
        let main = currencies.first
        var keys = groups.keys.sorted()
        if grouping != "month" {
            keys.sort { lhs, rhs in
                let left = main.flatMap { groups[lhs]?.revenue[$0] } ?? 0, right = main.flatMap { groups[rhs]?.revenue[$0] } ?? 0
                return left != right ? left > right : lhs < rhs
            }
        }
        var columns = [grouping, "orders"]
        if grouping == "product" { columns += ["quantity", "unit"] }
        columns += currencies.map { "revenue \($0)" }
        let rows = keys.map { key -> [String] in
            let group = groups[key] ?? Group()
            var row = [key, "\(group.orders.count)"]
            if grouping == "product" { row += [DecimalText.format(group.quantity), group.units.sorted().joined(separator: "/")] }
            row += currencies.map { currency in group.revenue[currency].map(DecimalText.formatMoney) ?? "-" }
            return row
        }
        var figures = [Report.Figure("orders", "\(orders.count)"),
                       Report.Figure("customers", "\(Set(orders.compactMap { $0.customer.email }).count)")]
        figures += currencies.map { Report.Figure("revenue \($0)", Self.grouped(DecimalText.formatMoney(totals[$0] ?? 0))) }
        var charts: [Report.Chart] = []
        if let main {
            let chartKeys = grouping == "month" ? keys : Array(keys.prefix(15))
            let values = chartKeys.map { key in NSDecimalNumber(decimal: groups[key]?.revenue[main] ?? 0).doubleValue }
            charts.append(Report.Chart(title: "Revenue \(main) by \(grouping)" + (grouping != "month" && keys.count > 15 ? " (top 15)" : ""),
                                       kind: grouping == "month" ? .columns : .bars, labels: chartKeys, series: [.init(name: main, values: values)]))
        }
        return Report(title: "Sales by \(grouping)", subtitle: describe(period), figures: figures,
                      tables: [Report.Table(name: "by_\(grouping)", title: "Sales by \(grouping)", columns: columns, rows: rows)], charts: charts)
    }

    /// `intake report satisfaction`: response rate, average rating and CSAT (share of 4–5 on the
    /// 1–5 scale) or NPS (promoters 9–10 minus detractors 0–6 on the 0–10 scale), the trend per
    /// month, by product and customer, and the latest comments.
    public func satisfactionReport(period: ReportPeriod, comments limit: Int = 10) throws(IntakeError) -> Report {
        let (start, end) = bounds(period)
        let surveys = try storeCall { () throws(StoreError) in try store.surveys() }.filter { $0.sentAt >= start && $0.sentAt < end }
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
        func text(_ value: Double?, _ pattern: String) -> String { value.map { String(format: pattern, $0) } ?? "-" }
        let overall = score(answered)
        let figures = [
            Report.Figure("surveys sent", "\(surveys.count)"),
            Report.Figure("answered", "\(answered.count)"),
            Report.Figure("response rate", surveys.isEmpty ? "-" : String(format: "%.0f%%", Double(answered.count) / Double(surveys.count) * 100)),
            Report.Figure(nps ? "average (0–10)" : "average rating (1–5)", text(overall.average, "%.2f")),
            Report.Figure(nps ? "NPS" : "CSAT (4–5)", text(overall.headline, nps ? "%+.0f" : "%.0f%%")),
        ]
        // Per month.
        let months = Dictionary(grouping: surveys) { format($0.sentAt, "yyyy-MM") }
        let monthKeys = months.keys.sorted()
        let monthRows = monthKeys.map { month -> [String] in
            let group = months[month] ?? []
            let result = score(group)
            return [month, "\(group.count)", "\(result.count)", String(format: "%.0f%%", Double(result.count) / Double(max(group.count, 1)) * 100),
                    text(result.average, "%.2f"), text(result.headline, nps ? "%+.0f" : "%.0f%%")]
        }
        // By product and customer: an answer counts for every product of its order.
        var orders: [String: Order] = [:]
        for order in try storeCall({ () throws(StoreError) in try store.orders(states: nil) }) { orders[order.number.description] = order }
        var byProduct: [String: [SurveyRecord]] = [:]
        var byCustomer: [String: [SurveyRecord]] = [:]
        for survey in answered {
            let order = orders[survey.orderNumber.description]
            for sku in Set(order?.lines.compactMap(\.sku) ?? []) {
                byProduct[master.product(sku: sku).map { "\(sku) \($0.name)" } ?? sku, default: []].append(survey)
            }
            byCustomer[order?.customer.company ?? survey.customerEmail, default: []].append(survey)
        }
        func rows(_ groups: [String: [SurveyRecord]]) -> [[String]] {
            groups.keys.sorted().map { key in
                let result = score(groups[key] ?? [])
                return [key, "\(result.count)", text(result.average, "%.2f"), text(result.headline, nps ? "%+.0f" : "%.0f%%")]
            }
        }
        let latest = answered.sorted { ($0.answeredAt ?? $0.sentAt) > ($1.answeredAt ?? $1.sentAt) }.filter { $0.comment != nil }.prefix(limit)
        let commentRows = latest.map { survey in
            [format(survey.answeredAt ?? survey.sentAt, "yyyy-MM-dd"), survey.orderNumber.description,
             orders[survey.orderNumber.description]?.customer.company ?? survey.customerEmail, survey.rating.map(String.init) ?? "-", survey.comment ?? ""]
        }
        let trend = Report.Chart(title: (nps ? "Average score" : "Average rating") + " per month", kind: .line, labels: monthKeys,
                                 series: [.init(name: "average", values: monthKeys.map { score(months[$0] ?? []).average ?? 0 })],
                                 maximum: nps ? 10 : 5, valueFormat: "%.1f")
        let share = Report.Chart(title: "\(headlineName) and response rate per month", kind: .columns, labels: monthKeys,
                                 series: [.init(name: headlineName, values: monthKeys.map { score(months[$0] ?? []).headline ?? 0 }),
                                          .init(name: "response rate", values: monthKeys.map { month in
                                              let group = months[month] ?? []
                                              return Double(group.filter { $0.rating != nil }.count) / Double(max(group.count, 1)) * 100 })],
                                 maximum: 100, valueFormat: "%.0f%%")
        return Report(title: "Customer satisfaction", subtitle: describe(period), figures: figures, tables: [
            Report.Table(name: "by_month", title: "Per month", columns: ["month", "sent", "answered", "response rate", "average", headlineName], rows: monthRows),
            Report.Table(name: "comments", title: "Latest comments", columns: ["date", "order", "customer", "rating", "comment"], rows: Array(commentRows)),
            Report.Table(name: "by_product", title: "By product", columns: ["product", "answers", "average", headlineName], rows: rows(byProduct)),
            Report.Table(name: "by_customer", title: "By customer", columns: ["customer", "answers", "average", headlineName], rows: rows(byCustomer)),
        ], charts: monthKeys.isEmpty ? [] : [trend, share])
    }

    /// `intake report intake`: items per source and kind, the touchless rate (orders approved by
    /// policy and never edited), time from receipt to confirmation (median and p90), the review
    /// backlog and its age, failed items and their reasons.
    public func intakeReport(period: ReportPeriod) throws(IntakeError) -> Report {
        let (start, end) = bounds(period)
        let now = clock()
        let counts = try storeCall { () throws(StoreError) in try store.itemCounts(receivedFrom: start, to: end) }
        let orders = try storeCall { () throws(StoreError) in try store.orders(states: nil) }.filter { $0.receivedAt >= start && $0.receivedAt < end }
        let created = try storeCall { () throws(StoreError) in try store.firstEvents(action: "created") }
        let approved = try storeCall { () throws(StoreError) in try store.firstEvents(action: "approved") }
        let confirmed = try storeCall { () throws(StoreError) in try store.firstEvents(action: "confirmed") }

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
        let failed = try storeCall { () throws(StoreError) in try store.items(status: [.failed]) }.filter { $0.receivedAt >= start && $0.receivedAt < end }
        let figures = [
            Report.Figure("items", "\(counts.reduce(0) { $0 + $1.count })"),
            Report.Figure("orders", "\(orders.count)"),
            Report.Figure("touchless", orders.isEmpty ? "-" : String(format: "%.0f%%", Double(touchless.count) / Double(orders.count) * 100)),
            Report.Figure("receipt → confirmation, median", percentile(0.5).map(Self.duration) ?? "-"),
            Report.Figure("receipt → confirmation, p90", percentile(0.9).map(Self.duration) ?? "-"),
            Report.Figure("waiting for review", "\(backlog.count)" + (backlog.first.map { ", oldest \(Self.duration(now.timeIntervalSince($0.receivedAt)))" } ?? "")),
            Report.Figure("failed items", "\(failed.count)"),
        ]
        let sources = bySource.keys.sorted()
        let kinds = byKind.keys.sorted { (byKind[$0] ?? 0) > (byKind[$1] ?? 0) }
        return Report(title: "Intake", subtitle: describe(period), figures: figures, tables: [
            Report.Table(name: "by_source", title: "Items per source", columns: ["source", "items", "orders", "failed"],
                         rows: sources.map { [$0, "\(bySource[$0]?.items ?? 0)", "\(bySource[$0]?.orders ?? 0)", "\(bySource[$0]?.failed ?? 0)"] }),
            Report.Table(name: "by_kind", title: "Items per kind", columns: ["kind", "items"], rows: kinds.map { [$0, "\(byKind[$0] ?? 0)"] }),
            Report.Table(name: "backlog", title: "Waiting for review", columns: ["order", "received", "waiting", "customer", "issues"],
                         rows: backlog.map { [$0.number.description, format($0.receivedAt, "yyyy-MM-dd HH:mm"), Self.duration(now.timeIntervalSince($0.receivedAt)),
                                              $0.customer.company ?? $0.customer.email ?? "?", $0.issues.map(\.code).joined(separator: ", ")] }),
            Report.Table(name: "failed", title: "Failed items", columns: ["item", "received", "file", "reason"],
                         rows: failed.map { ["\($0.id)", format($0.receivedAt, "yyyy-MM-dd HH:mm"), $0.filename, $0.failureReason ?? "-"] }),
        ], charts: [
            Report.Chart(title: "Items per source", kind: .bars, labels: sources, series: [
                .init(name: "orders", values: sources.map { Double(bySource[$0]?.orders ?? 0) }),
                .init(name: "other items", values: sources.map { Double((bySource[$0]?.items ?? 0) - (bySource[$0]?.orders ?? 0) - (bySource[$0]?.failed ?? 0)) }),
                .init(name: "failed", values: sources.map { Double(bySource[$0]?.failed ?? 0) }),
            ]),
            Report.Chart(title: "Items per kind", kind: .bars, labels: kinds, series: [.init(name: "items", values: kinds.map { Double(byKind[$0] ?? 0) })]),
        ].filter { !$0.labels.isEmpty })
    }

    /// `79460.00` → `79,460.00`, for headline figures (tables keep plain numbers for CSV).
    static func grouped(_ number: String) -> String {
        let negative = number.hasPrefix("-")
        let digits = negative ? String(number.dropFirst()) : number
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts.first ?? "")
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// `3 min`, `2.5 h`, `4.0 d`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5_400 { return String(format: "%.0f min", seconds / 60) }
        if seconds < 172_800 { return String(format: "%.1f h", seconds / 3_600) }
        return String(format: "%.1f d", seconds / 86_400)
    }
}
