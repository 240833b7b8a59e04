/// The rule of `StoreTransaction.updateOrder`, written once for every store: a change is refused
/// when the order moved away from the state its caller read (`expecting`), and a changed state must
/// be an allowed transition. A store loads the order, calls `apply`, and saves and logs the result
/// with its event (and notice) in the same transaction.
public enum OrderUpdate {
    /// The order after `change`, or nil when the change left it as it was (nothing to save or log).
    /// Throws a `StoreError` (`conflict`) for a moved order, or the `ModelError` of `change` or of
    /// the transition check, which the store reports as a broken rule.
    public static func apply(_ change: (inout Order) throws(ModelError) -> Void, to order: Order,
                             expecting: OrderState?) throws -> Order? {
        if let expecting, order.state != expecting {
            throw StoreError(code: .conflict, message: "order \(order.number) became \(order.state.rawValue) meanwhile; nothing changed, look at it again")
        }
        var changed = order
        try change(&changed)
        if changed.state != order.state { try order.state.checkTransition(to: changed.state, of: order.number) }
        return changed == order ? nil : changed
    }
}
