/// How far a mailbox has been read.
public struct MailboxState: Sendable, Equatable {
    public var uidValidity: UInt32
    /// The highest UID stored; the next poll asks for UIDs after it.
    public var lastUID: UInt32

    public init(uidValidity: UInt32, lastUID: UInt32) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}
