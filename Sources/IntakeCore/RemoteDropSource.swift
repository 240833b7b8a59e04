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

    /// The URL of a file in the directory: its name's bytes percent-encoded (libcurl decodes them
    /// back to the same bytes), so that a name that is not UTF-8 is fetched as it is.
    func fileURL(_ name: [UInt8]) -> String {
        directoryURL + CurlURL.segment(name)
    }

    public func look() async throws(IntakeError) -> [SourceItem] {
        let listing: CurlResponse
        do { listing = try await session.perform(request(directoryURL)) } catch {
            throw IntakeError(code: .sourceFailed, message: "source \(configuration.name): cannot list \(directoryURL): \(error.message)")
        }
        return Self.parseListing(listing.body).filter { !Self.isInProgressName($0.filename) }
    }

    /// Unix long listings (`-rw-r--r-- 1 user group 1234 Nov 29 10:00 name`), what both sshd's
    /// SFTP and vsftpd send; directories and links are skipped. The date stands in for mtime.
    /// Read as bytes: the name is whatever bytes the server's file system holds (a Latin-1 name
    /// decoded as UTF-8 became a name no file has, fetched and moved in vain).
    static func parseListing(_ bytes: [UInt8]) -> [SourceItem] {
        var items: [SourceItem] = []
        var folders: Set<[UInt8]> = []
        for rawLine in bytes.split(separator: 0x0A) {
            var line = Array(rawLine)
            if line.last == 0x0D { line.removeLast() }
            guard line.first == UInt8(ascii: "-") || line.first == UInt8(ascii: "d") else { continue }
            // Eight blank-separated fields, then the name (which may hold blanks of its own).
            var fields: [ArraySlice<UInt8>] = []
            var index = 0
            while fields.count < 8 && index < line.count {
                while index < line.count && line[index] == 0x20 { index += 1 }
                let start = index
                while index < line.count && line[index] != 0x20 { index += 1 }
                if start < index { fields.append(line[start..<index]) }
            }
            guard fields.count == 8, index < line.count, let size = Int(String(decoding: fields[4], as: UTF8.self)) else { continue }
            let name = Array(line[(index + 1)...])
            if line.first == UInt8(ascii: "d") {
                folders.insert(name)
                continue
            }
            // A name is one name in this directory: a listing line forged inside another file's name
            // (a name holding a line feed) could otherwise point at `../elsewhere/file`, which would
            // be read, then moved or deleted.
            guard !name.isEmpty, name != [0x2E], name != [0x2E, 0x2E], !name.contains(0x2F), !name.contains(0) else { continue }
            let shown = DropFolderFiles.displayName(name)
            // The listing's date has minute resolution at best; a stable number made from it is
            // enough to see a change between two looks.
            let stamp = fields[5...7].joined(separator: [0x20]).reduce(0) { ($0 &* 31 &+ Int($1)) % 1_000_000_007 }
            items.append(SourceItem(location: shown, filename: shown, size: size, modified: Date(timeIntervalSince1970: TimeInterval(stamp)), name: name))
        }
        // A "file" that has a folder's name was forged by a name holding a line feed: taking it
        // would move the folder (`processed/` into `failed/`).
        return items.filter { !folders.contains($0.name) }
    }

    public func path(of item: SourceItem) -> String { directoryURL + item.location }

    public func read(_ item: SourceItem, maxBytes: Int) async throws(IntakeError) -> [UInt8] {
        var request = request(fileURL(item.name))
        request.maxBytes = maxBytes
        do { return try await session.perform(request).body } catch {
            throw IntakeError(code: .sourceFailed, message: "\(item.location): \(error.message)")
        }
    }

    public func isGone(_ item: SourceItem) async -> Bool {
        guard let listing = try? await look() else { return false }
        return !listing.contains { $0.name == item.name }
    }

    public func oversizedKey(_ item: SourceItem) async -> String? { nil }

    public func finish(_ item: SourceItem, outcome: SourceOutcome, logger: Logger) async throws(IntakeError) {
        let action = outcome == .processed ? configuration.after : configuration.onFailure
        // SFTP resolves quote paths against the login directory; FTP post-quote commands run in
        // the URL's directory (pre-quote ones would depend on where a reused connection stands).
        let prefix = Array((isSFTP && !relativeDirectory.isEmpty ? relativeDirectory + "/" : "").utf8)
        let name = item.name
        // FTP commands are lines: a name with a line break or NUL would end the command and start
        // another (a file named "a\rDELE b" could delete b). Such a file is left where it is.
        if !isSFTP, name.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw IntakeError(code: .io, message: "\(item.location): stored, but its name holds a line break and cannot be named in an FTP command; move it by hand")
        }
        let done = configuration.doneSuffix.map { name + Array($0.utf8) }
        var commands: [[UInt8]]
        switch action {
        case .none, .seen, .flag:
            return
        case .delete:
            commands = isSFTP ? [Array("rm ".utf8) + Self.sftpQuoted(prefix + name)] : [Array("DELE ".utf8) + name]
        case .move(let folder):
            let target = Array(folder.trimmingCharacters(in: CharacterSet(charactersIn: "/")).utf8)
            commands = isSFTP
                ? [Array("*mkdir ".utf8) + Self.sftpQuoted(prefix + target),
                   Array("rename ".utf8) + Self.sftpQuoted(prefix + name) + [0x20] + Self.sftpQuoted(prefix + target + [0x2F] + name)]
                : [Array("*MKD ".utf8) + target, Array("RNFR ".utf8) + name, Array("RNTO ".utf8) + target + [0x2F] + name]
        }
        if let done {
            // `*`: libcurl goes on when the done file is already gone.
            commands.append(isSFTP ? Array("*rm ".utf8) + Self.sftpQuoted(prefix + done) : Array("*DELE ".utf8) + done)
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

    /// A path as libcurl's SFTP quote commands read one: in double quotes, with `"` and `\`
    /// escaped by a backslash, so that a name holding a quote stays one argument (a file named
    /// `a" "../x` would otherwise have renamed another file).
    static func sftpQuoted(_ path: [UInt8]) -> [UInt8] {
        var quoted: [UInt8] = [0x22]
        for byte in path {
            if byte == 0x22 || byte == 0x5C { quoted.append(0x5C) }
            quoted.append(byte)
        }
        quoted.append(0x22)
        return quoted
    }
}
