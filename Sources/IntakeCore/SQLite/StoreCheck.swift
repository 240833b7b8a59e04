import Foundation
import IntakeStoreSQLite

/// `intake store check`: what the data folder and its store hold, read without opening the desk
/// (which refuses to start on a lost store) and without writing anything.
public struct StoreCheck: Sendable {
    /// The desk whose data folder is looked at.
    public let configuration: DeskConfiguration

    /// A check of `configuration`'s data folder; nothing is opened until `run`.
    public init(configuration: DeskConfiguration) {
        self.configuration = configuration
    }

    /// One verdict per subject; any `ok: false` is something to act on, and says what to do.
    public func run() -> [DeskDoctor.Check] {
        typealias Check = DeskDoctor.Check
        var checks: [Check] = []
        let folder = configuration.dataDirectory
        var status = stat()
        if stat(folder, &status) == 0 {
            let mode = Int(status.st_mode & 0o777)
            checks.append(Check(subject: "data folder", ok: mode & 0o077 == 0,
                                detail: mode & 0o077 == 0 ? "\(folder) (mode \(Self.octal(mode)))"
                                    : "\(folder) is mode \(Self.octal(mode)): other users can read customers' mail there; chmod 700 it"))
        } else {
            checks.append(Check(subject: "data folder", ok: true, detail: "\(folder) does not exist yet: the first run creates a new desk there"))
        }
        if configuration.store.kind == .postgres {
            // The data folder holds only this worker's lock and marker; the store is on the server.
            checks.append(Check(subject: "store", ok: true,
                                detail: "the shared PostgreSQL store \(configuration.store.url ?? ""); `intake store migrate` reaches it and brings its schema up to date, `intake status` shows its workers"))
            return checks
        }
        let marker = DeskMarker.read(configuration)
        let evidence = DeskMarker.evidence(configuration)
        let inspection = SQLiteStore.inspect(databaseFile: configuration.databaseFile)
        let file = configuration.databaseFile
        if let error = inspection.openError {
            checks.append(Check(subject: "store", ok: false, detail: "\(file) cannot be read as a database: \(error); restore it from a backup"))
        } else if !inspection.hasSchema {
            let state = inspection.size == nil ? "is missing" : inspection.size == 0 ? "is empty (0 bytes)" : "holds no desk tables"
            if evidence.isEmpty {
                checks.append(Check(subject: "store", ok: true, detail: "\(file) \(state): a new desk; the first run creates it"))
            } else {
                checks.append(Check(subject: "store", ok: false,
                                    detail: "\(file) \(state), but this data folder has held a desk (\(evidence.joined(separator: "; "))); "
                                        + "intake will not start a new store here. Restore intake.sqlite (with its -wal file) from a backup, or move the data folder away to start a new desk on purpose"))
            }
        } else {
            let mode = inspection.mode ?? 0
            checks.append(Check(subject: "store", ok: mode & 0o077 == 0,
                                detail: "\(file): \(inspection.items) items, \(inspection.orders) orders, \(inspection.outbox) outgoing messages"
                                    + (mode & 0o077 == 0 ? "" : "; mode \(Self.octal(mode)) lets other users read it: chmod 600 it and its -wal and -shm")))
            let integrity = inspection.integrity ?? "not checked"
            checks.append(Check(subject: "integrity", ok: integrity == "ok",
                                detail: integrity == "ok" ? "quick_check ok" : "quick_check found: \(integrity); restore intake.sqlite from a backup"))
            let last = inspection.appliedMigrations.last ?? "none"
            checks.append(Check(subject: "schema", ok: true,
                                detail: inspection.pendingMigrations.isEmpty ? "up to date (\(last))"
                                    : "at \(last); the next run applies \(inspection.pendingMigrations.joined(separator: ", "))"))
            switch (marker, inspection.deskID) {
            case let (marked?, stored?) where marked != stored:
                checks.append(Check(subject: "desk", ok: false,
                                    detail: "the store belongs to desk \(stored) but the folder's marker says \(marked): the store was copied in from another desk; put back this desk's own intake.sqlite"))
            case let (_, stored?):
                checks.append(Check(subject: "desk", ok: true, detail: "desk \(stored)"))
            default:
                checks.append(Check(subject: "desk", ok: true, detail: "no desk id yet: the next run records one"))
            }
        }
        return checks
    }

    static func octal(_ mode: Int) -> String {
        "0" + String(mode, radix: 8)
    }
}
