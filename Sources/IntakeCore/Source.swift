/// A place items come from: a local folder, a remote drop (SFTP, FTP, FTPS) or an IMAP mailbox.
/// A poll takes what is new into the store through the intake service (`IntakeService.ingest`,
/// one rule for every kind of source), then tells the source only once the store has committed
/// (move, delete, flag), so a crash between the two loses nothing and stores nothing twice.
public protocol Source: Sendable {
    var configuration: DeskConfiguration.Source { get }
    /// One poll: everything that is ready now, item by item, until done or the desk stops. A
    /// source that cannot be reached is reported in `PollReport.sourceError`, not thrown, so the
    /// other sources go on.
    func poll(into intake: IntakeService, progress: IntakeService.Progress?) async -> PollReport
}
