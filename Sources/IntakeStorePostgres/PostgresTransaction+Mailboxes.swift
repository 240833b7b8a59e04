#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    public func mailboxState(source: String, mailbox: String) throws(StoreError) -> MailboxState? {
        throw PostgresTransaction.notYet(#function)
    }

    public func saveMailboxState(source: String, mailbox: String, state: MailboxState) throws(StoreError) {
        throw PostgresTransaction.notYet(#function)
    }

    public func itemsPendingSourceAction(source: String) throws(StoreError) -> [ItemRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func markSourceActionDone(itemIDs: [Int64]) throws(StoreError) {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
