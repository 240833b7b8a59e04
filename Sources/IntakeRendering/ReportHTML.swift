import Foundation

/// One self-contained HTML page for a report: headline figures as cards, charts as inline SVG,
/// then the tables. Nothing is fetched: no scripts, no web fonts, no images by URL, so the file
/// opens the same from a mail attachment, a shared drive or a browser without a network.
///
/// Written by hand rather than with a chart library: none in the package mirror draws SVG, and
/// the three chart shapes a desk needs (bars by name, columns by month, a trend line) are a
/// few dozen lines each.
public enum ReportHTML {
    static let palette = ["#2f6db5", "#e07b39", "#3a9b6b", "#b5486d", "#7a5cc2", "#8c8c3a"]

    public static func page(_ report: Report) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="\(escape(report.language))"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(report.title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK TC", "Noto Sans CJK SC", "PingFang TC", "Microsoft JhengHei", sans-serif;
                   margin: 0; background: #f5f6f8; color: #1d2330; }
            main { max-width: 980px; margin: 0 auto; padding: 28px 24px 48px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            .subtitle { color: #5b6475; margin: 0 0 22px; }
            .figures { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 22px; }
            .figure { background: #fff; border-radius: 10px; padding: 14px 18px; min-width: 140px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
            .figure .value { font-size: 26px; font-weight: 650; }
            .figure .label { color: #5b6475; font-size: 13px; margin-top: 2px; }
            section { background: #fff; border-radius: 10px; padding: 16px 20px; margin-bottom: 18px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
            h2 { font-size: 17px; margin: 0 0 12px; }
            table { border-collapse: collapse; width: 100%; font-size: 14px; }
            th { text-align: left; color: #5b6475; font-weight: 600; border-bottom: 2px solid #e3e6ec; padding: 6px 8px; }
            td { border-bottom: 1px solid #eef0f4; padding: 6px 8px; vertical-align: top; }
            td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
            tr:nth-child(even) td { background: #fafbfc; }
            svg text { font-family: inherit; }
            .empty { color: #5b6475; font-style: italic; }
            </style></head>
            <body><main>
            <h1>\(escape(report.title))</h1>
            <p class="subtitle">\(escape(report.subtitle))</p>

            """
        if !report.figures.isEmpty {
            html += "<div class=\"figures\">\n"
            for figure in report.figures {
                html += "<div class=\"figure\"><div class=\"value\">\(escape(figure.display))</div><div class=\"label\">\(escape(figure.label))</div></div>\n"
            }
            html += "</div>\n"
        }
        for chart in report.charts {
            html += "<section><h2>\(escape(chart.title))</h2>\n\(svg(chart))\n</section>\n"
        }
        for table in report.tables {
            html += "<section><h2>\(escape(table.title))</h2>\n\(self.table(table))\n</section>\n"
        }
        html += "</main></body></html>\n"
        return html
    }

    static func table(_ table: Report.Table) -> String {
        guard !table.rows.isEmpty else { return "<p class=\"empty\">Nothing in this period.</p>" }
        // Number columns align right so that digits line up.
        let numeric = table.columns.map { $0.style != nil }
        var html = "<table><thead><tr>"
        for (index, column) in table.columns.enumerated() {
            html += "<th\(numeric[index] ? " class=\"number\"" : "")>\(escape(column.name))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for row in table.displayRows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += "<td\(index < numeric.count && numeric[index] ? " class=\"number\"" : "")>\(escape(cell))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table>"
    }

    // MARK: - Charts

    static func svg(_ chart: Report.Chart) -> String {
        guard !chart.labels.isEmpty, chart.series.contains(where: { !$0.values.isEmpty }) else {
            return "<p class=\"empty\">Nothing in this period.</p>"
        }
        switch chart.kind {
        case .bars: return bars(chart)
        case .columns: return columns(chart)
        case .line: return line(chart)
        }
    }

    static func maximum(_ chart: Report.Chart) -> Double {
        let data = chart.series.flatMap(\.values).max() ?? 0
        return max(chart.maximum ?? data, data, 1e-9)
    }

    static func legend(_ chart: Report.Chart, y: Double) -> String {
        guard chart.series.count > 1 else { return "" }
        var x = 0.0
        var out = ""
        for (index, series) in chart.series.enumerated() {
            out += "<rect x=\"\(x)\" y=\"\(y - 10)\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(palette[index % palette.count])\"/>"
            out += "<text x=\"\(x + 16)\" y=\"\(y)\" font-size=\"12\" fill=\"#1d2330\">\(escape(series.name))</text>"
            x += 28 + Double(series.name.count) * 7.5
        }
        return out
    }

    /// Horizontal bars, one row per label (products, customers): long names stay readable.
    static func bars(_ chart: Report.Chart) -> String {
        let width = 900.0, labelWidth = 230.0, valueWidth = 90.0
        let groups = Double(chart.series.count)
        let barHeight = 18.0, gap = 10.0
        let rowHeight = barHeight * groups + gap
        let legendHeight = chart.series.count > 1 ? 24.0 : 0
        let height = legendHeight + rowHeight * Double(chart.labels.count) + 4
        let scale = (width - labelWidth - valueWidth) / maximum(chart)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        out += legend(chart, y: 14)
        for (row, label) in chart.labels.enumerated() {
            let top = legendHeight + Double(row) * rowHeight
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(top + rowHeight / 2)\" font-size=\"13\" text-anchor=\"end\" fill=\"#1d2330\">\(escape(shorten(label, 28)))</text>"
            for (index, series) in chart.series.enumerated() {
                let value = row < series.values.count ? series.values[row] : 0
                let y = top + Double(index) * barHeight
                let length = max(value * scale, value > 0 ? 2 : 0)
                out += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(coordinate(length))\" height=\"\(barHeight - 3)\" rx=\"3\" fill=\"\(palette[index % palette.count])\"/>"
                out += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + barHeight - 7)\" font-size=\"12\" fill=\"#5b6475\">\(escape(format(value, chart)))</text>"
            }
        }
        return out + "</svg>"
    }

    /// Vertical columns over time (months), grouped by series.
    static func columns(_ chart: Report.Chart) -> String {
        let width = 900.0, height = 300.0, bottom = 40.0, top = chart.series.count > 1 ? 34.0 : 16.0, left = 10.0
        let plotHeight = height - bottom - top
        let slot = (width - left) / Double(chart.labels.count)
        let barWidth = min(48, slot * 0.7 / Double(chart.series.count))
        let scale = plotHeight / maximum(chart)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        out += legend(chart, y: 14)
        out += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width)\" y2=\"\(height - bottom)\" stroke=\"#c9ced8\"/>"
        for (column, label) in chart.labels.enumerated() {
            let center = left + slot * (Double(column) + 0.5)
            let groupWidth = barWidth * Double(chart.series.count)
            for (index, series) in chart.series.enumerated() {
                let value = column < series.values.count ? series.values[column] : 0
                let barHeight = max(value * scale, value > 0 ? 2 : 0)
                let x = center - groupWidth / 2 + Double(index) * barWidth
                out += "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(height - bottom - barHeight))\" width=\"\(coordinate(barWidth - 2))\" height=\"\(coordinate(barHeight))\" rx=\"3\" fill=\"\(palette[index % palette.count])\"/>"
                out += "<text x=\"\(coordinate(x + barWidth / 2 - 1))\" y=\"\(coordinate(height - bottom - barHeight - 5))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">\(escape(format(value, chart)))</text>"
            }
            out += "<text x=\"\(coordinate(center))\" y=\"\(height - bottom + 18)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1d2330\">\(escape(shorten(label, 12)))</text>"
        }
        return out + "</svg>"
    }

    /// A trend line with its points labelled, on gridlines at round values.
    static func line(_ chart: Report.Chart) -> String {
        let width = 900.0, height = 280.0, bottom = 40.0, top = chart.series.count > 1 ? 34.0 : 18.0, left = 44.0, right = 24.0
        let plotHeight = height - bottom - top
        let maximum = maximum(chart)
        let step = chart.labels.count > 1 ? (width - left - right) / Double(chart.labels.count - 1) : 0
        func x(_ index: Int) -> Double { chart.labels.count > 1 ? left + Double(index) * step : (width - left - right) / 2 + left }
        func y(_ value: Double) -> Double { height - bottom - value / maximum * plotHeight }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(escape(chart.title))\">"
        out += legend(chart, y: 14)
        for value in ticks(upTo: maximum) {
            out += "<line x1=\"\(left)\" y1=\"\(coordinate(y(value)))\" x2=\"\(width - right)\" y2=\"\(coordinate(y(value)))\" stroke=\"#eef0f4\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(coordinate(y(value) + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">\(escape(format(value, chart)))</text>"
        }
        for (index, label) in chart.labels.enumerated() {
            out += "<text x=\"\(coordinate(x(index)))\" y=\"\(height - bottom + 18)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1d2330\">\(escape(shorten(label, 12)))</text>"
        }
        for (index, series) in chart.series.enumerated() {
            let color = palette[index % palette.count]
            let points = series.values.enumerated().map { "\(coordinate(x($0.offset))),\(coordinate(y($0.element)))" }.joined(separator: " ")
            out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"3\" stroke-linejoin=\"round\"/>"
            for (point, value) in series.values.enumerated() {
                out += "<circle cx=\"\(coordinate(x(point)))\" cy=\"\(coordinate(y(value)))\" r=\"4.5\" fill=\"\(color)\"/>"
                out += "<text x=\"\(coordinate(x(point)))\" y=\"\(coordinate(y(value) - 10))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d2330\">\(escape(format(value, chart)))</text>"
            }
        }
        return out + "</svg>"
    }

    /// Gridline values from 0 to `maximum` at a round step (1, 2 or 5 times a power of ten), at
    /// most six of them: 0 1 2 3 4 5 for ratings, 0 20 40 … 100 for shares.
    static func ticks(upTo maximum: Double) -> [Double] {
        guard maximum > 0 else { return [0] }
        let rough = maximum / 5
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * power }.first { $0 >= rough } ?? rough
        return stride(from: 0.0, through: maximum + step * 1e-9, by: step).map { $0 }
    }

    /// A value on a chart, written as the tables write it.
    static func format(_ value: Double, _ chart: Report.Chart) -> String {
        chart.style.display(Report.number(value))
    }

    static func shorten(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func coordinate(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
