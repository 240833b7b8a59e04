public import Foundation
import IntakeExtraction
public import IntakeModel

/// `intake order import-status FILE.csv`: shipped, delivered and completed orders from an ERP or
/// a carrier's export.
///
/// Columns (a header row; names in any case, in any order; `,` `;` or tab):
/// - `order` (or `order_number`, `number`, `訂單編號`, `订单编号`): our number, `SO-2026-00031`;
/// - `status` (or `state`): `shipped`, `delivered` or `completed` (also 已出貨/已发货, 已送達/已送达, 已完成);
/// - `date` (optional, `YYYY-MM-DD` or ISO 8601): when it happened, else now;
/// - `carrier`, `tracking` (or `tracking_number`): for shipped rows.
///
/// Each row is applied on its own; an order already in the row's state (or past it) is skipped,
/// so the same export can be imported twice.
public struct StatusImport: Sendable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var number: OrderNumber
        public var step: LifecycleStep
        public var at: Date?
    }

    public struct Report: Sendable, Encodable {
        public struct Entry: Sendable, Encodable {
            public var line: Int
            public var order: String?
            public var outcome: String
        }
        public var applied: [Entry] = []
        public var skipped: [Entry] = []
        public var failed: [Entry] = []
    }

    static let orderColumns = ["order", "order_number", "order number", "number", "訂單編號", "订单编号", "訂單", "订单"]
    static let statusColumns = ["status", "state", "狀態", "状态"]
    static let statusWords: [String: OrderState] = [
        "shipped": .shipped, "已出貨": .shipped, "已发货": .shipped, "出貨": .shipped, "发货": .shipped,
        "delivered": .delivered, "已送達": .delivered, "已送达": .delivered, "已簽收": .delivered, "已签收": .delivered,
        "completed": .completed, "complete": .completed, "已完成": .completed, "完成": .completed,
    ]

    /// Reads the rows; rows that cannot be understood go to `failed` with their reason.
    public static func parse(_ text: String, timeZone: TimeZone) -> (rows: [Row], failed: [Report.Entry]) {
        let table = CSVReader(maxRows: 1_000_000).read(text)
        guard let header = table.rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            return ([], [Report.Entry(line: 1, order: nil, outcome: "the file is empty; it needs a header row with order,status")])
        }
        func column(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
        guard let orderColumn = column(orderColumns), let statusColumn = column(statusColumns) else {
            return ([], [Report.Entry(line: 1, order: nil, outcome: "the header needs an order and a status column (found: \(header.joined(separator: ", ")))")])
        }
        let dateColumn = column(["date", "at", "日期"])
        let carrierColumn = column(["carrier", "貨運", "货运", "物流"])
        let trackingColumn = column(["tracking", "tracking_number", "tracking number", "貨運單號", "运单号"])
        var rows: [Row] = []
        var failed: [Report.Entry] = []
        for (offset, cells) in table.rows.dropFirst().enumerated() {
            let line = offset + 2
            func cell(_ index: Int?) -> String? {
                guard let index, index < cells.count else { return nil }
                let value = cells[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let written = cell(orderColumn) else {
                failed.append(.init(line: line, order: nil, outcome: "no order number")); continue
            }
            guard let number = try? ReviewService.parseOrderNumber(written) else {
                failed.append(.init(line: line, order: written, outcome: "\"\(written)\" is not an order number such as SO-2026-00001")); continue
            }
            guard let statusText = cell(statusColumn), let status = statusWords[statusText.lowercased()] else {
                failed.append(.init(line: line, order: number.description,
                                    outcome: "status \"\(cell(statusColumn) ?? "")\" is not shipped, delivered or completed")); continue
            }
            var at: Date?
            if let dateText = cell(dateColumn) {
                guard let parsed = parseDate(dateText, timeZone: timeZone) else {
                    failed.append(.init(line: line, order: number.description, outcome: "date \"\(dateText)\" is not YYYY-MM-DD or ISO 8601")); continue
                }
                at = parsed
            }
            let step: LifecycleStep = switch status {
            case .shipped: .ship(carrier: cell(carrierColumn), tracking: cell(trackingColumn))
            case .delivered: .deliver
            default: .complete
            }
            rows.append(Row(line: line, number: number, step: step, at: at))
        }
        return (rows, failed)
    }

    /// `2026-12-03` (noon in the desk's zone, so that the day stays the day) or ISO 8601 with a time.
    static func parseDate(_ text: String, timeZone: TimeZone) -> Date? {
        if let day = CalendarDate(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
        }
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)
    }

    /// How far along the happy path a state is, to skip rows already applied.
    static func rank(_ state: OrderState) -> Int {
        switch state {
        case .shipped: 1
        case .delivered: 2
        case .completed: 3
        default: 0
        }
    }
}

extension FollowUpService {
    /// Applies a status export row by row; see `StatusImport` for the columns.
    public func importStatus(csv text: String) async -> StatusImport.Report {
        let (rows, failed) = StatusImport.parse(text, timeZone: configuration.desk.timeZone)
        var report = StatusImport.Report(failed: failed)
        for row in rows {
            let target: OrderState = switch row.step {
            case .ship: .shipped
            case .deliver: .delivered
            default: .completed
            }
            do {
                let current = try await storedOrder(row.number)
                if StatusImport.rank(current.state) >= StatusImport.rank(target) {
                    report.skipped.append(.init(line: row.line, order: row.number.description, outcome: "already \(current.state.rawValue)"))
                    continue
                }
                let result = try await apply(row.step, to: row.number, at: row.at)
                let outcome = target.rawValue + (result.notice != nil ? "; \(result.notice?.purpose ?? "") email queued" : "")
                report.applied.append(.init(line: row.line, order: row.number.description, outcome: outcome))
            } catch {
                report.failed.append(.init(line: row.line, order: row.number.description, outcome: error.message))
            }
        }
        report.failed.sort { $0.line < $1.line }
        return report
    }
}
