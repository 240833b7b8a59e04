#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    public func itemCounts(receivedFrom start: Date, to end: Date) throws(StoreError) -> [ItemCount] {
        throw PostgresTransaction.notYet(#function)
    }

    public func firstEvents(action: String) throws(StoreError) -> [String: (at: Date, actor: String)] {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
