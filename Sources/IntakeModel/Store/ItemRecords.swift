public import Foundation


/// Where an intake item stands.
public enum ItemStatus: String, Sendable, Codable, CaseIterable {
    /// Stored, not yet processed (a crash between storing and processing leaves this).
    case stored
    /// Parsed and turned into an order or classified.
    case processed
    /// Could not be read or processed; `failureReason` says why, the original is kept.
    case failed
    /// The same message arrived again by another route; nothing was created.
    case duplicate
}

/// An item about to be recorded.
public struct NewItem: Sendable {
    public var source: String
    /// Unique per item: for files `source + path + size + content hash`.
    public var dedupeKey: String
    /// Where it came from: the file path, the mailbox and UID.
    public var location: String
    public var filename: String
    public var messageID: String?
    public var contentHash: String
    /// The hash of the message apart from how it travelled (trace header fields, line ends),
    /// for email items with a Message-ID: two items with the same Message-ID and message hash
    /// are the same message, wherever each came from. `contentHash` stays the raw bytes' hash.
    public var messageHash: String?
    public var size: Int
    public var receivedAt: Date

    public init(source: String, dedupeKey: String, location: String, filename: String, messageID: String?, contentHash: String,
                messageHash: String? = nil, size: Int, receivedAt: Date) {
        self.source = source
        self.dedupeKey = dedupeKey
        self.location = location
        self.filename = filename
        self.messageID = messageID
        self.contentHash = contentHash
        self.messageHash = messageHash
        self.size = size
        self.receivedAt = receivedAt
    }
}

/// A stored intake item.
public struct ItemRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var source: String
    public var dedupeKey: String
    public var location: String
    public var filename: String
    public var messageID: String?
    public var contentHash: String
    public var size: Int
    /// Nil when the original was too large to keep in the store (it stays in the source's failed folder).
    public var originalPath: String?
    public var receivedAt: Date
    public var status: ItemStatus
    public var kind: MessageKind?
    public var failureReason: String?
    public var orderNumber: OrderNumber?
    public var duplicateOf: Int64?
    /// Mailboxes: the message was unread before it was fetched (its `\Seen` is to be cleared).
    public var sourceUnread: Bool = false

    public init(id: Int64, source: String, dedupeKey: String, location: String, filename: String, messageID: String? = nil, contentHash: String, size: Int, originalPath: String? = nil, receivedAt: Date, status: ItemStatus, kind: MessageKind? = nil, failureReason: String? = nil, orderNumber: OrderNumber? = nil, duplicateOf: Int64? = nil, sourceUnread: Bool = false) {
        self.id = id
        self.source = source
        self.dedupeKey = dedupeKey
        self.location = location
        self.filename = filename
        self.messageID = messageID
        self.contentHash = contentHash
        self.size = size
        self.originalPath = originalPath
        self.receivedAt = receivedAt
        self.status = status
        self.kind = kind
        self.failureReason = failureReason
        self.orderNumber = orderNumber
        self.duplicateOf = duplicateOf
        self.sourceUnread = sourceUnread
    }
}

/// What recording an item found.
public enum RecordOutcome: Sendable, Equatable {
    /// A new item was stored.
    case new(ItemRecord)
    /// The same source item (dedupe key) was stored before.
    case known(ItemRecord)
    /// The same message (Message-ID and content) came by another route; recorded as a duplicate.
    case duplicate(ItemRecord, of: Int64)
}

/// One entry of the append-only event log.
public struct EventRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: Date
    public var actor: String
    /// `SO-2026-00001`, `item:12`, `outbox:3`.
    public var subject: String
    public var action: String
    public var detail: String?
    public var before: String?
    public var after: String?

    public init(id: Int64, at: Date, actor: String, subject: String, action: String, detail: String? = nil, before: String? = nil, after: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.subject = subject
        self.action = action
        self.detail = detail
        self.before = before
        self.after = after
    }
}

/// Outgoing mail states (DESIGN invariant 3).
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    case queued, sending, sent, retry, failed, cancelled
}

/// A message to put in the outbox.
public struct OutgoingMessage: Sendable {
    public var messageID: String
    public var orderNumber: OrderNumber?
    public var purpose: MailPurpose
    public var recipients: [String]
    public var subject: String
    public var bytes: [UInt8]

    public init(messageID: String, orderNumber: OrderNumber?, purpose: MailPurpose, recipients: [String], subject: String, bytes: [UInt8]) {
        self.messageID = messageID
        self.orderNumber = orderNumber
        self.purpose = purpose
        self.recipients = recipients
        self.subject = subject
        self.bytes = bytes
    }
}

/// An outbox entry.
public struct OutboxRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var messageID: String
    public var orderNumber: OrderNumber?
    public var purpose: MailPurpose
    public var recipients: [String]
    public var subject: String
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastReply: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// Where the message went (a file path for the directory method, the server for SMTP).
    public var deliveredTo: String?
    /// Sent again after a crash left it unconfirmed: the customer may have it twice.
    public var possibleRepeat: Bool = false

    public init(id: Int64, messageID: String, orderNumber: OrderNumber? = nil, purpose: MailPurpose, recipients: [String], subject: String, state: OutboxState, attempts: Int, nextAttemptAt: Date? = nil, lastReply: String? = nil, createdAt: Date, sentAt: Date? = nil, deliveredTo: String? = nil, possibleRepeat: Bool = false) {
        self.id = id
        self.messageID = messageID
        self.orderNumber = orderNumber
        self.purpose = purpose
        self.recipients = recipients
        self.subject = subject
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastReply = lastReply
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.deliveredTo = deliveredTo
        self.possibleRepeat = possibleRepeat
    }
}

/// What the server said to one recipient in one attempt.
public struct RecipientOutcome: Sendable, Equatable {
    public var address: String
    public var state: OutboxRecipient.State
    public var reply: String?

    public init(address: String, state: OutboxRecipient.State, reply: String?) {
        self.address = address
        self.state = state
        self.reply = reply
    }
}

/// One recipient of an outbox message and what happened to it.
public struct OutboxRecipient: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable { case pending, sent, failed }
    public var address: String
    public var state: State
    /// The server's reply to the last attempt for this address.
    public var reply: String?
    public var updatedAt: Date?

    public init(address: String, state: State, reply: String? = nil, updatedAt: Date? = nil) {
        self.address = address
        self.state = state
        self.reply = reply
        self.updatedAt = updatedAt
    }
}
