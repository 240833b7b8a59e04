import Foundation
public import IntakeCurl
public import Logging

/// An SFTP or FTP/FTPS drop directory, through libcurl. Files are listed in long form (for their
/// sizes), downloaded whole, and renamed into `after:`'s folder (created when missing) or deleted
/// with quote commands only after the store committed them. The server is verified: SFTP host
/// keys against `known_hosts_file` or `host_key_sha256`, FTPS certificates as everywhere.
public struct RemoteDropSource: DropSource {
    public let configuration: DeskConfiguration.Source
    let session: CurlSession
    let directoryURL: String
    /// The directory relative to the login directory, for quote commands (they are resolved
    /// against the login directory, not the URL's).
    let relativeDirectory: String
    let isSFTP: Bool
    let password: CurlSecret?

    public init(configuration: DeskConfiguration.Source, session: CurlSession) throws(IntakeError) {
        self.configuration = configuration
        self.session = session
        guard let components = URLComponents(string: configuration.location), let scheme = components.scheme?.lowercased(), components.host != nil else {
            throw IntakeError(code: .sourceFailed, message: "\(configuration.location) is not a drop URL such as sftp://host/~/incoming/")
        }
        isSFTP = scheme == "sftp"
        var url = configuration.location
        if !url.hasSuffix("/") { url += "/" }
        directoryURL = url
        var path = (components.percentEncodedPath.removingPercentEncoding ?? components.path)
        if path.hasPrefix("/~/") { path.removeFirst(3) } else if path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        relativeDirectory = path
        password = try configuration.password.map { reference throws(IntakeError) in try reference.resolve() }
        if password == nil && configuration.privateKeyFile == nil {
            throw IntakeError(code: .missingSecret, message: "a drop source needs password_env, password_file or private_key_file")
        }
    }

    func request(_ url: String) -> CurlRequest {
        var request = CurlRequest(url: url, protocols: isSFTP ? ["sftp"] : ["ftp", "ftps"])
        request.username = configuration.username
        request.password = password
        request.caFile = configuration.caFile
        // ftp:// must upgrade with AUTH TLS unless `tls: none` (loopback only); sftp:// and ftps:// are encrypted anyway.
        let plainFTP = configuration.location.lowercased().hasPrefix("ftp://")
        request.tls = plainFTP && !configuration.tlsNone ? .required : .none
        request.sshKnownHostsFile = configuration.knownHostsFile
        request.sshHostKeySHA256 = configuration.hostKeySHA256
        if let key = configuration.privateKeyFile {
            request.sshPrivateKeyFile = key
            if FileManager.default.fileExists(atPath: key + ".pub") { request.sshPublicKeyFile = key + ".pub" }
        }
        request.timeout = 600
        return request
    }

    func fileURL(_ name: String) -> String {
        directoryURL + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#;"))) ?? name)
    }

    public func look() async throws(IntakeError) -> [SourceItem] {
        let listing: CurlResponse
        do { listing = try await session.perform(request(directoryURL)) } catch {
            throw IntakeError(code: .sourceFailed, message: "source \(configuration.name): cannot list \(directoryURL): \(error.message)")
        }
        return Self.parseListing(String(decoding: listing.body, as: UTF8.self)).filter { !Self.isInProgressName($0.filename) }
    }

    /// Unix long listings (`-rw-r--r-- 1 user group 1234 Nov 29 10:00 name`), what both sshd's
    /// SFTP and vsftpd send; directories and links are skipped. The date stands in for mtime.
    static func parseListing(_ text: String) -> [SourceItem] {
        var items: [SourceItem] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard line.first == "-" else { continue }
            let fields = line.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: true)
            guard fields.count == 9, let size = Int(fields[4]) else { continue }
            let name = String(fields[8])
            // The listing's date has minute resolution at best; a stable number made from it is
            // enough to see a change between two looks.
            let stamp = fields[5...7].joined(separator: " ").unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) % 1_000_000_007 }
            items.append(SourceItem(location: name, filename: name, size: size, modified: Date(timeIntervalSince1970: TimeInterval(stamp))))
        }
        return items
    }

    public func path(of item: SourceItem) -> String { directoryURL + item.location }

    public func read(_ item: SourceItem, maxBytes: Int) async throws(IntakeError) -> [UInt8] {
        var request = request(fileURL(item.location))
        request.maxBytes = maxBytes
        do { return try await session.perform(request).body } catch {
            throw IntakeError(code: .sourceFailed, message: "\(item.location): \(error.message)")
        }
    }

    public func isGone(_ item: SourceItem) async -> Bool {
        guard let listing = try? await look() else { return false }
        return !listing.contains { $0.location == item.location }
    }

    public func oversizedKey(_ item: SourceItem) async -> String? { nil }

    public func finish(_ item: SourceItem, outcome: SourceOutcome, logger: Logger) async throws(IntakeError) {
        let action = outcome == .processed ? configuration.after : configuration.onFailure
        // SFTP resolves quote paths against the login directory; FTP post-quote commands run in
        // the URL's directory (pre-quote ones would depend on where a reused connection stands).
        let prefix = isSFTP && !relativeDirectory.isEmpty ? relativeDirectory + "/" : ""
        var commands: [String]
        switch action {
        case .none, .seen, .flag:
            return
        case .delete:
            commands = isSFTP ? ["rm \"\(prefix)\(item.location)\""] : ["DELE \(item.location)"]
        case .move(let folder):
            let target = prefix + folder.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            commands = isSFTP
                ? ["*mkdir \"\(target)\"", "rename \"\(prefix)\(item.location)\" \"\(target)/\(item.location)\""]
                : ["*MKD \(target)", "RNFR \(item.location)", "RNTO \(target)/\(item.location)"]
        }
        if let suffix = configuration.doneSuffix {
            // `*`: libcurl goes on when the done file is already gone.
            commands.append(isSFTP ? "*rm \"\(prefix)\(item.location)\(suffix)\"" : "*DELE \(item.location)\(suffix)")
        }
        var request = request(directoryURL)
        if isSFTP { request.quote = commands } else { request.postQuote = commands }
        request.noBody = true
        do { _ = try await session.perform(request) } catch {
            if await isGone(item) { return }  // another process finished it
            throw IntakeError(code: .io, message: "\(item.location): stored, but \(action) failed on \(directoryURL): \(error.message)")
        }
        logger.debug("drop item finished", metadata: ["source.name": "\(configuration.name)", "item.location": "\(item.location)", "action": "\(action)"])
    }
}
