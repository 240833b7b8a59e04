#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    public func threadTarget(messageIDs: [String]) throws(StoreError) -> ThreadTarget? {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
