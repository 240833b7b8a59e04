public import ServiceLifecycle

/// `intake run` without `--once`: a cycle every `poll_interval_seconds` until a graceful shutdown
/// (SIGTERM or SIGINT through the `ServiceGroup`), which lets the cycle in progress finish and
/// only cuts the pause between cycles short. Holds the run lock so that a second instance on
/// the same data folder refuses to start.
public struct DeskService: Service {
    let desk: Desk
    let report: @Sendable (CycleReport) -> Void

    public init(desk: Desk, report: @escaping @Sendable (CycleReport) -> Void) {
        self.desk = desk
        self.report = report
    }

    public func run() async throws {
        let lock = try RunLock(dataDirectory: desk.configuration.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let interval = desk.configuration.pollIntervalSeconds
        desk.logger.info("running; a cycle every \(interval) s", metadata: ["lock": "\(lock.path)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            report(try await desk.cycle())
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
            }
        }
        desk.logger.info("stopped")
    }
}
