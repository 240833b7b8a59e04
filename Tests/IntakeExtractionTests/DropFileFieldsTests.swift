import Foundation
@testable import IntakeExtraction
import IntakeModel
import Testing

/// Files printed by POS systems, platforms and Notepad: several labels on a line, Windows line
/// ends, ROC years without 民國, and relative dates counted from the file's own order date.
@Suite struct DropFileFieldsTests {
    func extract(_ text: String, name: String = "order.txt") -> OrderDocument {
        let context = ExtractionContext(master: ExampleInboxTests.master, timeZone: TimeZone(identifier: "Asia/Taipei") ?? .current,
                                        receivedAt: Date(timeIntervalSince1970: 1_796_000_000))  // 2026-12-01, long after the file was written
        return OrderExtractor(context: context).extract(bytes: Array(text.utf8), filename: name, fileLabel: name).document
    }

    static let posPrint = [
        "信義科技 訂貨單（系統列印）", "訂貨日期：2026/07/14（二）", "訂貨單號：FC-K-0714-02",
        "訂購人　：陳偉　　Email：chen.wei@hsinyi-tech.com.tw", "----------------------------------------------",
        "品項                          數量", "A4影印紙                      八箱", "釘書機                        三台",
        "----------------------------------------------", "交貨日期：115年7月20日（一）", "送貨地點：台南市安南區工業二路31號",
        "收貨人　：周美華　　電話：0910-555-222",
    ].joined(separator: "\r\n") + "\r\n"

    @Test func aPrintedOrderWithWindowsLineEndsAndSeveralLabelsPerLine() {
        let document = extract(Self.posPrint)
        #expect(document.kind == .order)
        #expect(document.customer.email == "chen.wei@hsinyi-tech.com.tw")
        #expect(document.purchaseOrder == "FC-K-0714-02")
        #expect(document.requestedDeliveryDate == "2026-07-20")
        #expect(document.shipTo == .init(recipient: "周美華", address: "台南市安南區工業二路31號", phone: "0910-555-222"))
        #expect(document.lines.map(\.quantity) == ["8", "3"])
    }

    @Test func aFilesRelativeDateCountsFromItsOwnOrderDate() {
        let text = "日期：2026/10/05\n到貨日：10/7（三）早上7點前\nA4影印紙 十箱\n"
        let document = extract(text)
        #expect(document.requestedDeliveryDate == "2026-10-07")
        #expect(!document.issues.contains { $0.code == "unusual_date" })
    }

    @Test func aDateLongAfterOrBeforeTheFilesOwnDateIsForAPerson() {
        // Dated 2026-08-01, the file asks for 7/20: a misread (or an old order) a person checks.
        let before = extract("日期：2026/08/01\nA4影印紙 十箱\n交貨日期：2026/07/20\n")
        #expect(before.issues.contains { $0.code == "unusual_date" })
        #expect(before.confidence < 0.95)
        // Received 2026-12-01, no date of its own: more than half a year ahead is still odd.
        let ahead = extract("A4影印紙 十箱\n交貨日期：2027/07/20\n")
        #expect(ahead.issues.contains { $0.code == "unusual_date" })
        // An undated file whose date has passed by the day it is read is read as written: the
        // desk's approval policy holds it as late (LateOrderApprovalTests), not the extractor.
        let late = extract("A4影印紙 十箱\n交貨日期：2026/07/20\n")
        #expect(!late.issues.contains { $0.code == "unusual_date" })
    }

    @Test(arguments: [("收貨人：周美華  電話：0910-555-222", ["收貨人：周美華", "電話：0910-555-222"]),
                      ("联系人：刘洋        邮箱：liuyang@example.com", ["联系人：刘洋", "邮箱：liuyang@example.com"]),
                      ("Note: call 0910-555-222 before: 9am", ["Note: call 0910-555-222 before: 9am"])])
    func aLineWithSeveralLabelsIsOneSegmentPerLabel(_ line: String, _ segments: [String]) {
        #expect(FieldLabels.segments(TextNormalizer.normalize(line)) == segments.map { TextNormalizer.normalize($0) })
    }

    @Test func aWeekdayChoosesTheYearToo() {
        // 2026-10-07 is a Wednesday; 2027-10-07 a Thursday.
        if case .date(let day)? = DateResolver(reference: CalendarDate(year: 2026, month: 12, day: 1)!).resolve("10/7（三）") {
            #expect(day.description == "2026-10-07")
        } else {
            Issue.record("10/7（三） was not read")
        }
    }
}
