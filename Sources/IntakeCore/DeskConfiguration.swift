public import Foundation
public import IntakeMIME

/// The desk's configuration (`intake.yaml`, contract §4), with every path made absolute.
///
/// Each key is documented in `config/README.md`; the loader (`DeskConfiguration+Loading.swift`)
/// names the key and the file in every error.
public struct DeskConfiguration: Sendable {
    public struct Desk: Sendable {
        /// Shown in emails and reports.
        public var name: String
        /// `From:` of every outgoing email, e.g. `Mingcheng Orders <orders@example.test>`.
        public var from: MailAddress
        /// For relative dates, schedules and reports.
        public var timeZone: TimeZone
        /// Reply language when the customer's is unknown (BCP 47).
        public var language: String
        /// The name per language (`desk.name` written as a mapping), so that a zh-TW email does
        /// not sign off with the English name.
        public var names: [String: String] = [:]

        /// The name to sign an email in `language` with: that language's, else its base
        /// language's (`zh` for `zh-HK`: the first zh-… name, by tag), else `name`.
        public func name(for language: String?) -> String {
            guard let language, !names.isEmpty else { return name }
            if let exact = names.first(where: { $0.key.caseInsensitiveCompare(language) == .orderedSame })?.value { return exact }
            let base = language.split(separator: "-").first.map { String($0).lowercased() } ?? ""
            return names.keys.sorted().first { $0.lowercased() == base || $0.lowercased().hasPrefix(base + "-") }.flatMap { names[$0] } ?? name
        }
    }

    /// What to do with a source item once it is safely stored (or has failed).
    public enum AfterAction: Sendable, Equatable, CustomStringConvertible {
        case none, seen, flag, delete
        case move(String)

        public var description: String {
            switch self {
            case .none: "none"
            case .seen: "seen"
            case .flag: "flag"
            case .delete: "delete"
            case .move(let folder): "move:\(folder)"
            }
        }
    }

    public struct Source: Sendable {
        public enum Kind: Sendable, Equatable { case folder, imap, sftp, ftp }

        public var name: String
        public var kind: Kind
        /// An absolute folder path for `.folder`; the URL as written otherwise.
        public var location: String
        public var username: String?
        public var password: SecretReference?
        public var oauth2Token: SecretReference?
        public var caFile: String?
        public var tlsNone: Bool
        public var after: AfterAction
        public var onFailure: AfterAction
        /// Seconds a file's size and modification time must stay unchanged before it is taken.
        public var settleSeconds: Double
        /// SFTP: the server key must be in this known_hosts file, or have this SHA-256 fingerprint.
        public var knownHostsFile: String?
        public var hostKeySHA256: String?
        /// SFTP: log in with this private key (its `.pub` beside it is used when present).
        public var privateKeyFile: String?
        /// Mailboxes: on the first sync, skip mail older than this day (`since: 2026-11-01`).
        public var since: Date?
        /// Drops: a file is taken only once a file of the same name plus this ending is there
        /// too (`order.csv` waits for `order.csv.done`); the done file goes when the file does.
        public var doneSuffix: String?
        /// `intake run`: this source's own interval (else the desk's `poll_interval_seconds`).
        public var pollIntervalSeconds: Int?
        /// Local folders: follow symbolic links whose target is a regular file inside the folder
        /// (`follow_symlinks: true`). Off by default: a link is a failed item, and a link out of
        /// the folder always is.
        public var followSymlinks: Bool = false
    }

    public struct Delivery: Sendable {
        public enum Method: String, Sendable { case smtp, directory }
        public var method: Method
        /// Absolute folder for the `directory` method.
        public var directory: String
        public var smtpURL: String?
        public var smtpUsername: String?
        public var smtpPassword: SecretReference?
        /// XOAUTH2 bearer token (Gmail, Microsoft 365) instead of a password.
        public var smtpOAuth2Token: SecretReference?
        public var smtpCAFile: String?
        /// `tls: none`: no STARTTLS (loopback hosts only).
        public var smtpTLSNone: Bool = false
        /// A copy of every sent message goes into this IMAP folder of the desk's own account (the
        /// IMAP source named by `sentSource`), where a crashed send is also looked for.
        public var appendSent: String?
        /// The IMAP source whose account is the sending account (same username as SMTP's).
        public var sentSource: String?
        /// At most this many messages to one address per hour; more wait (a flood guard).
        public var maxPerRecipientPerHour: Int = 10
        /// A message that could not be sent for this long is given up (`failed`).
        public var retryForHours: Double = 48
    }

    public struct Review: Sendable {
        public var autoApprove: Bool
        public var minConfidence: Double
    }

    public struct Surveys: Sendable {
        public var afterDays: Int
        public var minDaysBetween: Int
        /// When `intake run` sends the surveys that are due, in the desk's time zone; nil: only
        /// `intake survey send` (cron, a systemd timer) sends them.
        public var sendAt: (hour: Int, minute: Int)?
        /// 5: a 1–5 rating (CSAT); 10: a 0–10 recommendation score (NPS).
        public var scale: Int = 5
        /// Where `List-Unsubscribe` mail goes; the desk's own address when nil (its mailbox is polled).
        public var unsubscribeTo: String?
    }

    /// `store:`: where the desk's durable state lives. SQLite in the data folder unless a
    /// PostgreSQL server is named, which several workers (`intake run` on one machine or
    /// several) then share.
    public struct Store: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case sqlite, postgres }
        /// How a PostgreSQL connection is protected (libpq's `sslmode` words).
        public enum TLS: String, Sendable, Equatable, CaseIterable {
            case disable, require
            case verifyFull = "verify-full"
        }

        public var kind: Kind = .sqlite
        /// `postgres://USER@HOST:5432/DATABASE`, never with a password in it.
        public var url: String?
        public var password: SecretReference?
        public var tls: TLS = .verifyFull
        public var caFile: String?
        /// A source is polled by one worker at a time: the worker holds its lease, renewed while
        /// polling; a worker that dies loses it after this many seconds and another takes over.
        public var leaseSeconds: Int = 60
        /// This worker's name in `intake status` and in the leases it holds (default: the host name).
        public var worker: String?

        public init() {}
    }

    /// The folder the configuration was read from; relative paths are relative to it.
    public var directory: String
    /// The `intake.yaml` path, or a note that defaults are in use, for error messages.
    public var file: String
    public var desk: Desk
    public var dataDirectory: String
    public var templatesDirectory: String
    public var sources: [Source]
    public var delivery: Delivery
    public var review: Review
    public var surveys: Surveys
    public var pollIntervalSeconds: Int
    public var limits: MIMELimits
    /// Charsets tried when a part's declared charset does not fit (`charsets.fallback`).
    public var fallbackCharsets: [String]
    public var store = Store()

    /// `catalog.csv` beside the configuration.
    public var catalogFile: String { (directory as NSString).appendingPathComponent("catalog.csv") }
    /// `customers.csv` beside the configuration (optional).
    public var customersFile: String { (directory as NSString).appendingPathComponent("customers.csv") }
    /// The SQLite database.
    public var databaseFile: String { (dataDirectory as NSString).appendingPathComponent("intake.sqlite") }
}
