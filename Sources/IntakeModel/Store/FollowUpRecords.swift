public import Foundation

/// What a processed item adds beside its own row, in the same transaction: the case a
/// complaint opens, a change request waiting for a decision, a survey answer, an opt-out. A
/// crash leaves the item unprocessed and all of them unwritten, so the next poll does the whole
/// again.
public struct FollowUpRecords: Sendable {
    public struct NewCase: Sendable {
        public var order: OrderNumber?
        public var customerEmail: String?
        public var category: CaseCategory
        public var summary: String
        public init(order: OrderNumber?, customerEmail: String?, category: CaseCategory, summary: String) {
            self.order = order
            self.customerEmail = customerEmail
            self.category = category
            self.summary = summary
        }
    }
    public struct SurveyAnswer: Sendable {
        public var surveyID: Int64
        public var rating: Int?
        public var comment: String?
        public init(surveyID: Int64, rating: Int?, comment: String?) {
            self.surveyID = surveyID
            self.rating = rating
            self.comment = comment
        }
    }
    public struct NewChange: Sendable {
        public var order: OrderNumber?
        public var kind: ChangeKind
        public var proposal: ChangeProposal
        public var flag: String?
        public init(order: OrderNumber?, kind: ChangeKind, proposal: ChangeProposal, flag: String?) {
            self.order = order
            self.kind = kind
            self.proposal = proposal
            self.flag = flag
        }
    }
    public var newCase: NewCase?
    public var newChange: NewChange?
    public var surveyAnswer: SurveyAnswer?
    /// The address and how it asked.
    public var optOut: (email: String, how: String)?
    public var at = Date()

    public init() {}
}
