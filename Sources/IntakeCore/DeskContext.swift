import Foundation
public import IntakeExtraction
public import IntakeModel
public import Logging
import IntakeCurl

/// What every desk service works with: the configuration, the master data, the store, who is
/// acting and what time it is. One per desk, shared by its services; it holds no state of its own
/// beyond the curl sessions (one per source name, so a mailbox's connection is reused).
public final class DeskContext: Sendable {
    public let configuration: DeskConfiguration
    /// Where the desk keeps everything (`DeskStore`); the desk's services never see its kind.
    public let store: any DeskStore
    public let master: MasterData
    public let logger: Logger
    /// Who is acting, for the event log (`INTAKE_USER`, else `USER`, else `assistant`).
    public let actor: String
    let clock: @Sendable () -> Date
    let sessions = SessionTable()

    init(configuration: DeskConfiguration, store: any DeskStore, master: MasterData, logger: Logger, actor: String,
         clock: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.store = store
        self.master = master
        self.logger = logger
        self.actor = actor
        self.clock = clock
    }

    /// The libcurl session of a source (or of the SMTP server's Sent folder), made on first use.
    func session(for name: String) -> CurlSession {
        sessions.session(for: name)
    }

    /// A store failure in the desk's words: a missing row is `notFound`, a broken rule an
    /// illegal transition, a conflict something already done.
    static func intakeError(_ error: any Error) -> IntakeError {
        if let error = error as? IntakeError { return error }
        guard let error = error as? StoreError else { return IntakeError(code: .storeFailed, message: "the store failed: \(error)") }
        switch error.code {
        case .notFound: return IntakeError(code: .notFound, message: error.message)
        case .rule: return IntakeError(code: .illegalTransition, message: error.message)
        case .conflict: return IntakeError(code: .alreadyDone, message: error.message)
        default: return IntakeError(code: .storeFailed, message: error.message)
        }
    }
}

/// The context is the smallest desk part: what needs only the store and the clock (the data
/// folder's marker, `intake store check`) works on it directly.
extension DeskContext: DeskPart {
    var context: DeskContext { self }
}
