import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Blind round 8's misses, each as a general rule; the first is its wrong auto-approval.
@Suite struct Round8LessonsTests {
    func extractCSV(_ csv: String) -> OrderDocument {
        OrderExtractor(context: ExtractionContext(master: ExampleInboxTests.master)).extract(bytes: Array(csv.utf8), filename: "po.csv", fileLabel: "po.csv").document
    }

    @Test func aPriceColumnUnderAnyHeaderWithPriceInItIsRead() {
        #expect(LineItemParser.compoundField("進價(元)".lowercased()) == .unitPrice || LineItemParser.compoundField("進價") == .unitPrice)
        #expect(extractCSV("品名,數量,進價\nA4影印紙,3,600\n").lines.first?.unitPrice == "600")
    }

    @Test func aColumnOfFiguresNoFieldReadsIsForAPerson() {
        let document = extractCSV("品名,數量,折後\nA4影印紙,3,600\n釘書機,2,150\n")
        #expect(document.issues.contains { $0.code == "unexplained_figures" })
        #expect(!extractCSV("品名,規格,數量\nA4影印紙,80,3\n釘書機,24,2\n").issues.contains { $0.code == "unexplained_figures" })
    }

    @Test func oneAmountAfterTheCountNearTheListPriceIsTheUnitPrice() {
        // A4 copy paper lists at 650.
        #expect(PlainOrderMail.extract("您好：\nA4影印紙　10箱　NT$620\n謝謝").document.lines.first?.unitPrice == "620")
        // Near ten times the list price it is a line total, not a unit price.
        #expect(PlainOrderMail.extract("您好：\nA4影印紙　10箱　NT$6,200\n謝謝").document.lines.first?.unitPrice == nil)
    }

    @Test func insteadFollowsItsDate() {
        let day = CalendarDate(year: 2026, month: 6, day: 25)!
        if case .date(let date)? = DateResolver(reference: day).resolveRequested("Could you please hold the shipment and deliver on the 20th instead (Monday, 20 July)?") {
            #expect(date.description == "2026-07-20")
        } else {
            Issue.record("no date read")
        }
    }
}
