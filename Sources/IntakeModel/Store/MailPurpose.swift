/// What an outgoing email is for: the template folder it is rendered from
/// (`templates/PURPOSE/LANGUAGE/`), the middle of its file name in a delivery folder and a part
/// of its Message-ID (contract §1), so a reply says what it answers.
///
/// A struct over the word rather than an enum: the outbox stores and shows the word as it is,
/// and a message queued by hand or by an older version with another word still reads back.
public struct MailPurpose: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The answer to an order: at most one per order (the store refuses a second).
    public static let confirmation: MailPurpose = "confirmation"
    /// An edit to a confirmed order, told to the customer.
    public static let amended: MailPurpose = "amended"
    public static let shipped: MailPurpose = "shipped"
    public static let delay: MailPurpose = "delay"
    public static let cancellation: MailPurpose = "cancellation"
    /// The customer's change request, accepted or declined.
    public static let changeAccepted: MailPurpose = "change_accepted"
    public static let changeDeclined: MailPurpose = "change_declined"
    /// An assistant's answer to a complaint case.
    public static let caseAnswer: MailPurpose = "case_answer"
    public static let survey: MailPurpose = "survey"

    /// Every kind of email the desk sends, each a folder of templates per language.
    public static let all: [MailPurpose] = [.confirmation, .amended, .shipped, .delay, .cancellation, .changeAccepted, .changeDeclined, .caseAnswer, .survey]
}
