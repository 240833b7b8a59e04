public import ServiceLifecycle

/// `intake run` without `--once`: every source polled on its own schedule (its
/// `poll_interval_seconds`, else the desk's), so a slow or failing source holds up no other, and
/// confirmation and delivery on the desk's interval; until a graceful shutdown (SIGTERM or
/// SIGINT through the `ServiceGroup`), which lets the work in progress finish — a mailbox stops
/// between two messages — and cuts only the pauses short. Holds the run lock so that a second
/// instance on the same data folder refuses to start.
public struct DeskRunner: Service {
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
        desk.logger.info("running; confirming and delivering every \(interval) s", metadata: ["lock": "\(lock.path)"])
        await withTaskGroup(of: Void.self) { group in
            for source in desk.configuration.sources {
                let every = source.pollIntervalSeconds ?? interval
                desk.logger.info("polling \(source.name) every \(every) s", metadata: ["source.name": "\(source.name)"])
                group.addTask {
                    await Self.repeatUntilShutdown(every: every) {
                        let poll = await desk.intake.pollWatched(source)
                        report(CycleReport(polls: [poll], confirmed: [], confirmFailures: [], delivery: DeliveryReport()))
                    }
                }
            }
            group.addTask {
                await Self.repeatUntilShutdown(every: interval) {
                    do throws(IntakeError) {
                        let done = try await desk.dispatch()
                        report(done)
                    } catch {
                        // A store that cannot be written now may be writable at the next turn.
                        desk.logger.error("\(error.message); trying again in \(interval) s")
                    }
                }
            }
        }
        desk.logger.info("stopped")
    }

    static func repeatUntilShutdown(every seconds: Int, _ body: () async -> Void) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await body()
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(nanoseconds: UInt64(seconds) * 1_000_000_000)
            }
        }
    }
}
