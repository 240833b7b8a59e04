import Foundation
@testable import IntakeRendering
import Testing

@Suite struct ReportHTMLTests {
    @Test func customerTextCannotBecomeMarkup() {
        let hostile = "<script>alert('x')</script> & \"Co\""
        let report = Report(title: hostile, subtitle: "s", figures: [.init(hostile, 1)],
                            tables: [.init(name: "t", title: hostile, columns: [.init("customer"), .init("n", .count)], rows: [[.text(hostile), .count(1)]])],
                            charts: [.init(title: hostile, kind: .bars, labels: [hostile], series: [.init(name: hostile, values: [1])])])
        let page = ReportHTML.page(report)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"))
    }

    @Test(arguments: [(5.0, [0.0, 1, 2, 3, 4, 5]), (100.0, [0.0, 20, 40, 60, 80, 100]), (10.0, [0.0, 2, 4, 6, 8, 10]),
                      (79_460.0, [0.0, 20_000, 40_000, 60_000])] as [(Double, [Double])])
    func gridlinesFallOnRoundValues(_ maximum: Double, _ expected: [Double]) {
        #expect(ReportHTML.ticks(upTo: maximum) == expected)
    }

    @Test func anEmptyChartOrTableSaysSoInsteadOfDrawingNothing() {
        let page = ReportHTML.page(Report(title: "t", subtitle: "s", tables: [.init(name: "t", title: "T", columns: [.init("a")], rows: [])],
                                          charts: [.init(title: "c", kind: .line, labels: [], series: [])]))
        #expect(page.components(separatedBy: "Nothing in this period.").count == 3)
        #expect(!page.contains("<svg"))
    }
}
