public import Foundation

/// A satisfaction survey sent for one order, and the customer's answer once it came.
public struct SurveyRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var orderNumber: OrderNumber
    public var customerEmail: String
    public var outboxID: Int64?
    /// In the subject (`[SV-7K2QX9]`), so that a reply is recognised even without its thread headers.
    public var token: String
    /// 5 (1–5 rating) or 10 (0–10 recommendation).
    public var scale: Int
    public var sentAt: Date
    public var rating: Int?
    public var comment: String?
    public var answeredAt: Date?
    public var answerItemID: Int64?

    public init(id: Int64, orderNumber: OrderNumber, customerEmail: String, outboxID: Int64? = nil, token: String, scale: Int, sentAt: Date, rating: Int? = nil, comment: String? = nil, answeredAt: Date? = nil, answerItemID: Int64? = nil) {
        self.id = id
        self.orderNumber = orderNumber
        self.customerEmail = customerEmail
        self.outboxID = outboxID
        self.token = token
        self.scale = scale
        self.sentAt = sentAt
        self.rating = rating
        self.comment = comment
        self.answeredAt = answeredAt
        self.answerItemID = answerItemID
    }
}

/// Why a survey that was due was not queued after all (decided inside the transaction).
public enum SurveySkip: Error, Sendable, Equatable {
    case alreadySurveyed
    case surveyedRecently(Date)
    case optedOut
}
