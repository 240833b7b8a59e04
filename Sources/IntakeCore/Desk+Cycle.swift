import Foundation
public import IntakeModel

/// What one `intake run` cycle did.
public struct CycleReport: Sendable {
    public var polls: [PollReport]
    public var confirmed: [OrderNumber]
    public var confirmFailures: [(OrderNumber, String)]
    public var delivery: DeliveryReport

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
        try processLeftovers()
        var confirmed: [OrderNumber] = []
        var failures: [(OrderNumber, String)] = []
        for (number, result) in try confirmApproved() {
            switch result {
            case .success: confirmed.append(number)
            case .failure(let error): failures.append((number, error.message))
            }
        }
        let delivery = try await deliverDue()
        return CycleReport(polls: [], confirmed: confirmed, confirmFailures: failures, delivery: delivery)
    }
}
