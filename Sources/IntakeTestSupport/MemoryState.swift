import Foundation
import IntakeModel

/// Everything a `MemoryStore` holds: one value, so that a transaction works on a copy and the
/// store swaps it in whole when the transaction returns. Tables whose rows are never deleted
/// (all of them: the SQLite schema deletes nothing) are arrays in id order, which gives
/// `ORDER BY id` for free; all but `items` are indexed by `id - 1` (ids 1, 2, 3… as
/// AUTOINCREMENT issues them).
struct MemoryState: Sendable {
    /// In id order. Ids can skip: see `lastItemID`.
    var items: [MemoryItemRow] = []
    /// Where each item id is in `items`.
    var itemIndexByID: [Int64: Int] = [:]
    /// `sqlite_sequence` for `items`: AUTOINCREMENT draws an id for every insert it tries, and an
    /// insert of a known dedupe key (`ON CONFLICT DO NOTHING`) used one up without a row, so the
    /// next new item's id skips it (1, then a known key, then 3).
    var lastItemID: Int64 = 0
    /// `items.dedupe_key UNIQUE`.
    var itemIDByDedupeKey: [String: Int64] = [:]
    /// `originals.hash UNIQUE`: the first bytes stored under a hash stay.
    var originals: [String: [UInt8]] = [:]
    /// `order_sequences`: the last number issued per year.
    var sequences: [Int: Int] = [:]
    /// `orders`, keyed by the number's text (`orders.number PRIMARY KEY`).
    var orders: [String: MemoryOrderRow] = [:]
    /// `orders.item_id UNIQUE`, for the join from items to orders (`threadTarget`).
    var orderNumberByItemID: [Int64: String] = [:]
    var events: [MemoryEventRow] = []
    var outbox: [MemoryOutboxRow] = []
    /// `outbox.message_id UNIQUE`.
    var outboxIDByMessageID: [String: Int64] = [:]
    /// `outbox_one_confirmation`: order numbers (text) that have a confirmation queued.
    var confirmedOrders: Set<String> = []
    var mailboxes: [MemoryMailboxKey: MailboxState] = [:]
    var cases: [MemoryCaseRow] = []
    var changes: [MemoryChangeRow] = []
    var surveys: [MemorySurveyRow] = []
    /// `opt_outs`, keyed by the lower-cased address.
    var optOuts: [String: MemoryOptOut] = [:]
    var meta: [String: String] = [:]
    /// `workers`, by name.
    var workers: [String: WorkerRecord] = [:]
    /// `source_leases`, by source.
    var leases: [String: SourceLease] = [:]
}

/// A date as the SQLite store keeps it: GRDB's text `yyyy-MM-dd HH:mm:ss.SSS` (UTC, to the
/// nearest millisecond). It compares as that text does in SQL (`<=`, `MIN`, `ORDER BY`), and
/// reads back as the `Date` GRDB parses from the text, so both stores answer the same dates.
struct StoredDate: Comparable, Hashable, Sendable {
    let text: String
    /// The date a read returns.
    let date: Date

    init(_ value: Date) {
        text = UTCDateText.sqlite(value)
        date = Self.parse(text) ?? value
    }

    static func < (lhs: StoredDate, rhs: StoredDate) -> Bool {
        lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
    }

    static func == (lhs: StoredDate, rhs: StoredDate) -> Bool { lhs.text == rhs.text }
    func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// GRDB's calendar for stored dates: Gregorian, UTC, POSIX locale.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = Locale(identifier: "en_US_POSIX")
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    /// The fields of the text, turned into a date as GRDB does it (`Calendar.date(from:)` with
    /// the milliseconds as nanoseconds), so that the `Double` inside matches to the last bit.
    private static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 23 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        var components = DateComponents()
        components.year = number(0..<4)
        components.month = number(5..<7)
        components.day = number(8..<10)
        components.hour = number(11..<13)
        components.minute = number(14..<16)
        components.second = number(17..<19)
        components.nanosecond = number(20..<23).map { $0 * 1_000_000 }
        guard components.year != nil, components.nanosecond != nil else { return nil }
        return calendar.date(from: components).map { Date(timeIntervalSinceReferenceDate: $0.timeIntervalSinceReferenceDate) }
    }
}

extension Optional where Wrapped == Date {
    var stored: StoredDate? { map(StoredDate.init) }
}

extension OrderNumber {
    /// The number as a read gives it back from its text column: `OrderNumber(text)`, nil for a
    /// number whose text does not parse (a year outside four digits).
    var readBack: OrderNumber? { OrderNumber(description) }
}

/// `items`.
struct MemoryItemRow: Sendable {
    var id: Int64
    var source: String
    var dedupeKey: String
    var location: String
    var filename: String
    var messageID: String?
    var contentHash: String
    var messageHash: String?
    var size: Int
    var originalPath: String?
    var receivedAt: StoredDate
    var status: ItemStatus
    var kind: MessageKind?
    var failureReason: String?
    var documentJSON: String?
    var originsJSON: String?
    /// Text, as the column holds it.
    var orderNumber: String?
    var orderReference: String?
    var duplicateOf: Int64?
    var processedAt: StoredDate?
    var sourcePending: Bool
    var sourceUnread: Bool

    var record: ItemRecord {
        ItemRecord(id: id, source: source, dedupeKey: dedupeKey, location: location, filename: filename, messageID: messageID,
                   contentHash: contentHash, size: size, originalPath: originalPath, receivedAt: receivedAt.date, status: status,
                   kind: kind, failureReason: failureReason, orderNumber: orderNumber.flatMap(OrderNumber.init), duplicateOf: duplicateOf,
                   sourceUnread: sourceUnread)
    }
}

