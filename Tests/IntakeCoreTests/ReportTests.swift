import Foundation
import IntakeCore
import IntakeModel
import IntakeRendering
import IntakeTestSupport
import Logging
import Testing

/// The desk's reports, checked against figures computed here from the store's own records, and
/// the HTML page checked in a real headless browser.
@Suite struct ReportTests {
    /// The example desk after a cycle, three orders completed and surveyed, two answers in.
    func desk() async throws -> (TestDesk, Desk, TestClock) {
        let testDesk = try TestDesk(extraYAML: "surveys:\n  after_days: 2\n  min_days_between: 0\n")
        let clock = TestClock()
        let desk = try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"),
                            actor: "tester", clock: { clock.date })
        _ = try await desk.cycle()
        for sequence in [1, 3, 5] {
            try await desk.followUp.apply(.ship(carrier: nil, tracking: nil), to: OrderNumber(year: 2026, sequence: sequence))
            try await desk.followUp.apply(.complete, to: OrderNumber(year: 2026, sequence: sequence))
        }
        clock.advance(days: 3)
        _ = try await desk.surveys.send()
        let surveys = try await desk.store.outbox().filter { $0.purpose == "survey" }
        for (index, (survey, answer)) in zip(surveys, ["5 分，很準時", "3, the boxes were dented"]).enumerated() {
            let lines = ["From: \(survey.recipients[0])", "To: orders@desk.example", "Subject: Re: \(survey.subject)", "Message-ID: <answer\(index)@c.example>",
                         "In-Reply-To: <\(survey.messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", answer]
            _ = testDesk.folder.write("inbox/answer\(index).eml", lines.joined(separator: "\r\n"))
        }
        _ = try await desk.intake.poll()
        return (testDesk, desk, clock)
    }

    /// Orders that count as sales, as the store holds them.
    func sold(_ desk: Desk) async throws -> [Order] {
        try await desk.review.queue(states: [.confirmed, .shipped, .delivered, .completed])
    }

    /// Revenue per currency and customer, summed here from the orders.
    func revenueByCustomer(_ orders: [Order]) -> [String: [String: Decimal]] {
        var revenue: [String: [String: Decimal]] = [:]
        for order in orders {
            guard let total = order.total else { continue }
            revenue[order.currency ?? "?", default: [:]][order.customer.company ?? order.customer.name ?? order.customer.email ?? "?", default: 0] += total
        }
        return revenue
    }

    @Test func salesAddUpPerCurrencyAndNeverAcrossCurrencies() async throws {
        let (testDesk, desk, _) = try await desk()
        let sold = try await sold(desk)
        var expected: [String: Decimal] = [:]
        for order in sold { if let total = order.total { expected[order.currency ?? "?", default: 0] += total } }
        #expect(expected.count == 2, "the examples hold TWD and CNY orders")
        for grouping in SalesGrouping.allCases {
            let report = try await desk.reports.sales(by: grouping, period: ReportPeriod())
            let table = try #require(report.tables.first)
            for (currency, total) in expected {
                let cells = try #require(table.cells("revenue \(currency)"))
                #expect(cells.compactMap(\.number).reduce(0, +) == total, "\(grouping) \(currency)")
                #expect(report.figures.first { $0.label == "revenue \(currency)" }?.value == total)
            }
            #expect(report.figures.first { $0.label == "orders" }?.value == Decimal(sold.count))
        }
        // A period before every order has nothing in it.
        let empty = try await desk.reports.sales(by: .month, period: ReportPeriod(to: CalendarDate("2020-01-01")))
        #expect(empty.tables[0].rows.isEmpty)
        #expect(empty.charts.isEmpty)
        withExtendedLifetime(testDesk) {}
    }

    /// `3 box` and `27 支` of one product are two rows: quantities in different units never add.
    @Test func salesByProductHaveOneRowPerProductAndUnit() async throws {
        let (testDesk, desk, _) = try await desk()
        let lines = try await sold(desk).flatMap(\.lines)
        try #require(lines.allSatisfy { $0.sku != nil }, "confirmed orders name catalog products")
        struct Key: Hashable { var sku: String; var unit: String? }
        var expected: [Key: Decimal] = [:]
        for line in lines { expected[Key(sku: line.sku ?? "", unit: line.unit), default: 0] += line.quantity }
        let units = Dictionary(grouping: expected.keys, by: \.sku)
        #expect(units.values.contains { $0.count > 1 }, "the examples order some product in two units")

        let table = try #require(try await desk.reports.sales(by: .product, period: ReportPeriod()).tables.first)
        let unitColumn = try #require(table.columns.firstIndex { $0.name == "unit" })
        let quantityColumn = try #require(table.columns.firstIndex { $0.name == "quantity" })
        var found: [Key: Decimal] = [:]
        for row in table.rows {
            let sku = String(row[0].text?.split(separator: " ").first ?? "")
            let key = Key(sku: sku, unit: row[unitColumn].text)
            #expect(found[key] == nil, "one row for \(sku) in \(key.unit ?? "no unit")")
            found[key] = row[quantityColumn].number
        }
        #expect(found == expected)
        // A product's units sit together.
        let skus = table.rows.map { String($0[0].text?.split(separator: " ").first ?? "") }
        for sku in Set(skus) {
            let rows = skus.indices.filter { skus[$0] == sku }
            #expect(rows.last! - rows.first! == rows.count - 1, "\(sku) rows are adjacent")
        }
        withExtendedLifetime(testDesk) {}
    }

    /// A CNY customer is not a 0 in the TWD chart: one chart per currency, each with only the
    /// groups that have revenue in it.
    @Test func eachCurrencyHasAChartOfOnlyTheGroupsWithRevenueInIt() async throws {
        let (testDesk, desk, _) = try await desk()
        let expected = revenueByCustomer(try await sold(desk))
        let report = try await desk.reports.sales(by: .customer, period: ReportPeriod())
        #expect(report.charts.count == expected.count)
        for (currency, customers) in expected {
            let chart = try #require(report.charts.first { $0.unit == currency }, "a chart for \(currency)")
            #expect(chart.title.contains(currency))
            #expect(Set(chart.labels) == Set(customers.keys))
            let values = try #require(chart.series.first).values
            #expect(values == chart.labels.map { NSDecimalNumber(decimal: customers[$0] ?? -1).doubleValue })
        }
        let html = ReportHTML.page(report)
        #expect(html.components(separatedBy: "<svg").count - 1 == expected.count)
        withExtendedLifetime(testDesk) {}
    }

    /// `--json` is for programs: figures and cells are JSON numbers, with the people's text beside
    /// the figures; encoded as the command encodes it.
    @Test func theJSONCarriesNumbersAsNumbers() async throws {
        let (testDesk, desk, _) = try await desk()
        func json(_ report: Report) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: try DocumentEncoding.prettyEncoder().encode(report)) as? [String: Any])
        }
        func figure(_ object: [String: Any], _ label: String) throws -> [String: Any] {
            try #require((object["figures"] as? [[String: Any]])?.first { $0["label"] as? String == label }, "figure \(label)")
        }
        let sales = try json(try await desk.reports.sales(by: .customer, period: ReportPeriod()))
        #expect(sales["language"] as? String == desk.configuration.desk.language)
        for (currency, customers) in revenueByCustomer(try await sold(desk)) {
            let total = customers.values.reduce(0, +)
            let revenue = try figure(sales, "revenue \(currency)")
            #expect((revenue["value"] as? NSNumber)?.decimalValue == total)
            #expect(revenue["unit"] as? String == currency)
            #expect(revenue["display"] as? String == PeoplesNumbers.money(total))
        }
        let surveys = try await desk.store.surveys()
        let ratings = surveys.compactMap(\.rating)
        let satisfaction = try json(try await desk.reports.satisfaction(period: ReportPeriod()))
        let average = try figure(satisfaction, "average rating (1–5)")
        #expect((average["value"] as? NSNumber)?.doubleValue == Double(ratings.reduce(0, +)) / Double(ratings.count))
        #expect(average["display"] as? String == String(format: "%.2f", Double(ratings.reduce(0, +)) / Double(ratings.count)))
        let csat = try figure(satisfaction, "CSAT (4–5)")
        #expect((csat["value"] as? NSNumber)?.doubleValue == Double(ratings.filter { $0 >= 4 }.count) / Double(ratings.count) * 100)
        #expect(csat["unit"] as? String == "%")

        // Every cell has its column's type: numbers (or null) in number columns, text in text columns.
        for object in [sales, satisfaction, try json(try await desk.reports.intake(period: ReportPeriod()))] {
            for table in try #require(object["tables"] as? [[String: Any]]) {
                let columns = try #require(table["columns"] as? [[String: Any]])
                let types = columns.map { $0["type"] as? String }
                #expect(types.allSatisfy { $0 == "text" || $0 == "number" })
                for row in try #require(table["rows"] as? [[Any]]) {
                    for (cell, type) in zip(row, types) {
                        if cell is NSNull { continue }
                        #expect(type == "number" ? (cell as? NSNumber) != nil && !(cell is String) : cell is String,
                                "\(table["name"] ?? "?"): \(cell) in a \(type ?? "?") column")
                    }
                }
            }
        }
        let sent = try #require((try json(try await desk.reports.satisfaction(period: ReportPeriod()))["tables"] as? [[String: Any]])?.first)
        #expect(((sent["rows"] as? [[Any]])?.first?[1] as? NSNumber)?.intValue == surveys.count)
        withExtendedLifetime(testDesk) {}
    }

    /// CSV for spreadsheets: a byte order mark (Excel then reads UTF-8), plain numbers, empty
    /// cells where there is nothing (a CNY customer has no TWD revenue).
    @Test func csvHasAByteOrderMarkPlainNumbersAndEmptyCells() async throws {
        let (testDesk, desk, _) = try await desk()
        let sold = try await sold(desk)
        let revenue = revenueByCustomer(sold)
        let currencies = revenue.keys.sorted { revenue[$0, default: [:]].values.reduce(0, +) > revenue[$1, default: [:]].values.reduce(0, +) }
        let csv = ReportCSV.csv(try #require(try await desk.reports.sales(by: .customer, period: ReportPeriod()).tables.first))
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        var lines = csv.dropFirst().components(separatedBy: "\r\n")
        #expect(lines.removeLast() == "")
        #expect(lines.removeFirst() == (["customer", "orders"] + currencies.map { "revenue \($0)" }).joined(separator: ","))
        let customers = Set(revenue.values.flatMap(\.keys))
        let expected = customers.map { customer in
            let orders = sold.filter { ($0.customer.company ?? $0.customer.name ?? $0.customer.email ?? "?") == customer }.count
            return ([customer, "\(orders)"] + currencies.map { revenue[$0]?[customer].map(DecimalText.formatMoney) ?? "" }).joined(separator: ",")
        }
        #expect(Set(lines) == Set(expected))
        #expect(lines.contains { $0.hasSuffix(",") }, "a customer without revenue in the last currency has an empty cell")
        withExtendedLifetime(testDesk) {}
    }

    /// The terminal table and the page group thousands; the page's `lang` is the desk's language.
    @Test func peoplesOutputsGroupThousandsAndThePageSpeaksTheDesksLanguage() async throws {
        let (testDesk, desk, _) = try await desk()
        let largest = try #require(revenueByCustomer(try await sold(desk)).values.flatMap(\.values).max())
        try #require(largest >= 1000)
        let people = PeoplesNumbers.money(largest)
        #expect(people.contains(","))
        let report = try await desk.reports.sales(by: .customer, period: ReportPeriod())
        let table = try #require(report.tables.first)
        #expect(table.displayRows.contains { $0.contains(people) })
        let html = ReportHTML.page(report)
        #expect(html.contains("<td class=\"number\">\(people)</td>"))
        #expect(html.contains("<html lang=\"\(desk.configuration.desk.language)\">"))
        #expect(desk.configuration.desk.language != "en", "the example desk answers in Chinese")
        #expect(!ReportCSV.csv(table).contains(people), "CSV keeps plain numbers")
        withExtendedLifetime(testDesk) {}
    }

    @Test func satisfactionShowsRatingsCommentsAndRates() async throws {
        let (testDesk, desk, _) = try await desk()
        let report = try await desk.reports.satisfaction(period: ReportPeriod())
        func figure(_ label: String) -> Report.Figure? { report.figures.first { $0.label == label } }
        let surveys = try await desk.store.surveys()
        #expect(figure("surveys sent")?.value == Decimal(surveys.count))
        #expect(figure("answered")?.value == 2)
        #expect(figure("average rating (1–5)")?.display == "4.00")
        #expect(figure("CSAT (4–5)")?.display == "50%")
        #expect(figure("response rate")?.display == String(format: "%.0f%%", 2.0 / Double(surveys.count) * 100))
        let comments = try #require(report.tables.first { $0.name == "comments" })
        #expect(Set(comments.cells("comment")?.compactMap(\.text) ?? []) == ["很準時", "the boxes were dented"])
        #expect(Set(comments.cells("rating")?.compactMap(\.number) ?? []) == [5, 3])
        #expect(report.tables.first { $0.name == "by_month" }?.cells("month")?.compactMap(\.text) == ["2026-12"])
        withExtendedLifetime(testDesk) {}
    }

    @Test func intakeCountsItemsKindsTouchlessAndBacklog() async throws {
        let (testDesk, desk, clock) = try await desk()
        let report = try await desk.reports.intake(period: ReportPeriod())
        func figure(_ label: String) -> Report.Figure? { report.figures.first { $0.label == label } }
        let items = try await desk.store.itemCount()
        #expect(figure("items")?.value == Decimal(items))
        #expect(figure("orders")?.value == 10)
        // 7 of the 10 example orders are clean and approved by policy without edits.
        #expect(figure("touchless")?.display == "70%")
        let backlog = try await desk.review.queue(states: [.needsReview]).sorted { $0.receivedAt < $1.receivedAt }
        #expect(figure("waiting for review")?.value == Decimal(backlog.count))
        let oldest = clock.date.timeIntervalSince(try #require(backlog.first).receivedAt)
        #expect(figure("oldest waiting")?.value == Decimal(oldest))
        #expect(figure("oldest waiting")?.unit == "s")
        #expect(report.tables.first { $0.name == "backlog" }?.cells("order")?.compactMap(\.text) == backlog.map(\.number.description))
        let kinds = try #require(report.tables.first { $0.name == "by_kind" })
        let count = Dictionary(uniqueKeysWithValues: zip(kinds.cells("kind")?.compactMap(\.text) ?? [], kinds.cells("items")?.compactMap(\.number) ?? []))
        #expect(count["order"] == 10)
        #expect(count["survey_response"] == 2)
        #expect(figure("receipt → confirmation, median")?.value != nil)
        withExtendedLifetime(testDesk) {}
    }

    @Test func csvQuotesWhatNeedsQuotingAndDefusesFormulas() {
        let table = Report.Table(name: "t", title: "T", columns: [.init("customer"), .init("comment"), .init("n", .quantity)],
                                 rows: [[.text("Acme, Inc."), .text("said \"fine\""), .number(1234.5)],
                                        [.text("=HYPERLINK(\"x\")"), .text("-12.5"), .number(-3)],
                                        [.text("綠葉"), .text("line\nbreak"), .empty]])
        #expect(ReportCSV.csv(table) == "\u{FEFF}customer,comment,n\r\n\"Acme, Inc.\",\"said \"\"fine\"\"\",1234.5\r\n\"'=HYPERLINK(\"\"x\"\")\",-12.5,-3\r\n綠葉,\"line\nbreak\",\r\n")
    }

    /// The page opens in Chromium without a network and its charts are drawn: the screenshot
    /// holds the chart colour. Skipped only where Chromium is missing (scripts/test.sh installs it).
    @Test(.enabled(if: HeadlessChromium.path != nil, "needs chromium: scripts/test.sh installs it"))
    func theHTMLPageRendersItsChartsInAHeadlessBrowser() async throws {
        let (testDesk, desk, _) = try await desk()
        for (name, report) in [("satisfaction", try await desk.reports.satisfaction(period: ReportPeriod())),
                               ("sales", try await desk.reports.sales(by: .product, period: ReportPeriod()))] {
            let html = ReportHTML.page(report)
            // Self-contained: nothing to fetch (the SVG namespace is a name, not a request).
            let stripped = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!stripped.contains("http://") && !stripped.contains("https://") && !stripped.contains("src=") && !stripped.contains("url("))
            #expect(html.contains("<svg"))
            let page = testDesk.folder.write("\(name).html", html)
            let shot = testDesk.folder.file("\(name).png")
            let browser = try IntakeProcess.run(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400",
                                                 "--screenshot=\(shot)", "file://\(page)"], executable: try #require(HeadlessChromium.path))
            #expect(browser.status == 0, "\(browser.stderr)")
            // Count the pixels of the first chart colour (#2f6db5) with a small PNG reader.
            let count = try IntakeProcess.python(HeadlessChromium.countColour, arguments: [shot, "47,109,181"])
            #expect(count.status == 0, "\(count.stderr)")
            let pixels = Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            #expect(pixels > 400, "\(name): \(pixels) chart-coloured pixels in the screenshot")
        }
    }

    /// The page's Chinese is drawn with glyphs, not empty boxes: every element holding Han text
    /// was drawn (Chromium says) with a font that has those characters (fontconfig says). Needs a
    /// CJK font: `scripts/setup-system.sh --test` installs fonts-noto-cjk.
    @Test(.enabled(if: HeadlessChromium.path != nil, "needs chromium: scripts/test.sh installs it"))
    func theChineseOnThePageIsDrawnWithACJKFont() async throws {
        let (testDesk, desk, _) = try await desk()
        let report = try await desk.reports.sales(by: .customer, period: ReportPeriod())
        let page = testDesk.folder.write("sales-cjk.html", ReportHTML.page(report))
        let (elements, output) = try HeadlessChromium.hanText("file://\(page)")
        #expect(output.status == 0, "\(output.stderr)")
        // The Chinese customer names of the table, at least.
        let names = Set(revenueByCustomer(try await sold(desk)).values.flatMap(\.keys).filter { $0.unicodeScalars.contains(where: \.properties.isIdeographic) })
        #expect(!names.isEmpty)
        #expect(names.isSubset(of: Set(elements.map(\.text))), "\(elements.map(\.text))")
        for element in elements {
            let drawn = try element.fonts.contains { try HeadlessChromium.font($0.familyName, coversHanIn: element.text) }
            #expect(drawn, "\(element.text) drawn with \(element.fonts.map(\.familyName)), none of which has its glyphs")
        }
    }
}
