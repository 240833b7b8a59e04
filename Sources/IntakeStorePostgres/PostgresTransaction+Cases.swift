#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    static func insertCase(_ db: PostgresSession, itemID: Int64, _ new: FollowUpRecords.NewCase, at: Date, actor: String) throws {
        throw PostgresTransaction.notYet(#function)
    }

    public func cases(states: [CaseState]? = nil) throws(StoreError) -> [CaseRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func caseRecord(id: Int64) throws(StoreError) -> CaseRecord? {
        throw PostgresTransaction.notYet(#function)
    }

    public func openCases(customer email: String) throws(StoreError) -> [CaseRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    @discardableResult
    public func updateCase(id: Int64, allowedFrom: Set<CaseState>? = nil, state: CaseState? = nil, owner: String? = nil, category: CaseCategory? = nil,
                           at: Date, actor: String, action: String, detail: String?, notice: OutgoingMessage? = nil) throws(StoreError) -> CaseRecord {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
