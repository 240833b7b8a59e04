/// What an incoming message is, in the terms of an order desk (contract §1 `kind`).
public enum MessageKind: String, Sendable, Codable, CaseIterable {
    case order
    case changeRequest = "change_request"
    case cancellation
    case complaint
    case surveyResponse = "survey_response"
    case other
    case unreadable
}
