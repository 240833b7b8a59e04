public import Foundation

/// What the desk reads from its store, inside one `DeskStore.read` or `transaction` (which sees
/// its own writes). Every call answers from the same consistent view of the store.
public protocol StoreReading {
    func cases(states: [CaseState]?) throws(StoreError) -> [CaseRecord]

    func caseRecord(id: Int64) throws(StoreError) -> CaseRecord?

    /// A customer's cases that are not resolved (no survey goes to them meanwhile).
    func openCases(customer email: String) throws(StoreError) -> [CaseRecord]

    func changeRequests(states: [ChangeState]?) throws(StoreError) -> [ChangeRequestRecord]

    func changeRequest(id: Int64) throws(StoreError) -> ChangeRequestRecord?

    /// An item's original bytes, by content hash: from the database, or from the originals/
    /// folder of versions before v6.
    func original(hash: String) throws(StoreError) -> [UInt8]?

    func item(dedupeKey: String) throws(StoreError) -> ItemRecord?

    /// Which of `keys` are stored: one query for a run of mailbox messages, instead of one read
    /// per message (a read transaction each) before its fetch starts.
    func storedDedupeKeys(_ keys: [String]) throws(StoreError) -> Set<String>

    func item(id: Int64) throws(StoreError) -> ItemRecord?

    /// Items in the given states, oldest first.
    func items(status: [ItemStatus]) throws(StoreError) -> [ItemRecord]

    /// Counts of items per status, for summaries.
    func itemCount() throws(StoreError) -> Int

    /// The extracted document stored with an item, as JSON.
    func itemDocument(id: Int64) throws(StoreError) -> (document: String?, origins: String?)

    /// The customer's mail about an order after it was created (changes, cancellations,
    /// complaints, survey replies), oldest first.
    func items(referring number: OrderNumber) throws(StoreError) -> [ItemRecord]

    func mailboxState(source: String, mailbox: String) throws(StoreError) -> MailboxState?

    /// Items of a source whose `after:`/`on_failure:` has not been applied yet (a crash came between
    /// the store commit and the source action).
    func itemsPendingSourceAction(source: String) throws(StoreError) -> [ItemRecord]

    func order(_ number: OrderNumber) throws(StoreError) -> Order?

    /// The numbers of the orders with this sequence number, in any year: what `queue show 7`
    /// may mean.
    func orderNumbers(sequence: Int) throws(StoreError) -> [OrderNumber]

    /// Orders in the given states (all when nil), by number.
    func orders(states: [OrderState]?) throws(StoreError) -> [Order]

    /// Everything the outbox holds for one order, oldest first (`order show`).
    func outbox(order number: OrderNumber) throws(StoreError) -> [OutboxRecord]

    func outbox(states: [OutboxState]?) throws(StoreError) -> [OutboxRecord]

    /// The messages due for sending with ids above `afterID`, oldest first, each with its bytes;
    /// nothing is claimed. A deliverer reads a batch, then claims each message (`claim`) just
    /// before its own transfer, so that after a crash only the one message in flight is found in
    /// `sending` — and "may be a repeat" is said of that message alone.
    func dueMessages(now: Date, afterID: Int64, limit: Int) throws(StoreError) -> [(OutboxRecord, [UInt8])]

    func recipients(outboxID: Int64) throws(StoreError) -> [OutboxRecipient]

    /// The recipients of several messages at once (a claimed batch), by message.
    func recipients(outboxIDs: [Int64]) throws(StoreError) -> [Int64: [OutboxRecipient]]

    /// Messages sent to each address since a moment, with the earliest of them (the rate limit).
    func sentCounts(to addresses: Set<String>, since: Date) throws(StoreError) -> [String: (count: Int, earliest: Date?)]

    /// One outbox message with its bytes.
    func outboxMessage(id: Int64) throws(StoreError) -> (OutboxRecord, [UInt8])?

    /// Messages left in `sending` by a crash: the caller reconciles them before anything is sent again.
    func interruptedSends() throws(StoreError) -> [(OutboxRecord, [UInt8])]

    func itemCounts(receivedFrom start: Date, to end: Date) throws(StoreError) -> [ItemCount]

    /// The first event named `action` for every subject that has one, with its actor:
    /// when each order was approved (and by whom), confirmed, …
    func firstEvents(action: String) throws(StoreError) -> [String: (at: Date, actor: String)]

    /// Orders completed at or before `cutoff` that have no survey yet, oldest completion first.
    func ordersDueForSurvey(completedBefore cutoff: Date) throws(StoreError) -> [Order]

    /// The last survey sent to an address, if any.
    func lastSurvey(to email: String) throws(StoreError) -> Date?

    /// The survey a reply answers: by its token, else the order's survey.
    func survey(token: String?, order: OrderNumber?) throws(StoreError) -> SurveyRecord?

    /// Every survey, oldest first (reports).
    func surveys() throws(StoreError) -> [SurveyRecord]

    func isOptedOut(_ email: String) throws(StoreError) -> Bool

    /// The first of `messageIDs` (the direct parent comes first) that is mail we sent or an order
    /// email we stored, so that a reply whose subject and body name no order still finds it.
    func threadTarget(messageIDs: [String]) throws(StoreError) -> ThreadTarget?

    /// A small named value the desk keeps between runs (the day surveys last ran).
    func meta(_ key: String) throws(StoreError) -> String?

    /// The events about a subject (an order number, `item:ID`, `outbox:ID`), oldest first.
    func events(subject: String) throws(StoreError) -> [EventRecord]

    /// Every worker that has reported, by name.
    func workers() throws(StoreError) -> [WorkerRecord]

    /// Every source lease, expired ones included, by source.
    func sourceLeases() throws(StoreError) -> [SourceLease]
}
