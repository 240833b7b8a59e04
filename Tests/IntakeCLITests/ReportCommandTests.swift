import Foundation
import IntakeTestSupport
import Testing

/// `intake report` as an assistant runs it: the same figures for people (grouped digits), for a
/// spreadsheet (plain numbers, a byte order mark) and for a program (JSON numbers).
@Suite struct ReportCommandTests {
    @Test func theReportGivesProgramsNumbersAndPeopleGroupedDigits() throws {
        let desk = try TestDesk()
        let config = ["--config", desk.configDirectory]
        #expect(try IntakeProcess.run(config + ["poll"]).status == 0)
        #expect(try IntakeProcess.run(config + ["confirm"]).status == 0)
        let sales = config + ["report", "sales", "--by", "customer"]
        let weekday = try IntakeProcess.run(config + ["report", "sales", "--by", "weekday"])
        #expect(weekday.status == 64 && weekday.stderr.contains("product") && weekday.stderr.contains("month"), "\(weekday.stderr)")

        let json = try IntakeProcess.run(sales + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let table = try #require((report["tables"] as? [[String: Any]])?.first)
        let columns = (table["columns"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        let twd = try #require(columns.firstIndex(of: "revenue TWD"))
        let rows = try #require(table["rows"] as? [[Any]])
        let amounts = rows.compactMap { ($0[twd] as? NSNumber).map(\.decimalValue) }
        let largest = try #require(amounts.max())
        try #require(largest >= 1000, "a revenue with a thousands separator to show")
        let figure = try #require((report["figures"] as? [[String: Any]])?.first { $0["label"] as? String == "revenue TWD" })
        let total = try #require((figure["value"] as? NSNumber).map(\.decimalValue))
        #expect(figure["display"] as? String == PeoplesNumbers.money(total))

        let text = try IntakeProcess.run(sales)
        #expect(text.status == 0)
        #expect(text.stdout.contains(PeoplesNumbers.money(largest)))
        #expect(text.stdout.contains(PeoplesNumbers.money(total)))
        // Numbers align right: the largest revenue ends under the end of its column's header.
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.last { $0.hasPrefix("customer") })
        let row = try #require(lines.first { $0.contains(PeoplesNumbers.money(largest)) })
        let ascii = row.prefix { $0 != "\u{2013}" }.allSatisfy(\.isASCII)
        try #require(ascii, "the largest customer's row is measured in characters up to its revenue")
        func end(_ text: String, in line: String) -> Int? { line.range(of: text).map { line.distance(from: line.startIndex, to: $0.upperBound) } }
        #expect(end("revenue TWD", in: header) == end(PeoplesNumbers.money(largest), in: row), "\(header)\n\(row)")

        let csv = try IntakeProcess.run(sales + ["--csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("\u{FEFF}customer,orders,revenue TWD"))
        #expect(csv.stdout.contains(String(format: "%.2f", NSDecimalNumber(decimal: largest).doubleValue)))
        #expect(!csv.stdout.contains(PeoplesNumbers.money(largest)))

        let page = desk.folder.file("sales.html")
        let html = try IntakeProcess.run(sales + ["--html", page])
        #expect(html.status == 0, "\(html.stderr)")
        let written = try String(contentsOfFile: page, encoding: .utf8)
        #expect(written.contains("<html lang=\"\(report["language"] as? String ?? "?")\">"))
        #expect(report["language"] as? String == "zh-TW", "the test desk's desk.language")
        #expect(written.contains(PeoplesNumbers.money(largest)))
    }
}
