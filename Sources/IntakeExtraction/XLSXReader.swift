import Foundation
import IntakeModel
import SWXMLHash
import ZIPFoundation

/// Reads the cells of an Excel workbook (`.xlsx`: a ZIP of SpreadsheetML parts) as text rows,
/// the way a person sees them: shared and inline strings, numbers without binary noise, dates as
/// `YYYY-MM-DD` (from the cell's number format, in the 1900 or 1904 date system), booleans, and
/// for formulas the value Excel cached when it saved the file.
///
/// Hostile files are expected: a part may not expand past `maxExpandedBytes` (all parts together
/// neither), whatever the ZIP directory claims, so a zip bomb stops after that many bytes of
/// work. Nothing is ever written to disk; entry names are only looked up, never used as paths.
struct XLSXReader {
    struct Sheet {
        var name: String
        var rows: [[String]]
    }

    struct Failure: Error {
        /// `decode_error` (not a workbook) or `too_large` (expands past the limit).
        var code: Issue.Code
        var message: String
    }

    let maxExpandedBytes: Int
    /// Rows read per sheet; the rest is ignored (an order has no more lines than this).
    var maxRows = 10_000

    func sheets(_ bytes: [UInt8]) throws(Failure) -> [Sheet] {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw Failure(code: .decodeError, message: "not an Excel workbook (the file is not a ZIP archive)")
        }
        var budget = maxExpandedBytes
        func part(_ path: String) throws(Failure) -> XMLIndexer? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    budget -= chunk.count
                    if budget < 0 { throw Failure(code: .tooLarge, message: "expands to more than \(maxExpandedBytes) bytes (limits.max_item_bytes); a zip bomb is not read") }
                    data.append(chunk)
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(code: .decodeError, message: "the part \(path) cannot be unpacked (\(error)); the workbook is damaged")
            }
            return XMLHash.config { $0.detectParsingErrors = true }.parse(data)
        }

        guard let workbook = try part("xl/workbook.xml") else {
            throw Failure(code: .decodeError, message: "a ZIP archive without xl/workbook.xml is not an Excel workbook")
        }
        let date1904 = workbook["workbook"]["workbookPr"].element?.attribute(by: "date1904")?.text.lowercased()
        let epoch = (date1904 == "1" || date1904 == "true") ? Self.epoch1904 : Self.epoch1900
        var targets: [String: String] = [:]
        if let relations = try part("xl/_rels/workbook.xml.rels") {
            for relation in relations["Relationships"]["Relationship"].all {
                if let id = relation.element?.attribute(by: "Id")?.text, let target = relation.element?.attribute(by: "Target")?.text {
                    targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                }
            }
        }
        let shared = try part("xl/sharedStrings.xml").map(Self.sharedStrings) ?? []
        let dateStyles = try part("xl/styles.xml").map(Self.dateStyles) ?? []

        var sheets: [Sheet] = []
        for (index, sheet) in workbook["workbook"]["sheets"]["sheet"].all.enumerated() {
            let name = sheet.element?.attribute(by: "name")?.text ?? "Sheet\(index + 1)"
            let id = sheet.element?.attribute(by: "r:id")?.text ?? ""
            let path = targets[id] ?? "xl/worksheets/sheet\(index + 1).xml"
            guard let xml = try part(path) else { continue }
            sheets.append(Sheet(name: name, rows: rows(of: xml, shared: shared, dateStyles: dateStyles, epoch: epoch)))
        }
        return sheets
    }

    private func rows(of xml: XMLIndexer, shared: [String], dateStyles: Set<Int>, epoch: Date) -> [[String]] {
        var rows: [[String]] = []
        for row in xml["worksheet"]["sheetData"]["row"].all.prefix(maxRows) {
            // Empty rows are not written; keep the numbering people see (row 4 stays row 4).
            if let number = row.element?.attribute(by: "r").flatMap({ Int($0.text) }), number <= maxRows {
                while rows.count < number - 1 { rows.append([]) }
            }
            var cells: [String] = []
            for cell in row["c"].all {
                guard let element = cell.element else { continue }
                let column = element.attribute(by: "r").map { Self.columnIndex($0.text) } ?? cells.count
                guard column < 200 else { continue }  // an order sheet is not wider
                while cells.count < column { cells.append("") }
                let raw = cell["v"].element?.text ?? ""
                let value: String
                switch element.attribute(by: "t")?.text {
                case "s": value = Int(raw).flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
                case "inlineStr": value = cell["is"]["t"].all.compactMap { $0.element?.text }.joined() + cell["is"]["r"].all.compactMap { $0["t"].element?.text }.joined()
                case "b": value = raw == "1" ? "TRUE" : "FALSE"
                case "str", "e": value = raw
                default:
                    let style = element.attribute(by: "s").flatMap { Int($0.text) } ?? 0
                    if dateStyles.contains(style), let serial = Double(raw) {
                        value = Self.dayString(serial: serial, epoch: epoch)
                    } else {
                        value = Self.number(raw)
                    }
                }
                if column < cells.count { cells[column] = value } else { cells.append(value) }
            }
            rows.append(cells)
        }
        return rows
    }

    /// `<si><t>plain</t></si>` and rich text `<si><r><t>a</t></r><r><t>b</t></r></si>`.
    static func sharedStrings(_ xml: XMLIndexer) -> [String] {
        xml["sst"]["si"].all.map { item in
            let plain = item["t"].element?.text ?? ""
            let runs = item["r"].all.compactMap { $0["t"].element?.text }.joined()
            return plain + runs
        }
    }

    /// The cell styles (`s` attribute) whose number format shows a date: the built-in date
    /// formats 14–22 and 45–47, and custom formats with day or year tokens.
    static func dateStyles(_ xml: XMLIndexer) -> Set<Int> {
        var dateFormats = Set(Array(14...22) + Array(45...47))
        for format in xml["styleSheet"]["numFmts"]["numFmt"].all {
            guard let id = format.element?.attribute(by: "numFmtId").flatMap({ Int($0.text) }),
                  let code = format.element?.attribute(by: "formatCode")?.text.lowercased() else { continue }
            // Quoted text and bracketed colours or locales are not date tokens.
            let bare = code.replacingOccurrences(of: #""[^"]*"|\[[^\]]*\]"#, with: "", options: .regularExpression)
            if bare.contains("y") || bare.contains("d") { dateFormats.insert(id) }
        }
        var styles = Set<Int>()
        for (index, style) in xml["styleSheet"]["cellXfs"]["xf"].all.enumerated() {
            if let id = style.element?.attribute(by: "numFmtId").flatMap({ Int($0.text) }), dateFormats.contains(id) { styles.insert(index) }
        }
        return styles
    }

    static let epoch1900 = Date(timeIntervalSince1970: -2_209_161_600)  // 1899-12-30, which absorbs Excel's 1900 leap-year bug
    static let epoch1904 = Date(timeIntervalSince1970: -2_082_844_800)  // 1904-01-01

    static func dayString(serial: Double, epoch: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        let day = epoch.addingTimeInterval(serial.rounded(.down) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// A stored number as people write it: `650`, `12.3` (not `12.300000000000001`).
    static func number(_ raw: String) -> String {
        guard let value = Double(raw), value.isFinite else { return raw }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `A` → 0, `Z` → 25, `AA` → 26, from a cell reference such as `AB12`.
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
        }
        return max(0, index - 1)
    }
}
