public import Foundation

/// What the desk writes, inside one `DeskStore.transaction`: every call joins the transaction,
/// and all of it commits together or not at all. Each operation keeps its own invariants (an
/// order number is issued once, an outbox row is claimed by one sender) however many processes
/// share the store.
public protocol StoreTransaction: StoreReading {
    /// Changes a case's state, owner or category, with an event; `notice` (the answer email) is
    /// queued in the same transaction. `allowedFrom` guards the transition.
    @discardableResult
    func updateCase(id: Int64, allowedFrom: Set<CaseState>?, state: CaseState?, owner: String?, category: CaseCategory?, at: Date, actor: String, action: String, detail: String?, notice: OutgoingMessage?) throws(StoreError) -> CaseRecord

    /// Closes a pending request without applying it or writing to the customer: what an
    /// assistant does once they have handled it by hand (amended the order, answered by phone).
    func closeChange(id: Int64, note: String, at: Date, actor: String) throws(StoreError) -> ChangeRequestRecord

    func decideChange(id: Int64, accept: Bool, reason: String?, at: Date, actor: String, notice: OutgoingMessage?, change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> ChangeRequestRecord

    /// Stores an item's original and its row, in that order: the bytes are safe on disk before the
    /// row that points at them commits. A known dedupe key returns the existing row; the same
    /// Message-ID with the same message hash (the same content, trace fields and line ends aside)
    /// from another route or another delivery is recorded as a duplicate (see `firstCopy`).
    /// `bytes` is nil for items too large to keep (the row then records that).
    /// `sourceActionPending` marks that the source still has to apply `after:`/`on_failure:` to
    /// it (mailboxes, where the item is not listed again once its UID is behind us).
    /// `sourceUnread` records that the fetch marked an unread message read, for the action.
    func recordItem(_ item: NewItem, bytes: [UInt8]?, actor: String, sourceActionPending: Bool, sourceUnread: Bool) throws(StoreError) -> RecordOutcome

    /// Marks an item processed and, for an order, creates the order with the next number of its
    /// year, all in one transaction: a crash leaves either nothing or both. An item already
    /// processed (by another process) is left alone and its order returned.
    /// `followUp` (a case, a survey answer, an opt-out) commits in the same transaction.
    func completeItem(id: Int64, kind: MessageKind, documentJSON: String, originsJSON: String, orderReference: OrderNumber?, followUp: FollowUpRecords, order template: Order?, year: Int, approveWith reason: String?, actor: String) throws(StoreError) -> ItemCompletion

    /// Marks an item failed with a reason a person can act on; the original stays stored.
    /// Marks a waiting item failed; false when it was no longer waiting (nothing written).
    @discardableResult
    func failItem(id: Int64, reason: String, documentJSON: String?, actor: String) throws(StoreError) -> Bool

    /// Records progress. `lastUID` never goes backwards within one UIDVALIDITY, so two pollers
    /// cannot undo each other.
    func saveMailboxState(source: String, mailbox: String, state: MailboxState) throws(StoreError)

    /// Records that the source applied `after:`/`on_failure:` to these items, in one transaction.
    func markSourceActionDone(itemIDs: [Int64]) throws(StoreError)

    /// Loads an order, applies `change` and saves it with an event holding the before and after, in
    /// one transaction. A changed state must be an allowed transition. Returns the saved order.
    /// `notice`, when given, is queued in the outbox in the same transaction, so that the customer
    /// hears of a change exactly when it is made (a crash leaves neither or both).
    /// `expecting` refuses the change when another process moved the order since it was read
    /// (the notice was rendered from that state).
    @discardableResult
    func updateOrder(_ number: OrderNumber, actor: String, action: String, detail: String?, expecting: OrderState?, notice: OutgoingMessage?, change: (inout Order) throws(ModelError) -> Void) throws(StoreError) -> Order

    /// Puts a rendered message in the outbox and, when `confirming` is set, moves its order to
    /// `confirmed` in the same transaction: an order is confirmed exactly when its confirmation
    /// is durably queued. A second confirmation for the same order is refused by the schema.
    func queue(_ message: OutgoingMessage, confirming number: OrderNumber?, actor: String) throws(StoreError) -> OutboxRecord

    /// Moves one message to `sending` if it is still due, in one transaction, and returns it as
    /// claimed; nil when it is no longer due (sent, cancelled or claimed by another process since
    /// it was listed), so two processes never send the same message.
    func claim(id: Int64, now: Date) throws(StoreError) -> OutboxRecord?

    /// Records the outcome of one delivery attempt. `sent` marks every recipient still pending as
    /// sent (the directory method has no per-recipient answer); SMTP records its recipients first.
    /// The order the message belongs to gets an event for a permanent failure, so that it shows
    /// in the order's story.
    /// `recipients` are the per-recipient answers of this attempt, recorded in the same transaction.
    func finishDelivery(id: Int64, state: OutboxState, reply: String?, deliveredTo: String?, nextAttemptAt: Date?, actor: String, at now: Date, recipients: [RecipientOutcome]) throws(StoreError)

    /// Flags a message sent again after an interruption left its first attempt unknown.
    func markPossibleRepeat(id: Int64, reason: String, actor: String) throws(StoreError)

    /// `intake outbox retry`: a failed or waiting message is due now (its failed recipients get
    /// another chance too).
    func retryNow(id: Int64, actor: String) throws(StoreError)

    /// `intake outbox cancel`: a message not sent yet is not sent at all.
    func cancel(id: Int64, actor: String) throws(StoreError)

    /// Queues a survey's email and records the survey in one transaction, after checking again,
    /// inside it, what an overlapping run could have changed: no survey for this order yet, none to
    /// this customer since `notSince`, no opt-out. Returns the skip reason instead when one holds.
    func queueSurvey(for number: OrderNumber, email: String, token: String, scale: Int, message: OutgoingMessage, notSince: Date, at now: Date, actor: String) throws(StoreError) -> Result<SurveyRecord, SurveySkip>

    func setMeta(_ key: String, _ value: String) throws(StoreError)

    /// Records a value unless the key has one, and returns the value the key holds afterwards:
    /// two processes recording at once agree on the first one written.
    func setMetaIfAbsent(_ key: String, _ value: String) throws(StoreError) -> String

    /// Records that a worker is alive. A name in use on another host whose heartbeat is younger
    /// than `staleAfter` seconds is refused (code `conflict`): two workers must not share a name,
    /// or each would take the other's leases for its own. (On the same host the worker itself
    /// tells a dead predecessor, whose name it takes over, from a live process: `WorkerService`.)
    func heartbeat(_ worker: WorkerRecord, staleAfter: Int) throws(StoreError)

    /// Takes or renews the lease on `source` for `owner` until `now + seconds`: when no one holds
    /// it, `owner` does already, or the holder's lease has expired. Nil when another worker holds
    /// it (nothing written).
    func takeLease(source: String, owner: String, seconds: Int, now: Date) throws(StoreError) -> SourceLease?

    /// Hands `owner`'s lease on `source` over to the worker `LeaseBalance.handOverTarget` names
    /// (a live worker that polls the source and holds at least two sources fewer), in one
    /// write; the new owner, or nil when there is none (nothing written).
    func handOverLease(source: String, owner: String, seconds: Int, now: Date, liveSince: Date) throws(StoreError) -> String?

    /// Gives a lease up (a worker that stops), so that another worker takes the source at once.
    func releaseLease(source: String, owner: String) throws(StoreError)

    /// A worker that stops: every lease it owns given up, and its record removed, in one write,
    /// so that no other worker hands it a source afterwards (a hand-over decided on its record
    /// and this write cannot both commit). Returns how many leases it owned.
    @discardableResult
    func retireWorker(_ name: String) throws(StoreError) -> Int
}
