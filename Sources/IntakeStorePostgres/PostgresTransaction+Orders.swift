#if Postgres
import Foundation
public import IntakeModel

extension PostgresTransaction {
    static func insertOrder(_ db: PostgresSession, _ order: Order, json: String) throws {
        throw PostgresTransaction.notYet(#function)
    }

    static func saveOrder(_ db: PostgresSession, _ order: Order) throws {
        throw PostgresTransaction.notYet(#function)
    }

    static func loadOrder(_ db: PostgresSession, _ number: OrderNumber) throws -> Order? {
        throw PostgresTransaction.notYet(#function)
    }

    public func order(_ number: OrderNumber) throws(StoreError) -> Order? {
        throw PostgresTransaction.notYet(#function)
    }

    public func orderNumbers(sequence: Int) throws(StoreError) -> [OrderNumber] {
        throw PostgresTransaction.notYet(#function)
    }

    public func orders(states: [OrderState]? = nil) throws(StoreError) -> [Order] {
        throw PostgresTransaction.notYet(#function)
    }

    @discardableResult
    public func updateOrder(_ number: OrderNumber, actor: String, action: String, detail: String?,
                            expecting: OrderState? = nil, notice: OutgoingMessage? = nil,
                            change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> Order {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
