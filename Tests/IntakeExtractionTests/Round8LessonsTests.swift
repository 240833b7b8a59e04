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
        #expect(TableHeader.compoundField("進價(元)".lowercased()) == .unitPrice || TableHeader.compoundField("進價") == .unitPrice)
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

    @Test func round9Lessons() {
        // "Delivery: tomorrow morning (Friday)" is a when, not a where.
        let body = "A4 copy paper 10 boxes\nDelivery: tomorrow morning (Friday) please, we are nearly out.\n\nDelivery address:\nRoom 1203, 12/F, Central Building\n1-3 Pedder Street\nCentral, Hong Kong\n"
        #expect(PlainOrderMail.extract(body).document.shipTo.address == "Room 1203, 12/F, Central Building, 1-3 Pedder Street, Central, Hong Kong")
        // "pouches" is no PO; "PO# is LDS-2026-031" is.
        #expect(PlainOrderMail.extract("A4 copy paper 10 boxes. We'll skip the pouches.\nOur PO# is LDS-2026-031.").document.purchaseOrder == "LDS-2026-031")
        // 7/8/2026 (Fri) is 7 August 2026.
        if case .date(let day)? = DateResolver(reference: CalendarDate(year: 2026, month: 8, day: 3)!).resolve("7/8/2026 (Fri 星期五)") {
            #expect(day.description == "2026-08-07")
        } else {
            Issue.record("no date read")
        }
        // "tomorrow morning (Friday)" written late on Wednesday in UTC.
        if case .date(let day)? = DateResolver(reference: CalendarDate(year: 2026, month: 5, day: 6)!).resolve("tomorrow morning (Friday) please") {
            #expect(day.description == "2026-05-08")
        } else {
            Issue.record("no date read")
        }
    }

    @Test func purchaseOrdersAndRecipientsAsWrittenInSentences() {
        #expect(PlainOrderMail.extract("我司订单（PO号 CC-SH-2610-015）的收货地址需要变更").document.purchaseOrder == "CC-SH-2610-015")
        #expect(PlainOrderMail.extract("A4 copy paper 10 boxes\nOur PO for this is SL/PO/2603-018. Thanks").document.purchaseOrder == "SL/PO/2603-018")
        let shipTo = PlainOrderMail.extract("A4影印紙 10箱\n收货人：李晓 13826041177，地址还是老地址。").document.shipTo
        #expect(shipTo.recipient == "李晓")
        #expect(shipTo.phone == "13826041177")
    }
}
