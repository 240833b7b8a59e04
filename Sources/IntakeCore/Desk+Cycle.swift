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
    public func cycle(progress: Progress? = nil) async throws(IntakeError) -> CycleReport {
        let polls = try await poll(progress: progress)
        var report = try await dispatch()
        report.polls = polls
        return report
    }

    /// The part of a cycle after polling: items a crash left unprocessed are finished, approved
    /// orders confirmed, and what is due delivered. `intake run` does this on the desk's interval
    /// while each source is polled on its own.
    public func dispatch() async throws(IntakeError) -> CycleReport {
        try await processLeftovers()
        var confirmed: [OrderNumber] = []
        var failures: [(OrderNumber, String)] = []
        for (number, result) in try await confirmApproved() {
            switch result {
            case .success: confirmed.append(number)
            case .failure(let error): failures.append((number, error.message))
            }
        }
        let surveys = try await scheduledSurveys()
        let delivery = try await deliverDue()
        var report = CycleReport(polls: [], confirmed: confirmed, confirmFailures: failures, delivery: delivery)
        report.surveys = surveys
        return report
    }

    /// Sends the due surveys once a day, at the first cycle on or after `surveys.send_at` (desk
    /// time). The day is recorded after the run; a crash in between runs it again, which sends
    /// nothing twice (each order is surveyed once).
    func scheduledSurveys() async throws(IntakeError) -> [SurveyDecision] {
        guard let (hour, minute) = configuration.surveys.sendAt else { return [] }
        let now = clock()
        let today = deskDay(now)
        guard format(now, "HH:mm") >= String(format: "%02d:%02d", hour, minute) else { return [] }
        if try await reading({ try $0.meta("surveys.last_run_day") }) == today { return [] }
        let decisions = try await sendSurveys(now: now)
        try await writing { try $0.setMeta("surveys.last_run_day", today) }
        let sent = decisions.filter { $0.outcome == "sent" }.count
        logger.info("scheduled surveys: \(sent) queued, \(decisions.count - sent) not sent")
        return decisions
    }
}
