import Foundation
import IntakeCore
import IntakeModel

/// The text of `intake queue show`: the order's fields with their origins, the lines, the issues,
/// the event log and the source beside them.
struct OrderDetailFormatter: Sendable {
    let desk: Desk

    init(desk: Desk) {
        self.desk = desk
    }

    func format(_ detail: OrderDetail) -> String {
        let order = detail.order
        var out: [String] = []
        out.append("\(order.number)  \(order.state.rawValue)  received \(day(order.receivedAt))  confidence \(order.confidence)\(order.edited ? "  (edited)" : "")")
        if let item = detail.item { out.append("source: item:\(item.id) \(item.filename) from \(item.source)") }
        out.append("")
        out += fields(detail)
        out.append("")
        out += lines(detail)
        out.append("")
        if order.issues.isEmpty {
            out.append("issues: none")
        } else {
            out.append("issues:")
            for issue in order.issues { out.append("  ! \(issue.code)\(issue.field.map { " [\($0)]" } ?? ""): \(issue.message)") }
        }
        out += fulfilment(order.fulfilment)
        out += mail(detail)
        out.append("")
        out.append("events:")
        for event in detail.events {
            out.append("  \(day(event.at))  \(event.actor)  \(event.action)\(event.detail.map { ": \($0)" } ?? "")")
        }
        if let text = detail.sourceText {
            out.append("")
            out.append("── source ──────────────────────────────────────────────")
            out.append(text)
        }
        return out.joined(separator: "\n")
    }

    func day(_ date: Date) -> String { QueueFormat.day(date, desk: desk) }

    /// The order's fields, each with where it was read (`← body line 3, "PO:" label`).
    func fields(_ detail: OrderDetail) -> [String] {
        let order = detail.order
        func origin(_ field: String) -> String {
            guard let found = detail.origins.first(where: { $0.field == field }) else { return "" }
            return "  ← \(found.location), \(found.rule)"
        }
        let fields: [(String, String, String?)] = [
            ("customer.email", "customer", order.customer.email), ("customer.name", "name", order.customer.name),
            ("customer.company", "company", order.customer.company), ("customer.phone", "phone", order.customer.phone),
            ("purchaseOrder", "PO", order.purchaseOrder), ("currency", "currency", order.currency),
            ("paymentMethod", "payment", order.paymentMethod?.rawValue), ("paymentTerms", "terms", order.paymentTerms),
            ("shipTo.recipient", "recipient", order.shipTo.recipient), ("shipTo.address", "ship to", order.shipTo.address),
            ("shipTo.phone", "ship phone", order.shipTo.phone), ("requestedDeliveryDate", "delivery", order.requestedDeliveryDate),
            ("language", "language", order.language),
        ]
        return fields.map { path, label, value in TextTable.pad(label, to: 11) + (value ?? "-") + (value == nil ? "" : origin(path)) }
    }

    /// The lines as a table, the total, and where each line was read.
    func lines(_ detail: OrderDetail) -> [String] {
        let order = detail.order
        let rows = order.lines.enumerated().map { index, line in
            [String(index + 1), line.sku ?? "?", line.description ?? "", DecimalText.format(line.quantity), line.unit ?? "",
             line.unitPrice.map(DecimalText.formatMoney) ?? "-", line.priceSource?.rawValue ?? "", line.amount.map(DecimalText.formatMoney) ?? "-"]
        }
        var out = [TextTable(headers: ["#", "sku", "description", "qty", "unit", "price", "from", "amount"], rows: rows).render()]
        if let total = order.total {
            let part = order.isFullyPriced ? "" : " (lines without a price not counted)"
            out.append("total: \(order.currency ?? "") \(DecimalText.formatMoney(total))\(part)")
        }
        for (index, _) in order.lines.enumerated() {
            if let found = detail.origins.first(where: { $0.field == "lines[\(index + 1)]" }) {
                out.append("  line \(index + 1) ← \(found.location), \(found.rule)")
            }
        }
        return out
    }

    /// Shipped, delivered, completed, moved, cancelled, held: one line, after a blank one.
    func fulfilment(_ fulfilment: Fulfilment) -> [String] {
        guard !fulfilment.isEmpty else { return [] }
        var facts: [String] = []
        if let at = fulfilment.shippedAt { facts.append("shipped \(day(at))" + (fulfilment.shipmentSummary.map { " (\($0))" } ?? "")) }
        if let at = fulfilment.deliveredAt { facts.append("delivered \(day(at))") }
        if let at = fulfilment.completedAt { facts.append("completed \(day(at))") }
        if let date = fulfilment.promisedDate { facts.append("delivery moved to \(date)" + (fulfilment.delayReason.map { ": \($0)" } ?? "")) }
        if let reason = fulfilment.cancelReason { facts.append("cancelled: \(reason)") }
        if let from = fulfilment.heldFrom { facts.append("on hold (from \(from.rawValue))") }
        return ["", "fulfilment: " + facts.joined(separator: "; ")]
    }

    /// The mail sent to the customer about the order, and the mail received about it.
    func mail(_ detail: OrderDetail) -> [String] {
        var out: [String] = []
        if !detail.mail.isEmpty {
            out += ["", "mail sent:"]
            for record in detail.mail {
                out.append("  \(day(record.createdAt))  \(record.purpose)  \(record.state.rawValue)  outbox:\(record.id)  \(record.subject)")
            }
        }
        if !detail.followUps.isEmpty {
            out += ["", "mail received about it:"]
            for item in detail.followUps {
                out.append("  \(day(item.receivedAt))  \(item.kind?.rawValue ?? item.status.rawValue)  item:\(item.id)  \(item.filename)")
            }
        }
        return out
    }
}
