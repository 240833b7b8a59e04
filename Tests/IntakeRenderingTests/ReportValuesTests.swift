import Foundation
@testable import IntakeRendering
import Testing

/// One number, three readers: people get grouped digits and the style's decimals, a
/// spreadsheet plain digits, a program the number.
@Suite struct ReportValuesTests {
    @Test(arguments: [
        (Report.Style.count, Decimal(1_234_567), "1,234,567", "1234567"),
        (.quantity, Decimal(string: "1234.5")!, "1,234.5", "1234.5"),
        (.money, Decimal(85_960), "85,960.00", "85960.00"),
        (.money, Decimal(string: "-1234.5")!, "-1,234.50", "-1234.50"),
        (.decimal(places: 2), Decimal(4), "4.00", "4"),
        (.percent, Decimal(string: "66.6667")!, "67%", "66.6667"),
        (.signed, Decimal(-12), "-12", "-12"),
        (.signed, Decimal(100), "+100", "100"),
        (.duration, Decimal(259_200), "3.0 d", "259200"),
    ] as [(Report.Style, Decimal, String, String)])
    func aNumberReadsGroupedToPeopleAndPlainToSpreadsheets(_ style: Report.Style, _ value: Decimal, _ people: String, _ plain: String) {
        #expect(style.display(value) == people)
        #expect(style.plain(value) == plain)
    }

    @Test func theCSVHeaderNamesAUnitThePlainNumberNoLongerShows() {
        #expect(Report.Column("response rate", .percent).headerWithUnit == "response rate (%)")
        #expect(Report.Column("waiting", .duration).headerWithUnit == "waiting (s)")
        #expect(Report.Column("revenue TWD", .money, unit: "TWD").headerWithUnit == "revenue TWD")
        #expect(Report.Column("customer").headerWithUnit == "customer")
    }

    @Test func aMissingValueIsADashForPeopleAndNullForPrograms() throws {
        let report = Report(title: "t", subtitle: "s", figures: [.init("response rate", nil, .percent)],
                            tables: [.init(name: "t", title: "T", columns: [.init("month"), .init("average", .decimal(places: 2))],
                                           rows: [[.text("2026-12"), .empty]])])
        #expect(report.figures[0].display == "–")
        #expect(report.tables[0].displayRows == [["2026-12", "–"]])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(json.contains(#"{"display":"–","label":"response rate","unit":"%","value":null}"#))
        #expect(json.contains(#""rows":[["2026-12",null]]"#))
        #expect(json.contains(#"{"name":"average","type":"number","unit":null}"#))
    }
}
