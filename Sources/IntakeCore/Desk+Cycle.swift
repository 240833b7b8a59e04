import Foundation
public import IntakeModel

/// What one `intake run` cycle did.
public struct CycleReport: Sendable {
    public var polls: [PollReport]
    public var confirmed: [OrderNumber]
    public var confirmFailures: [(OrderNumber, String)]
    public var delivery: DeliveryReport
    /// The scheduled survey run of this cycle, when `surveys.send_at` came round.
    public var surveys: [SurveyDecision] = []

    public init(polls: [PollReport], confirmed: [OrderNumber], confirmFailures: [(OrderNumber, String)], delivery: DeliveryReport) {
        self.polls = polls
        self.confirmed = confirmed
        self.confirmFailures = confirmFailures
        self.delivery = delivery
    }
}

extension Desk {
    /// One cycle of the desk: poll every source, process, confirm approved orders, deliver.
    public func cycle(progress: IntakeService.Progress? = nil) async throws(IntakeError) -> CycleReport {
        let polls = try await intake.poll(progress: progress)
        var report = try await dispatch()
        report.polls = polls
        return report
    }

    /// The part of a cycle after polling: items a crash left unprocessed are finished, approved
    /// orders confirmed, and what is due delivered. `intake run` does this on the desk's interval
    /// while each source is polled on its own.
    public func dispatch() async throws(IntakeError) -> CycleReport {
        try await intake.processLeftovers()
        var confirmed: [OrderNumber] = []
        var failures: [(OrderNumber, String)] = []
        for (number, result) in try await outbox.confirmApproved() {
            switch result {
            case .success: confirmed.append(number)
            case .failure(let error): failures.append((number, error.message))
            }
        }
        let surveys = try await self.surveys.scheduled()
        let delivery = try await outbox.deliverDue()
        var report = CycleReport(polls: [], confirmed: confirmed, confirmFailures: failures, delivery: delivery)
        report.surveys = surveys
        return report
    }
}
