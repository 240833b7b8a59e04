import Foundation
import IntakeExtraction
public import IntakeModel
public import IntakeStore

extension Desk {
    /// What a processed item adds beside itself, decided before its transaction and written in
    /// it: a complaint opens a case on its order; a survey reply records its rating and comment;
    /// "unsubscribe" opts the sender out. A reference to an order we do not have is kept and
    /// said in the case, never dropped. Automated mail neither answers surveys nor opts out.
    func followUp(of extraction: Extraction, item: ItemRecord) throws(IntakeError) -> FollowUpRecords {
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
            let (number, unknown) = try knownOrder(document.orderReference)
            var summary = extraction.summary ?? document.source.subject ?? item.filename
            if let unknown { summary = "[refers to \(unknown), which is not an order here] " + summary }
            records.newCase = .init(order: number, customerEmail: document.customer.email ?? sender,
                                    category: extraction.complaintCategory ?? "other", summary: summary)
        case .surveyResponse:
            let number = document.orderReference.flatMap(OrderNumber.init)
            guard let survey = try storeCall({ () throws(StoreError) in try store.survey(token: extraction.surveyToken, order: number) }) else {
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

    /// The order a follow-up names, if we have it; else the reference as written, to flag.
    func knownOrder(_ reference: String?) throws(IntakeError) -> (OrderNumber?, unknown: String?) {
        guard let reference, let number = OrderNumber(reference) else { return (nil, nil) }
        if try storeCall({ () throws(StoreError) in try store.order(number) }) != nil { return (number, nil) }
        return (nil, reference)
    }
}
