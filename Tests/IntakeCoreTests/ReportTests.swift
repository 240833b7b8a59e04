import Foundation
import IntakeCore
import IntakeModel
import IntakeRendering
import IntakeStore
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
        let desk = try Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test"),
                            actor: "tester", clock: { clock.date })
        _ = try await desk.cycle()
        for sequence in [1, 3, 5] {
            try desk.apply(.ship(carrier: nil, tracking: nil), to: OrderNumber(year: 2026, sequence: sequence))
            try desk.apply(.complete, to: OrderNumber(year: 2026, sequence: sequence))
        }
        clock.advance(days: 3)
        _ = try desk.sendSurveys()
        let surveys = try desk.store.outbox().filter { $0.purpose == "survey" }
        for (index, (survey, answer)) in zip(surveys, ["5 分，很準時", "3, the boxes were dented"]).enumerated() {
            let lines = ["From: \(survey.recipients[0])", "To: orders@desk.example", "Subject: Re: \(survey.subject)", "Message-ID: <answer\(index)@c.example>",
                         "In-Reply-To: <\(survey.messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", answer]
            _ = testDesk.folder.write("inbox/answer\(index).eml", lines.joined(separator: "\r\n"))
        }
        _ = try await desk.poll()
        return (testDesk, desk, clock)
    }

    @Test func salesAddUpPerCurrencyAndNeverAcrossCurrencies() async throws {
        let (testDesk, desk, _) = try await desk()
        let sold = try desk.queue(states: [.confirmed, .shipped, .delivered, .completed])
        var expected: [String: Decimal] = [:]
        for order in sold { if let total = order.total { expected[order.currency ?? "?", default: 0] += total } }
        #expect(expected.count == 2, "the examples hold TWD and CNY orders")
        for grouping in ["product", "customer", "month"] {
            let report = try desk.salesReport(by: grouping, period: ReportPeriod())
            let table = try #require(report.tables.first)
            for (currency, total) in expected {
                let column = try #require(table.columns.firstIndex(of: "revenue \(currency)"))
                let sum = table.rows.compactMap { DecimalText.parse($0[column]) }.reduce(0, +)
                #expect(sum == total, "\(grouping) \(currency)")
            }
            #expect(report.figures.first { $0.label == "orders" }?.value == "\(sold.count)")
        }
        let byProduct = try desk.salesReport(by: "product", period: ReportPeriod())
        let paper = try #require(byProduct.tables[0].rows.first { $0[0].hasPrefix("PAP-A4-80") })
        let paperQuantity = sold.flatMap(\.lines).filter { $0.sku == "PAP-A4-80" }.reduce(Decimal(0)) { $0 + $1.quantity }
        #expect(paper[2] == DecimalText.format(paperQuantity))
        // A period before every order has nothing in it.
        let empty = try desk.salesReport(by: "month", period: ReportPeriod(to: CalendarDate("2020-01-01")))
        #expect(empty.tables[0].rows.isEmpty)
        #expect(throws: IntakeError.self) { try desk.salesReport(by: "weekday", period: ReportPeriod()) }
        withExtendedLifetime(testDesk) {}
    }

    @Test func satisfactionShowsRatingsCommentsAndRates() async throws {
        let (testDesk, desk, _) = try await desk()
        let report = try desk.satisfactionReport(period: ReportPeriod())
        func figure(_ label: String) -> String? { report.figures.first { $0.label == label }?.value }
        let surveys = try desk.store.surveys()
        #expect(figure("surveys sent") == "\(surveys.count)")
        #expect(figure("answered") == "2")
        #expect(figure("average rating (1–5)") == "4.00")
        #expect(figure("CSAT (4–5)") == "50%")
        #expect(figure("response rate") == String(format: "%.0f%%", 2.0 / Double(surveys.count) * 100))
        let comments = try #require(report.tables.first { $0.name == "comments" })
        #expect(Set(comments.rows.map { $0[4] }) == ["很準時", "the boxes were dented"])
        #expect(Set(comments.rows.map { $0[3] }) == ["5", "3"])
        #expect(report.tables.first { $0.name == "by_month" }?.rows.map(\.[0]) == ["2026-12"])
        withExtendedLifetime(testDesk) {}
    }

    @Test func intakeCountsItemsKindsTouchlessAndBacklog() async throws {
        let (testDesk, desk, _) = try await desk()
        let report = try desk.intakeReport(period: ReportPeriod())
        func figure(_ label: String) -> String? { report.figures.first { $0.label == label }?.value }
        let items = try desk.store.itemCount()
        #expect(figure("items") == "\(items)")
        #expect(figure("orders") == "10")
        // 7 of the 10 example orders are clean and approved by policy without edits.
        #expect(figure("touchless") == "70%")
        #expect(figure("waiting for review")?.hasPrefix("3, oldest") == true)
        #expect(report.tables.first { $0.name == "backlog" }?.rows.map(\.[0]) == ["SO-2026-00004", "SO-2026-00006", "SO-2026-00007"])
        let kinds = Dictionary(uniqueKeysWithValues: (report.tables.first { $0.name == "by_kind" }?.rows ?? []).map { ($0[0], $0[1]) })
        #expect(kinds["order"] == "10")
        #expect(kinds["survey_response"] == "2")
        #expect(figure("receipt → confirmation, median") != "-")
        withExtendedLifetime(testDesk) {}
    }

    @Test func csvQuotesWhatNeedsQuotingAndDefusesFormulas() {
        let table = Report.Table(name: "t", title: "T", columns: ["customer", "comment"],
                                 rows: [["Acme, Inc.", "said \"fine\""], ["=HYPERLINK(\"x\")", "-12.5"], ["綠葉", "line\nbreak"]])
        #expect(ReportCSV.csv(table) == "customer,comment\r\n\"Acme, Inc.\",\"said \"\"fine\"\"\"\r\n\"'=HYPERLINK(\"\"x\"\")\",-12.5\r\n綠葉,\"line\nbreak\"\r\n")
    }

    /// The page opens in Chromium without a network and its charts are drawn: the screenshot
    /// holds the chart colour. Skipped only where Chromium is missing (scripts/test.sh installs it).
    @Test(.enabled(if: ReportTests.chromium != nil, "needs chromium: scripts/test.sh installs it"))
    func theHTMLPageRendersItsChartsInAHeadlessBrowser() async throws {
        let (testDesk, desk, _) = try await desk()
        for (name, report) in [("satisfaction", try desk.satisfactionReport(period: ReportPeriod())),
                               ("sales", try desk.salesReport(by: "product", period: ReportPeriod()))] {
            let html = ReportHTML.page(report)
            // Self-contained: nothing to fetch (the SVG namespace is a name, not a request).
            let stripped = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!stripped.contains("http://") && !stripped.contains("https://") && !stripped.contains("src=") && !stripped.contains("url("))
            #expect(html.contains("<svg"))
            let page = testDesk.folder.write("\(name).html", html)
            let shot = testDesk.folder.file("\(name).png")
            let browser = try IntakeProcess.run(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1400",
                                                 "--screenshot=\(shot)", "file://\(page)"], executable: try #require(Self.chromium))
            #expect(browser.status == 0, "\(browser.stderr)")
            // Count the pixels of the first chart colour (#2f6db5) with a small PNG reader.
            let count = try IntakeProcess.python(Self.countColour, arguments: [shot, "47,109,181"])
            #expect(count.status == 0, "\(count.stderr)")
            let pixels = Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            #expect(pixels > 400, "\(name): \(pixels) chart-coloured pixels in the screenshot")
        }
    }

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) and counts pixels
    /// within 12 of the colour on each channel.
    static let countColour = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        pos, idat, width, height, ctype = 8, b'', 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
                assert depth == 8 and ctype in (2, 6) and interlace == 0, 'unsupported PNG'
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        bpp = 3 if ctype == 2 else 4
        raw = zlib.decompress(idat)
        stride = width * bpp
        previous = bytearray(stride)
        target = [int(x) for x in sys.argv[2].split(',')]
        count = 0
        for row in range(height):
            start = row * (stride + 1)
            kind = raw[start]
            line = bytearray(raw[start + 1:start + 1 + stride])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                if kind == 1: line[i] = (line[i] + a) & 255
                elif kind == 2: line[i] = (line[i] + b) & 255
                elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, bpp):
                if all(abs(line[x + k] - target[k]) <= 12 for k in range(3)):
                    count += 1
            previous = line
        print(count)
        """
}
