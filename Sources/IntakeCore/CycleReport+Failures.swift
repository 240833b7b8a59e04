/// Whether a run did everything it tried. A run that finishes with something failed still
/// finishes (one bad message must not stop the others), so the command exits with its own code
/// for it and cron or systemd notice; each failure is already listed in the report.
extension CycleReport {
    /// True when an item could not be read, a confirmation or survey could not be composed, or a
    /// message failed, was given up or could not be written. Waiting messages (a 4xx, the flood
    /// guard) are not failures: they go with a later run. A source that could not be polled at
    /// all is told by `PollReport.sourceError`, which callers check first.
    public var somethingFailed: Bool {
        polls.contains(where: \.somethingFailed) || !confirmFailures.isEmpty || delivery.somethingFailed
            || surveys.contains { $0.outcome == .failed }
    }
}

extension PollReport {
    /// True when some item of the source could not be read or processed.
    public var somethingFailed: Bool { !failed.isEmpty }
}

extension DeliveryReport {
    /// True when a message failed or was given up, or could not be written (and waits).
    public var somethingFailed: Bool { !failed.isEmpty }
}
