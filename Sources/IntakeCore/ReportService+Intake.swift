import Foundation
import IntakeModel
public import IntakeRendering

extension ReportService {
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
        let items = IntakeTally(counts)
        let touchless = orders.filter { order in approved[order.number.description]?.actor == "policy" && !order.edited }
        // Event times on both ends: the store's own clock.
        let delays = orders.compactMap { order -> Double? in
            guard let from = created[order.number.description]?.at, let to = confirmed[order.number.description]?.at else { return nil }
            return to.timeIntervalSince(from)
        }.sorted()
        let backlog = orders.filter { $0.state == .needsReview }.sorted { $0.receivedAt < $1.receivedAt }
        let failed = allFailed.filter { $0.receivedAt >= start && $0.receivedAt < end }
        let figures = [
            Report.Figure("items", Decimal(counts.reduce(0) { $0 + $1.count })),
            Report.Figure("orders", Decimal(orders.count)),
            Report.Figure("touchless", orders.isEmpty ? nil : Report.number(Double(touchless.count) / Double(orders.count) * 100), .percent),
            Report.Figure("receipt → confirmation, median", Self.percentile(0.5, of: delays).map(Report.number), .duration),
            Report.Figure("receipt → confirmation, p90", Self.percentile(0.9, of: delays).map(Report.number), .duration),
            Report.Figure("waiting for review", Decimal(backlog.count)),
            Report.Figure("oldest waiting", backlog.first.map { Report.number(now.timeIntervalSince($0.receivedAt)) }, .duration),
            Report.Figure("failed items", Decimal(failed.count)),
        ]
        return Report(title: "Intake", subtitle: describe(period), language: configuration.desk.language, figures: figures,
                      tables: items.tables + [backlogTable(backlog, now: now), failedTable(failed)], charts: items.charts)
    }

    /// The value below which `share` of the sorted values lie (nearest rank).
    static func percentile(_ share: Double, of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * share).rounded(.up)) - 1)]
    }

    func backlogTable(_ backlog: [Order], now: Date) -> Report.Table {
        Report.Table(name: "backlog", title: "Waiting for review",
                     columns: [Report.Column("order"), Report.Column("received"), Report.Column("waiting", .duration), Report.Column("customer"), Report.Column("issues")],
                     rows: backlog.map { [.text($0.number.description), .text(format($0.receivedAt, "yyyy-MM-dd HH:mm")),
                                          .number(Report.number(now.timeIntervalSince($0.receivedAt))),
                                          .text($0.customer.company ?? $0.customer.email ?? "?"), .text($0.issues.map(\.code).joined(separator: ", "))] })
    }

    func failedTable(_ failed: [ItemRecord]) -> Report.Table {
        Report.Table(name: "failed", title: "Failed items",
                     columns: [Report.Column("item"), Report.Column("received"), Report.Column("file"), Report.Column("reason")],
                     rows: failed.map { [.text("\($0.id)"), .text(format($0.receivedAt, "yyyy-MM-dd HH:mm")), .text($0.filename),
                                         $0.failureReason.map(Report.Cell.text) ?? .empty] })
    }
}

/// An intake report's item counts per source (items, orders, failed) and per kind.
struct IntakeTally {
    var bySource: [String: (items: Int, orders: Int, failed: Int)] = [:]
    var byKind: [String: Int] = [:]

    init(_ counts: [ItemCount]) {
        for count in counts {
            bySource[count.source, default: (0, 0, 0)].items += count.count
            if count.kind == MessageKind.order.rawValue && count.status == "processed" { bySource[count.source, default: (0, 0, 0)].orders += count.count }
            if count.status == "failed" { bySource[count.source, default: (0, 0, 0)].failed += count.count }
            byKind[count.status == "processed" ? (count.kind ?? "?") : count.status, default: 0] += count.count
        }
    }

    var sources: [String] { bySource.keys.sorted() }
    var kinds: [String] { byKind.keys.sorted { (byKind[$0] ?? 0) > (byKind[$1] ?? 0) } }

    var tables: [Report.Table] {
        [Report.Table(name: "by_source", title: "Items per source",
                      columns: [Report.Column("source"), Report.Column("items", .count), Report.Column("orders", .count), Report.Column("failed", .count)],
                      rows: sources.map { [.text($0), .count(bySource[$0]?.items ?? 0), .count(bySource[$0]?.orders ?? 0), .count(bySource[$0]?.failed ?? 0)] }),
         Report.Table(name: "by_kind", title: "Items per kind", columns: [Report.Column("kind"), Report.Column("items", .count)],
                      rows: kinds.map { [.text($0), .count(byKind[$0] ?? 0)] })]
    }

    var charts: [Report.Chart] {
        let sources = self.sources, kinds = self.kinds
        return [
            Report.Chart(title: "Items per source", kind: .bars, labels: sources, series: [
                .init(name: "orders", values: sources.map { Double(bySource[$0]?.orders ?? 0) }),
                .init(name: "other items", values: sources.map { Double((bySource[$0]?.items ?? 0) - (bySource[$0]?.orders ?? 0) - (bySource[$0]?.failed ?? 0)) }),
                .init(name: "failed", values: sources.map { Double(bySource[$0]?.failed ?? 0) }),
            ]),
            Report.Chart(title: "Items per kind", kind: .bars, labels: kinds, series: [.init(name: "items", values: kinds.map { Double(byKind[$0] ?? 0) })]),
        ].filter { !$0.labels.isEmpty }
    }
}
