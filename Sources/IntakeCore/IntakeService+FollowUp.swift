import Foundation
import IntakeExtraction
import IntakeModel

extension IntakeService {
    /// What a processed item adds beside itself, decided before its transaction and written in
    /// it: a complaint opens a case on its order; a survey reply records its rating and comment;
    /// "unsubscribe" opts the sender out. A reference to an order we do not have is kept and
    /// said in the case, never dropped. Automated mail neither answers surveys nor opts out.
    func followUp(of extraction: Extraction, item: ItemRecord, in store: any StoreReading) throws -> FollowUpRecords {
        var records = FollowUpRecords()
        records.at = clock()
        let document = extraction.document
        guard !extraction.isAutomated else { return records }
        let sender = document.source.from ?? document.customer.email
        if extraction.optOut, let sender {
            records.optOut = (sender, "asked by email (item \(item.id))")
        }
        switch document.kind {
        case .complaint:
            let (order, unknown) = try knownOrder(document.orderReference, in: store)
            var summary = extraction.summary ?? document.source.subject ?? item.filename
            if let unknown { summary = "[refers to \(unknown), which is not an order here] " + summary }
            records.newCase = .init(order: order?.number, customerEmail: document.customer.email ?? sender,
                                    category: extraction.complaintCategory ?? .other, summary: summary)
        case .changeRequest, .cancellation:
            let (order, unknown) = try knownOrder(document.orderReference, in: store)
            let kind: ChangeKind = document.kind == .cancellation ? .cancellation : .change
            var flag: String?
            if let unknown {
                flag = "refers to \(unknown), which is not an order here"
            } else if order == nil {
                flag = "names no order; find it and answer by hand"
            } else if let order, [.shipped, .delivered, .completed].contains(order.state) {
                flag = "\(order.number) is already \(order.state.rawValue): not applied, answer by hand"
            }
            records.newChange = .init(order: order?.number, kind: kind, proposal: Self.proposal(from: document), flag: flag)
        case .surveyResponse:
            let number = document.orderReference.flatMap(OrderNumber.init)
            guard let survey = try store.survey(token: extraction.surveyToken, order: number) else {
                logger.warning("survey reply \(item.filename) matches no survey we sent", metadata: ["item.id": "\(item.id)"])
                break
            }
            var rating = document.survey.rating
            if let value = rating, value > survey.scale || (survey.scale == 5 && value < 1) { rating = nil }
            if rating != nil || document.survey.comment != nil {
                records.surveyAnswer = .init(surveyID: survey.id, rating: rating, comment: document.survey.comment)
            }
        default:
            break
        }
        return records
    }

    /// What a change request asks for: its lines with a catalog product, and the fields it sets.
    static func proposal(from document: OrderDocument) -> ChangeProposal {
        if document.kind == .cancellation { return ChangeProposal(cancel: true) }
        var proposal = ChangeProposal()
        proposal.lines = document.lines.compactMap { line in
            guard let sku = line.sku else { return nil }
            return ChangeProposal.Line(sku: sku, description: line.description, quantity: line.quantity, unit: line.unit, unitPrice: line.unitPrice)
        }
        if let date = document.requestedDeliveryDate { proposal.fields["requestedDeliveryDate"] = date }
        if let address = document.shipTo.address { proposal.fields["shipTo.address"] = address }
        if let recipient = document.shipTo.recipient { proposal.fields["shipTo.recipient"] = recipient }
        if let phone = document.shipTo.phone { proposal.fields["shipTo.phone"] = phone }
        if let method = document.paymentMethod { proposal.fields["paymentMethod"] = method.rawValue }
        return proposal
    }

    /// The order a follow-up names, if we have it; else the reference as written, to flag.
    func knownOrder(_ reference: String?, in store: any StoreReading) throws -> (Order?, unknown: String?) {
        guard let reference, let number = OrderNumber(reference) else { return (nil, nil) }
        if let order = try store.order(number) { return (order, nil) }
        return (nil, reference)
    }
}
