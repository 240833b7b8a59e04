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
    public func cycle() async throws(IntakeError) -> CycleReport {
        let polls = try await poll()
        var confirmed: [OrderNumber] = []
        var failures: [(OrderNumber, String)] = []
        for (number, result) in try confirmApproved() {
            switch result {
            case .success: confirmed.append(number)
            case .failure(let error): failures.append((number, error.message))
            }
        }
        let delivery = try deliverDue()
        return CycleReport(polls: polls, confirmed: confirmed, confirmFailures: failures, delivery: delivery)
    }

    /// Loops `cycle()` every `poll_interval_seconds` until the task is cancelled (SIGTERM/SIGINT),
    /// finishing the cycle in progress. Holds the run lock so that a second instance refuses to start.
    public func runForever(report: @Sendable (CycleReport) -> Void) async throws(IntakeError) {
        let lock = try RunLock(dataDirectory: configuration.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        logger.info("running; polling every \(configuration.pollIntervalSeconds) s", metadata: ["lock": "\(lock.path)"])
        while !Task.isCancelled {
            report(try await cycle())
            let interval = UInt64(configuration.pollIntervalSeconds) * 1_000_000_000
            do { try await Task.sleep(nanoseconds: interval) } catch { break }
        }
        logger.info("stopped")
    }
}
