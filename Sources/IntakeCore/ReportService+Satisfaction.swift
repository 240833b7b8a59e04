import Foundation
import IntakeModel
public import IntakeRendering

extension ReportService {
    /// `intake report satisfaction`: response rate, average rating and CSAT (share of 4–5 on the
    /// 1–5 scale) or NPS (promoters 9–10 minus detractors 0–6 on the 0–10 scale), the trend per
    /// month, by product and customer, and the latest comments.
    public func satisfaction(period: ReportPeriod, comments limit: Int = 10) async throws(IntakeError) -> Report {
        let (start, end) = bounds(period)
        let surveys = try await reading { try $0.surveys() }.filter { $0.sentAt >= start && $0.sentAt < end }
        let answered = surveys.filter { $0.rating != nil }
        let scoring = SatisfactionScoring(nps: surveys.contains { $0.scale == 10 })
        let months = Dictionary(grouping: surveys) { format($0.sentAt, "yyyy-MM") }
        let monthKeys = months.keys.sorted()
        var orders: [String: Order] = [:]
        for order in try await reading({ try $0.orders(states: nil) }) { orders[order.number.description] = order }
        let (byProduct, byCustomer) = groups(answered, orders: orders)
        let latest = answered.sorted { ($0.answeredAt ?? $0.sentAt) > ($1.answeredAt ?? $1.sentAt) }.filter { $0.comment != nil }.prefix(limit)
        let commentRows = latest.map { survey -> [Report.Cell] in
            [.text(format(survey.answeredAt ?? survey.sentAt, "yyyy-MM-dd")), .text(survey.orderNumber.description),
             .text(orders[survey.orderNumber.description]?.customer.company ?? survey.customerEmail), .number(survey.rating.map { Decimal($0) }),
             .text(survey.comment ?? "")]
        }
        return Report(title: "Customer satisfaction", subtitle: describe(period), language: configuration.desk.language,
                      figures: scoring.figures(surveys: surveys, answered: answered), tables: [
            Report.Table(name: "by_month", title: "Per month", columns: scoring.monthColumns,
                         rows: monthKeys.map { scoring.monthRow($0, months[$0] ?? []) }),
            Report.Table(name: "comments", title: "Latest comments",
                         columns: [Report.Column("date"), Report.Column("order"), Report.Column("customer"), Report.Column("rating", .count), Report.Column("comment")],
                         rows: Array(commentRows)),
            Report.Table(name: "by_product", title: "By product", columns: scoring.columns("product"), rows: scoring.rows(byProduct)),
            Report.Table(name: "by_customer", title: "By customer", columns: scoring.columns("customer"), rows: scoring.rows(byCustomer)),
        ], charts: monthKeys.isEmpty ? [] : scoring.charts(months: months, keys: monthKeys))
    }

    /// Answers by product and by customer: an answer counts for every product of its order.
    func groups(_ answered: [SurveyRecord], orders: [String: Order]) -> (byProduct: [String: [SurveyRecord]], byCustomer: [String: [SurveyRecord]]) {
        var byProduct: [String: [SurveyRecord]] = [:]
        var byCustomer: [String: [SurveyRecord]] = [:]
        for survey in answered {
            let order = orders[survey.orderNumber.description]
            for sku in Set(order?.lines.compactMap(\.sku) ?? []) {
                byProduct[master.product(sku: sku).map { "\(sku) \($0.name)" } ?? sku, default: []].append(survey)
            }
            byCustomer[order?.customer.company ?? survey.customerEmail, default: []].append(survey)
        }
        return (byProduct, byCustomer)
    }
}

/// How a satisfaction report scores a group of surveys: CSAT on the 1–5 scale, NPS on 0–10.
struct SatisfactionScoring {
    let nps: Bool

    var headlineName: String { nps ? "NPS" : "CSAT" }
    var headlineStyle: Report.Style { nps ? .signed : .percent }

    /// Answers, their average, and CSAT or NPS.
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

    func share(_ part: Int, of whole: Int) -> Decimal? { whole == 0 ? nil : Report.number(Double(part) / Double(whole) * 100) }

    func figures(surveys: [SurveyRecord], answered: [SurveyRecord]) -> [Report.Figure] {
        let overall = score(answered)
        return [
            Report.Figure("surveys sent", Decimal(surveys.count)),
            Report.Figure("answered", Decimal(answered.count)),
            Report.Figure("response rate", share(answered.count, of: surveys.count), .percent),
            Report.Figure(nps ? "average (0–10)" : "average rating (1–5)", overall.average.map(Report.number), .decimal(places: 2)),
            Report.Figure(nps ? "NPS" : "CSAT (4–5)", overall.headline.map(Report.number), headlineStyle),
        ]
    }

    var monthColumns: [Report.Column] {
        [Report.Column("month"), Report.Column("sent", .count), Report.Column("answered", .count), Report.Column("response rate", .percent),
         Report.Column("average", .decimal(places: 2)), Report.Column(headlineName, headlineStyle)]
    }

    func monthRow(_ month: String, _ group: [SurveyRecord]) -> [Report.Cell] {
        let result = score(group)
        return [.text(month), .count(group.count), .count(result.count), .number(share(result.count, of: group.count)),
                .number(result.average.map(Report.number)), .number(result.headline.map(Report.number))]
    }

    func columns(_ name: String) -> [Report.Column] {
        [Report.Column(name), Report.Column("answers", .count), Report.Column("average", .decimal(places: 2)), Report.Column(headlineName, headlineStyle)]
    }

    func rows(_ groups: [String: [SurveyRecord]]) -> [[Report.Cell]] {
        groups.keys.sorted().map { key in
            let result = score(groups[key] ?? [])
            return [.text(key), .count(result.count), .number(result.average.map(Report.number)), .number(result.headline.map(Report.number))]
        }
    }

    /// The average per month, and the headline beside the response rate per month.
    func charts(months: [String: [SurveyRecord]], keys: [String]) -> [Report.Chart] {
        let trend = Report.Chart(title: (nps ? "Average score" : "Average rating") + " per month", kind: .line, labels: keys,
                                 series: [.init(name: "average", values: keys.map { score(months[$0] ?? []).average ?? 0 })],
                                 maximum: nps ? 10 : 5, style: .decimal(places: 1))
        let shares = Report.Chart(title: "\(headlineName) and response rate per month", kind: .columns, labels: keys,
                                  series: [.init(name: headlineName, values: keys.map { score(months[$0] ?? []).headline ?? 0 }),
                                           .init(name: "response rate", values: keys.map { month in
                                               let group = months[month] ?? []
                                               return Double(group.filter { $0.rating != nil }.count) / Double(max(group.count, 1)) * 100 })],
                                  maximum: 100, style: .percent)
        return [trend, shares]
    }
}
