#if Postgres
import Foundation
import IntakeModel

extension PostgresTransaction {
    static func insertFollowUp(_ db: PostgresSession, _ followUp: FollowUpRecords, itemID: Int64, actor: String) throws {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
