#if Postgres
import Foundation
import IntakeModel

extension PostgresTransaction {
    /// What an item's mail adds beside its order (a case, a change request, a survey answer, an
    /// opt-out), in the item's own transaction.
    static func insertFollowUp(_ db: PostgresSession, _ followUp: FollowUpRecords, itemID: Int64, actor: String) throws {
        if let new = followUp.newCase {
            try insertCase(db, itemID: itemID, new, at: followUp.at, actor: actor)
        }
        if let change = followUp.newChange {
            try insertChange(db, itemID: itemID, change, at: followUp.at, actor: actor)
        }
        if let answer = followUp.surveyAnswer {
            try recordSurveyAnswer(db, answer, itemID: itemID, at: followUp.at, actor: actor)
        }
        if let optOut = followUp.optOut {
            try recordOptOut(db, email: optOut.email, how: optOut.how, itemID: itemID, at: followUp.at, actor: actor)
        }
    }
}
#endif
