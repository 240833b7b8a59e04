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
        out.append("\(order.number)  \(order.state.rawValue)  received \(QueueFormat.day(order.receivedAt, desk: desk))  confidence \(order.confidence)\(order.edited ? "  (edited)" : "")")
        if let item = detail.item { out.append("source: item:\(item.id) \(item.filename) from \(item.source)") }
        out.append("")
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
        for (path, label, value) in fields {
            out.append(TextTable.pad(label, to: 11) + (value ?? "-") + (value == nil ? "" : origin(path)))
        }
        out.append("")
        let rows = order.lines.enumerated().map { index, line in
            [String(index + 1), line.sku ?? "?", line.description ?? "", DecimalText.format(line.quantity), line.unit ?? "",
             line.unitPrice.map(DecimalText.formatMoney) ?? "-", line.priceSource?.rawValue ?? "", line.amount.map(DecimalText.formatMoney) ?? "-"]
        }
        out.append(TextTable(headers: ["#", "sku", "description", "qty", "unit", "price", "from", "amount"], rows: rows).render())
        if let total = order.total {
            let part = order.isFullyPriced ? "" : " (lines without a price not counted)"
            out.append("total: \(order.currency ?? "") \(DecimalText.formatMoney(total))\(part)")
        }
        for (index, _) in order.lines.enumerated() {
            if let found = detail.origins.first(where: { $0.field == "lines[\(index + 1)]" }) {
                out.append("  line \(index + 1) ← \(found.location), \(found.rule)")
            }
        }
        out.append("")
        if order.issues.isEmpty {
            out.append("issues: none")
        } else {
            out.append("issues:")
            for issue in order.issues { out.append("  ! \(issue.code)\(issue.field.map { " [\($0)]" } ?? ""): \(issue.message)") }
        }
        let fulfilment = order.fulfilment
        if !fulfilment.isEmpty {
            out.append("")
            var facts: [String] = []
            if let at = fulfilment.shippedAt {
                facts.append("shipped \(QueueFormat.day(at, desk: desk))" + (fulfilment.shipmentSummary.map { " (\($0))" } ?? ""))
            }
            if let at = fulfilment.deliveredAt { facts.append("delivered \(QueueFormat.day(at, desk: desk))") }
            if let at = fulfilment.completedAt { facts.append("completed \(QueueFormat.day(at, desk: desk))") }
            if let date = fulfilment.promisedDate { facts.append("delivery moved to \(date)" + (fulfilment.delayReason.map { ": \($0)" } ?? "")) }
            if let reason = fulfilment.cancelReason { facts.append("cancelled: \(reason)") }
            if let from = fulfilment.heldFrom { facts.append("on hold (from \(from.rawValue))") }
            out.append("fulfilment: " + facts.joined(separator: "; "))
        }
        if !detail.mail.isEmpty {
            out.append("")
            out.append("mail sent:")
            for record in detail.mail {
                out.append("  \(QueueFormat.day(record.createdAt, desk: desk))  \(record.purpose)  \(record.state.rawValue)  outbox:\(record.id)  \(record.subject)")
            }
        }
        if !detail.followUps.isEmpty {
            out.append("")
            out.append("mail received about it:")
            for item in detail.followUps {
                out.append("  \(QueueFormat.day(item.receivedAt, desk: desk))  \(item.kind?.rawValue ?? item.status.rawValue)  item:\(item.id)  \(item.filename)")
            }
        }
        out.append("")
        out.append("events:")
        for event in detail.events {
            out.append("  \(QueueFormat.day(event.at, desk: desk))  \(event.actor)  \(event.action)\(event.detail.map { ": \($0)" } ?? "")")
        }
        if let text = detail.sourceText {
            out.append("")
            out.append("── source ──────────────────────────────────────────────")
            out.append(text)
        }
        return out.joined(separator: "\n")
    }
}
