#if Postgres
public import Foundation
public import IntakeModel

extension PostgresTransaction {
    static func recordSurveyAnswer(_ db: PostgresSession, _ answer: FollowUpRecords.SurveyAnswer, itemID: Int64, at: Date, actor: String) throws {
        throw PostgresTransaction.notYet(#function)
    }

    static func recordOptOut(_ db: PostgresSession, email: String, how: String, itemID: Int64?, at: Date, actor: String) throws {
        throw PostgresTransaction.notYet(#function)
    }

    public func ordersDueForSurvey(completedBefore cutoff: Date) throws(StoreError) -> [Order] {
        throw PostgresTransaction.notYet(#function)
    }

    public func lastSurvey(to email: String) throws(StoreError) -> Date? {
        throw PostgresTransaction.notYet(#function)
    }

    public func queueSurvey(for number: OrderNumber, email: String, token: String, scale: Int, message: OutgoingMessage,
                            notSince: Date, at now: Date, actor: String) throws(StoreError) -> Result<SurveyRecord, SurveySkip> {
        throw PostgresTransaction.notYet(#function)
    }

    public func survey(token: String?, order: OrderNumber?) throws(StoreError) -> SurveyRecord? {
        throw PostgresTransaction.notYet(#function)
    }

    public func surveys() throws(StoreError) -> [SurveyRecord] {
        throw PostgresTransaction.notYet(#function)
    }

    public func isOptedOut(_ email: String) throws(StoreError) -> Bool {
        throw PostgresTransaction.notYet(#function)
    }
}
#endif
