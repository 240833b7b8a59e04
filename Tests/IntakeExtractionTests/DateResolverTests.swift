@testable import IntakeExtraction
import IntakeModel
import Testing

/// Dates are read by patterns tried in turn; common text skips those whose needed characters it
/// lacks. The answers must be those of trying every pattern.
@Suite struct DateResolverTests {
    static let written = [
        "2026-03-30", "2026/3/30", "2026.03.30", "2026年3月30日", "民國115年3月30日", "民国 115 年 4 月 1 日", "115/03/30", "115.3.30",
        "30 March 2026", "March 30, 2026", "Mar 30", "1st of may", "may 1st", "3月30日", "12月5號", "03/04/2026", "13/04/2026", "04/13/2026",
        "tomorrow", "明天", "本月25號", "下個月5日", "月底前", "end of the month", "next friday", "by Friday", "下週五", "星期三前", "this wed",
        "Deliver by 2026-12-24 please", "交貨日期：12/24", "需要在 1/15/2027 前到貨", "ＭＡＲ ３０", "２０２６年３月３０日", "sept 9", "9 sept",
        "delivery before 5.6.2026", "no date here", "", "١٢/٣/٢٠٢٦", "2026-1-1 or 2026-2-2", "Dec. 3rd", "on the 3rd", "200/12/12",
    ]

    @Test func cluesSkipOnlyPatternsThatCannotMatch() {
        let resolver = DateResolver(reference: CalendarDate(year: 2026, month: 11, day: 25)!)
        var dates = 0
        for text in Self.written + QuantityPatternTests.mailLines {
            let expected = resolver.resolve(text, usingClues: false)
            #expect(resolver.resolve(text) == expected, "\(text.debugDescription)")
            if case .date = expected { dates += 1 }
        }
        #expect(dates >= 30)
    }

    /// The purchase-order pattern is asked only where its P and O can be: never skipped where it matches.
    @Test func purchaseOrderLookSkipsOnlyTextThePatternCannotMatch() {
        let pattern = #"(?i)\bP\.?O\.?(?![a-z])\s*(?:no\.?|number|#)?(?:\s+is)?\s*[:#]?\s*([A-Z0-9][A-Z0-9\-/]{3,})"#
        let crafted = ["PO: 4500012345", "p.o. 7788-A", "our P.O. number is 12345", "訂單PO 12345", "（PO#2026-118）", "xpo 12345", "_PO 1234", "9PO 1234",
                       "\u{00E9}PO 1234", "Po.12345", "PO\n1234", "support 1234", "p. o 1234", "ＰＯ：１２３４５"]
        var matched = 0, skipped = 0
        for text in crafted + QuantityPatternTests.mailLines {
            let normalized = TextNormalizer.normalize(text)
            if RegexCache.firstRange(pattern, in: normalized) != nil {
                #expect(PurchaseOrderFinder.mayNamePurchaseOrder(normalized), "\(text.debugDescription)")
                matched += 1
            }
            if !PurchaseOrderFinder.mayNamePurchaseOrder(normalized) { skipped += 1 }
        }
        #expect(matched >= 6)
        #expect(skipped > 100)
    }

    /// The order-number pattern is asked only where its S, O and year can be.
    @Test func orderNumberLookSkipsOnlyTextThePatternCannotMatch() {
        let pattern = #"(?i)S\s*O\s*[-–—_ ]?\s*(20\d{2})\s*[-–—_ ]?\s*(\d{1,5})(?!\d)"#
        let crafted = ["Re: SO-2026-00123", "so 2026 00123", "S O – 2026 – 7", "訂單SO2026-00001", "order so_2027_5", "ſO-2026-1", "SO\u{3000}2026 5",
                       "SO-20٢٦-1", "also 2026 was good", "Sent 2026-01-01", "SO-1999-1", "x", "SO2026", "S\nO 2026 1"]
        var matched = 0, skipped = 0
        for text in crafted + QuantityPatternTests.mailLines + [QuantityPatternTests.mailLines.joined(separator: "\n")] {
            if RegexCache.firstRange(pattern, in: text) != nil {
                #expect(OrderReferenceFinder.mayNameOrderNumber(text), "\(text.debugDescription)")
                matched += 1
            }
            if !OrderReferenceFinder.mayNameOrderNumber(text) { skipped += 1 }
        }
        #expect(matched >= 8)
        #expect(skipped > 500)
    }
}
