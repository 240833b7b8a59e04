import Foundation
import IntakeModel

extension MemoryTransaction {
    /// `SELECT max(sent_at) FROM surveys WHERE customer_email = ?`: the latest as stored text.
    func lastSurveyDate(to address: String) -> Date? {
        state.surveys.filter { $0.customerEmail == address }.map(\.sentAt).max()?.date
    }

    /// The last survey sent to an address (compared lower-cased, as stored), if any.
    func lastSurvey(to email: String) throws(StoreError) -> Date? {
        lastSurveyDate(to: email.lowercased())
    }

    /// `SQLiteTransaction.queueSurvey`: the skip reasons in SQLite's order (already surveyed,
    /// opted out, surveyed since `notSince`), then the email and the survey row. The row keeps
    /// `surveys.token UNIQUE` and the foreign key to `orders(number)`.
    func queueSurvey(for number: OrderNumber, email: String, token: String, scale: Int, message: OutgoingMessage, notSince: Date, at now: Date,
                     actor: String) throws(StoreError) -> Result<SurveyRecord, SurveySkip> {
        let address = email.lowercased()
        return try write("queueing the survey for \(number)") {
            let orderText = number.description
            if state.surveys.contains(where: { $0.orderNumber == orderText }) { return .failure(.alreadySurveyed) }
            if state.optOuts[address] != nil { return .failure(.optedOut) }
            if let last = lastSurveyDate(to: address), last > notSince { return .failure(.surveyedRecently(last)) }
            let outbox = try insertOutbox(message, actor: actor)
            guard !state.surveys.contains(where: { $0.token == token }) else { throw MemoryConstraintError.unique("surveys.token") }
            guard orderExists(orderText) else { throw MemoryConstraintError.foreignKey }
            let row = MemorySurveyRow(id: Int64(state.surveys.count + 1), orderNumber: orderText, customerEmail: address, outboxID: outbox.id,
                                      token: token, scale: scale, sentAt: StoredDate(now))
            state.surveys.append(row)
            appendEvent(actor: actor, subject: orderText, action: "survey queued", detail: "survey \(token) to \(address) (outbox:\(outbox.id))")
            return .success(row.record)
        }
    }

    /// The survey a reply answers: by its token (looked up upper-cased, compared as stored),
    /// else the order's survey.
    func survey(token: String?, order: OrderNumber?) throws(StoreError) -> SurveyRecord? {
        if let token {
            let wanted = token.uppercased()
            if let row = state.surveys.first(where: { $0.token == wanted }) { return row.record }
        }
        if let order {
            let text = order.description
            if let row = state.surveys.first(where: { $0.orderNumber == text }) { return row.record }
        }
        return nil
    }

    /// `SQLiteTransaction.recordSurveyAnswer`: a later answer replaces an earlier one field by
    /// field (`coalesce`); an unknown survey id changes and logs nothing.
    func recordSurveyAnswer(_ answer: FollowUpRecords.SurveyAnswer, itemID: Int64, at: Date, actor: String) {
        guard answer.surveyID >= 1, answer.surveyID <= Int64(state.surveys.count) else { return }
        let index = Int(answer.surveyID - 1)
        var row = state.surveys[index]
        row.rating = answer.rating ?? row.rating
        row.comment = answer.comment ?? row.comment
        row.answeredAt = StoredDate(at)
        row.answerItemID = itemID
        state.surveys[index] = row
        appendEvent(actor: actor, subject: row.orderNumber, action: "survey answered",
                    detail: [answer.rating.map { "rating \($0)" }, answer.comment.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: ", "))
    }

    /// Every survey, `ORDER BY sent_at, id`.
    func surveys() throws(StoreError) -> [SurveyRecord] {
        state.surveys.sorted { lhs, rhs in
            lhs.sentAt != rhs.sentAt ? lhs.sentAt < rhs.sentAt : lhs.id < rhs.id
        }.map(\.record)
    }
}
