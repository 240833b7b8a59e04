#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    public func recordItem(_ item: NewItem, bytes: [UInt8]?, actor: String, sourceActionPending: Bool = false, sourceUnread: Bool = false) throws(StoreError) -> RecordOutcome {
        throw PostgresTransaction.notYet(#function)
    }

    public func original(hash: String) throws(StoreError) -> [UInt8]? {
        throw PostgresTransaction.notYet(#function)
    }

    public func item(dedupeKey: String) throws(StoreError) -> ItemRecord? {
        throw PostgresTransaction.notYet(#function)
    }

    public func storedDedupeKeys(_ keys: [String]) throws(StoreError) -> Set<String> {
        throw PostgresTransaction.notYet(#function)
    }

    public func item(id: Int64) throws(StoreError) -> ItemRecord? {
        throw PostgresTransaction.notYet(#function)
    }

    public func items(status: [ItemStatus]) throws(StoreError) -> [ItemRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func itemCount() throws(StoreError) -> Int {
        throw PostgresTransaction.notYet(#function)
    }

    public func itemDocument(id: Int64) throws(StoreError) -> (document: String?, origins: String?) {
        throw PostgresTransaction.notYet(#function)
    }

    public func completeItem(id: Int64, kind: MessageKind, documentJSON: String, originsJSON: String, orderReference: OrderNumber? = nil,
                             followUp: FollowUpRecords = FollowUpRecords(),
                             order template: Order?, year: Int, approveWith reason: String?, actor: String) throws(StoreError) -> ItemCompletion {
        throw PostgresTransaction.notYet(#function)
    }

    public func items(referring number: OrderNumber) throws(StoreError) -> [ItemRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    @discardableResult
    public func failItem(id: Int64, reason: String, documentJSON: String?, actor: String) throws(StoreError) -> Bool {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
