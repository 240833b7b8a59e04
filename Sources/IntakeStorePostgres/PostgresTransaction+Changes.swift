#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    static func insertChange(_ db: PostgresSession, itemID: Int64, _ new: FollowUpRecords.NewChange, at: Date, actor: String) throws {
        throw PostgresTransaction.notYet(#function)
    }

    public func changeRequests(states: [ChangeState]? = [.pending]) throws(StoreError) -> [ChangeRequestRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func changeRequest(id: Int64) throws(StoreError) -> ChangeRequestRecord? {
        throw PostgresTransaction.notYet(#function)
    }

    public func closeChange(id: Int64, note: String, at: Date, actor: String) throws(StoreError) -> ChangeRequestRecord {
        throw PostgresTransaction.notYet(#function)
    }

    public func decideChange(id: Int64, accept: Bool, reason: String?, at: Date, actor: String, notice: OutgoingMessage?,
                             change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> ChangeRequestRecord {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
