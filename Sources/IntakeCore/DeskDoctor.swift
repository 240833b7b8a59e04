import Foundation
import IntakeCurl
import IntakeModel
import IntakeRendering

/// Read-only checks of a desk's set-up, each with a verdict a person can act on.
public struct DeskDoctor: Sendable {
    public struct Check: Sendable {
        public var subject: String
        public var ok: Bool
        public var detail: String
    }

    public let configuration: DeskConfiguration

    public init(configuration: DeskConfiguration) {
        self.configuration = configuration
    }

    public func run() async -> [Check] {
        var checks: [Check] = []
        let curl = Curl.versionInfo
        checks.append(Check(subject: "libcurl", ok: true, detail: "\(curl.version) (\(curl.protocols.joined(separator: " ")))"))
        checks.append(Check(subject: "configuration", ok: true, detail: configuration.file))
        // Both files, every bad row of each: a person fixes them all before the next try.
        do {
            let products = try configuration.loadCatalog()
            checks.append(Check(subject: "catalog", ok: !products.isEmpty, detail: "\(products.count) products in \(configuration.catalogFile)"))
        } catch {
            checks += failures("catalog", error)
        }
        do {
            let customers = try configuration.loadCustomers()
            checks.append(Check(subject: "customers", ok: true, detail: "\(customers.count) customers"))
        } catch {
            checks += failures("customers", error)
        }
        checks.append(writable(configuration.dataDirectory, "data_dir"))
        // The store as `intake store check` sees it: a lost store stops every other command.
        checks += StoreCheck(configuration: configuration).run()
        if configuration.delivery.method == .directory { checks.append(writable(configuration.delivery.directory, "delivery.directory")) }
        if configuration.delivery.method == .smtp { checks.append(await smtpCheck()) }
        checks += templateChecks()
        for source in configuration.sources {
            switch source.kind {
            case .folder:
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: source.location, isDirectory: &isDirectory) && isDirectory.boolValue
                checks.append(Check(subject: "source \(source.name)", ok: exists && FileManager.default.isReadableFile(atPath: source.location),
                                    detail: exists ? "folder \(source.location) (after: \(source.after), on_failure: \(source.onFailure))" : "folder \(source.location) does not exist"))
            case .imap:
                // Read-only: EXAMINE logs in (TLS, credentials) and opens the mailbox without changing it.
                do {
                    let mailbox = try source.mailbox(session: CurlSession(label: "doctor-\(source.name)"))
                    let status = try await mailbox.examine()
                    checks.append(Check(subject: "source \(source.name)", ok: true,
                                        detail: "\(source.location): logged in, \(status.exists) messages, UIDVALIDITY \(status.uidValidity)"))
                } catch let error as IntakeError {
                    checks.append(Check(subject: "source \(source.name)", ok: false, detail: error.message))
                } catch let error as CurlError {
                    checks.append(Check(subject: "source \(source.name)", ok: false, detail: error.message))
                } catch {
                    checks.append(Check(subject: "source \(source.name)", ok: false, detail: "\(error)"))
                }
            case .sftp, .ftp:
                // Read-only: a directory listing proves the host (key or certificate), the login and the path.
                do {
                    let drop = try RemoteDropSource(configuration: source, session: CurlSession(label: "doctor-\(source.name)"))
                    let files = try await drop.look()
                    checks.append(Check(subject: "source \(source.name)", ok: true, detail: "\(source.location): logged in, \(files.count) files waiting"))
                } catch {
                    checks.append(Check(subject: "source \(source.name)", ok: false, detail: error.message))
                }
            }
        }
        return checks
    }

    /// Every purpose has a language folder, and every template of each compiles and uses only
    /// names the view has: one failing check per problem, naming the file and the line.
    private func templateChecks() -> [Check] {
        let renderer = TemplateRenderer(directory: configuration.templatesDirectory)
        var missing: [String] = []
        var found: [String] = []
        for purpose in MailPurpose.all.map(\.rawValue) {
            let languages = renderer.languages(for: purpose)
            if languages.isEmpty { missing.append(purpose) } else { found.append("\(purpose) in \(languages.joined(separator: ", "))") }
        }
        let problems = renderer.check(purposes: MailPurpose.all.map(\.rawValue))
        if missing.isEmpty, problems.isEmpty { return [Check(subject: "templates", ok: true, detail: found.joined(separator: "; "))] }
        var checks = problems.map { problem in
            Check(subject: "templates", ok: false, detail: "\(problem.template)" + (problem.line.map { " line \($0)" } ?? "") + ": \(problem.message)")
        }
        if !missing.isEmpty {
            checks.append(Check(subject: "templates", ok: false,
                                detail: "no templates for \(missing.joined(separator: ", ")) under \(configuration.templatesDirectory): those emails cannot be sent"))
        }
        return checks
    }

    /// A master-data file that cannot be used: one failing check per bad row when it has rows
    /// to blame, else one for the file.
    private func failures(_ subject: String, _ error: ConfigurationError) -> [Check] {
        guard !error.problems.isEmpty else { return [Check(subject: subject, ok: false, detail: error.description)] }
        return error.problems.map { Check(subject: subject, ok: false, detail: $0) }
    }

    /// Read-only: connect, STARTTLS, log in, EHLO and NOOP; nothing is sent.
    private func smtpCheck() async -> Check {
        do {
            let sender = try configuration.smtpSender(session: CurlSession(label: "doctor-smtp"))
            let info = try await sender.probe()
            return Check(subject: "delivery smtp", ok: true,
                         detail: "\(sender.endpoint.server): logged in" + (info.maxMessageSize.map { ", messages up to \($0) bytes" } ?? ""))
        } catch let error as IntakeError {
            return Check(subject: "delivery smtp", ok: false, detail: error.message)
        } catch let error as CurlError {
            return Check(subject: "delivery smtp", ok: false, detail: error.message)
        } catch {
            return Check(subject: "delivery smtp", ok: false, detail: "\(error)")
        }
    }

    private func writable(_ path: String, _ key: String) -> Check {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let parent = (path as NSString).deletingLastPathComponent
            let ok = manager.isWritableFile(atPath: parent) || !manager.fileExists(atPath: parent)
            return Check(subject: key, ok: ok, detail: "\(path) (will be created)")
        }
        return Check(subject: key, ok: manager.isWritableFile(atPath: path), detail: path)
    }
}
