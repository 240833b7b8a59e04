public import ServiceLifecycle

/// `intake run` without `--once`: every source polled on its own schedule (its
/// `poll_interval_seconds`, else the desk's), so a slow or failing source holds up no other, and
/// confirmation and delivery on the desk's interval; until a graceful shutdown (SIGTERM or
/// SIGINT through the `ServiceGroup`), which lets the work in progress finish — a mailbox stops
/// between two messages — and cuts only the pauses short. Holds the run lock so that a second
/// instance on the same data folder refuses to start.
///
/// Several runners may share one store (PostgreSQL, each with its own data folder): each polls
/// a source only while it holds the source's lease, renews its leases and its heartbeat every
/// third of `lease_seconds`, hands a source over between two polls to a worker that holds
/// fewer (`LeaseBalance`), and gives its leases up when it stops. Confirmation and delivery
/// need no lease: the outbox is claimed message by message.
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
        let workers = desk.workers
        // A name another live worker uses stops this one before it polls anything.
        try await workers.heartbeat()
        desk.logger.info("running as worker \(workers.identity.name); confirming and delivering every \(interval) s", metadata: ["lock": "\(lock.path)"])
        // On a shared store, workers started together see each other before any takes a source:
        // one renewal's wait, so that the sources a first sync holds for long are shared out.
        if desk.configuration.store.kind == .postgres, !desk.configuration.sources.isEmpty {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(nanoseconds: UInt64(workers.renewalSeconds) * 1_000_000_000) }
            try? await workers.heartbeat()
        }
        await withTaskGroup(of: Void.self) { group in
            for source in desk.configuration.sources {
                let every = source.pollIntervalSeconds ?? interval
                desk.logger.info("polling \(source.name) every \(every) s while this worker holds its lease", metadata: ["source.name": "\(source.name)"])
                group.addTask {
                    await Self.repeatUntilShutdown(every: every) {
                        // A source no one holds yet waits a turn for a live worker holding fewer.
                        guard await workers.lease(source.name, turn: Double(max(every, workers.renewalSeconds))) else { return }
                        let poll = await desk.intake.pollWatched(source)
                        report(CycleReport(polls: [poll], confirmed: [], confirmFailures: [], delivery: DeliveryReport()))
                        await workers.shareOut(source.name)
                    }
                }
            }
            // The heartbeat, and the leases held renewed, also while a long poll runs.
            group.addTask {
                await Self.repeatUntilShutdown(every: workers.renewalSeconds) {
                    do throws(IntakeError) {
                        try await workers.heartbeat()
                    } catch {
                        desk.logger.error("heartbeat: \(error.message)")
                    }
                    for source in desk.configuration.sources where workers.holds(source.name) {
                        _ = await workers.lease(source.name)
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
        await workers.releaseAll()
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