/// `orders`: the order as JSON (what a read decodes) and the columns queries filter and sort on.
struct MemoryOrderRow: Sendable {
    var year: Int
    var sequence: Int
    var itemID: Int64
    var state: OrderState
    var json: String
    var completedAt: StoredDate?
}

/// `events`.
struct MemoryEventRow: Sendable {
    var id: Int64
    var at: StoredDate
    var actor: String
    var subject: String
    var action: String
    var detail: String?
    var before: String?
    var after: String?

    var record: EventRecord {
        EventRecord(id: id, at: at.date, actor: actor, subject: subject, action: action, detail: detail, before: before, after: after)
    }
}

/// `outbox`, with its `outbox_bodies` row and its `outbox_recipients` rows (in rowid order).
struct MemoryOutboxRow: Sendable {
    var id: Int64
    var messageID: String
    var orderNumber: String?
    var purpose: String
    /// The addresses joined by commas, as the column holds them.
    var recipientsText: String
    var subject: String
    var state: OutboxState
    var attempts: Int
    var nextAttemptAt: StoredDate?
    var lastReply: String?
    var createdAt: StoredDate
    var sentAt: StoredDate?
    var deliveredTo: String?
    var possibleRepeat: Bool
    var bytes: [UInt8]
    var recipients: [MemoryRecipientRow]

    var record: OutboxRecord {
        OutboxRecord(id: id, messageID: messageID, orderNumber: orderNumber.flatMap(OrderNumber.init), purpose: MailPurpose(rawValue: purpose),
                     recipients: recipientsText.split(separator: ",").map(String.init), subject: subject, state: state, attempts: attempts,
                     nextAttemptAt: nextAttemptAt?.date, lastReply: lastReply, createdAt: createdAt.date, sentAt: sentAt?.date,
                     deliveredTo: deliveredTo, possibleRepeat: possibleRepeat)
    }

    /// `state = 'queued' OR (state = 'retry' AND next_attempt_at <= now)`: a retry without a
    /// time (NULL) is never due, as the comparison with NULL is not true.
    func isDue(at now: StoredDate) -> Bool {
        if state == .queued { return true }
        guard state == .retry, let next = nextAttemptAt else { return false }
        return next <= now
    }
}

/// `outbox_recipients`.
struct MemoryRecipientRow: Sendable {
    var address: String
    var state: OutboxRecipient.State
    var reply: String?
    var updatedAt: StoredDate?

    var record: OutboxRecipient { OutboxRecipient(address: address, state: state, reply: reply, updatedAt: updatedAt?.date) }
}

/// `mailbox_state`'s primary key.
struct MemoryMailboxKey: Hashable, Sendable {
    var source: String
    var mailbox: String
}

/// `cases`.
struct MemoryCaseRow: Sendable {
    var id: Int64
    var orderNumber: String?
    var itemID: Int64
    var customerEmail: String?
    var category: CaseCategory
    var owner: String?
    var state: CaseState
    var summary: String
    var openedAt: StoredDate
    var answeredAt: StoredDate?
    var resolvedAt: StoredDate?

    var record: CaseRecord {
        CaseRecord(id: id, orderNumber: orderNumber.flatMap(OrderNumber.init), itemID: itemID, customerEmail: customerEmail, category: category,
                   owner: owner, state: state, summary: summary, openedAt: openedAt.date, answeredAt: answeredAt?.date, resolvedAt: resolvedAt?.date)
    }
}

/// `change_requests`: the proposal as JSON, decoded on every read as SQLite's rows are.
struct MemoryChangeRow: Sendable {
    var id: Int64
    var orderNumber: String?
    var itemID: Int64
    var kind: ChangeKind
    var state: ChangeState
    var proposalJSON: String?
    var flag: String?
    var createdAt: StoredDate
    var decidedAt: StoredDate?
    var decidedBy: String?
    var reason: String?

    /// A proposal that does not decode reads as an empty one (`SQLiteTransaction.changeRecord`).
    var record: ChangeRequestRecord {
        let proposal = proposalJSON.flatMap { try? MemoryTransaction.decoder().decode(ChangeProposal.self, from: Data($0.utf8)) } ?? ChangeProposal()
        return ChangeRequestRecord(id: id, orderNumber: orderNumber.flatMap(OrderNumber.init), itemID: itemID, kind: kind, state: state,
                                   proposal: proposal, flag: flag, createdAt: createdAt.date, decidedAt: decidedAt?.date, decidedBy: decidedBy,
                                   reason: reason)
    }
}

/// `surveys`.
struct MemorySurveyRow: Sendable {
    var id: Int64
    var orderNumber: String
    var customerEmail: String
    var outboxID: Int64?
    var token: String
    var scale: Int
    var sentAt: StoredDate
    var rating: Int?
    var comment: String?
    var answeredAt: StoredDate?
    var answerItemID: Int64?

    var record: SurveyRecord {
        SurveyRecord(id: id, orderNumber: OrderNumber(orderNumber) ?? OrderNumber(year: 0, sequence: 0), customerEmail: customerEmail,
                     outboxID: outboxID, token: token, scale: scale, sentAt: sentAt.date, rating: rating, comment: comment,
                     answeredAt: answeredAt?.date, answerItemID: answerItemID)
    }
}

/// `opt_outs`.
struct MemoryOptOut: Sendable {
    var at: StoredDate
    var how: String
    var itemID: Int64?
}
