import Foundation
import IntakeCurl
import IntakeMIME
import IntakeModel
import Yams

extension DeskConfiguration {
    /// Reads `intake.yaml` from `directory` (defaults where the file or a key is absent).
    public static func load(directory: String) throws(ConfigurationError) -> DeskConfiguration {
        let folder = Self.absolute(directory, relativeTo: FileManager.default.currentDirectoryPath)
        let file = (folder as NSString).appendingPathComponent("intake.yaml")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError(file: folder, key: nil, message: "the configuration folder does not exist; pass --config DIR (default ./config)")
        }
        var root: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: file) {
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError(file: file, key: nil, message: "not UTF-8 text")
            }
            do {
                let loaded = try Yams.load(yaml: text)
                if loaded != nil {
                    guard let dictionary = loaded as? [String: Any] else {
                        throw ConfigurationError(file: file, key: nil, message: "the top level must be a mapping of keys (desk:, sources:, …)")
                    }
                    root = dictionary
                }
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw ConfigurationError(file: file, key: nil, message: "not valid YAML: \(error)")
            }
        }
        var reader = KeyReader(file: file, folder: folder)
        return try reader.read(root)
    }

    static func absolute(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }
}

/// Reads typed values out of the YAML tree, naming the key in every complaint.
struct KeyReader {
    let file: String
    let folder: String

    func fail(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, key: key, message: message)
    }

    func string(_ map: [String: Any], _ name: String, _ path: String) throws(ConfigurationError) -> String? {
        guard let value = map[name], !(value is NSNull) else { return nil }
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        case let number as Double: return String(number)
        default: throw fail(path, "must be text")
        }
    }

    func bool(_ map: [String: Any], _ name: String, _ path: String) throws(ConfigurationError) -> Bool? {
        guard let value = map[name], !(value is NSNull) else { return nil }
        guard let flag = value as? Bool else { throw fail(path, "must be true or false") }
        return flag
    }

    func number(_ map: [String: Any], _ name: String, _ path: String, range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = map[name], !(value is NSNull) else { return nil }
        let number: Double
        switch value {
        case let int as Int: number = Double(int)
        case let double as Double: number = double
        default: throw fail(path, "must be a number")
        }
        guard range.contains(number) else { throw fail(path, "must be between \(range.lowerBound) and \(range.upperBound) (got \(number))") }
        return number
    }

    func mapping(_ map: [String: Any], _ name: String, _ path: String) throws(ConfigurationError) -> [String: Any] {
        guard let value = map[name], !(value is NSNull) else { return [:] }
        guard let mapping = value as? [String: Any] else { throw fail(path, "must be a mapping of keys") }
        return mapping
    }

    func checkKeys(_ map: [String: Any], allowed: Set<String>, _ path: String) throws(ConfigurationError) {
        for key in map.keys where !allowed.contains(key) {
            let prefix = path.isEmpty ? "" : path + "."
            throw fail(prefix + key, "unknown key; known keys here: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func path(_ text: String) -> String { DeskConfiguration.absolute(text, relativeTo: folder) }

    /// A secret named by `*_env` or `*_file`; a plain `password:` is refused so that no secret
    /// ever sits in the configuration file.
    func secret(_ map: [String: Any], _ stem: String, _ path: String) throws(ConfigurationError) -> SecretReference? {
        if map[stem] != nil {
            throw fail("\(path).\(stem)", "secrets never go in the configuration file; use \(stem)_env: VARIABLE or \(stem)_file: PATH")
        }
        let env = try string(map, "\(stem)_env", "\(path).\(stem)_env")
        let file = try string(map, "\(stem)_file", "\(path).\(stem)_file")
        if env != nil && file != nil { throw fail("\(path).\(stem)_env", "give either \(stem)_env or \(stem)_file, not both") }
        if let env { return .environment(env) }
        if let file { return .file(self.path(file)) }
        return nil
    }

    func after(_ text: String?, _ path: String, default fallback: DeskConfiguration.AfterAction, kind: DeskConfiguration.Source.Kind) throws(ConfigurationError) -> DeskConfiguration.AfterAction {
        guard let text else { return fallback }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let allowedForFiles = "none | delete | move:FOLDER"
        switch trimmed {
        case "none": return .none
        case "delete": return .delete
        case "seen", "flag":
            guard kind == .imap else { throw fail(path, "\"\(trimmed)\" applies to IMAP sources only; for folders use \(allowedForFiles)") }
            return trimmed == "seen" ? .seen : .flag
        default:
            guard trimmed.hasPrefix("move:"), trimmed.count > 5 else {
                throw fail(path, "\"\(trimmed)\" is not an action; use " + (kind == .imap ? "seen | flag | move:FOLDER | delete | none" : allowedForFiles))
            }
            let folder = String(trimmed.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            if kind != .imap && (folder.hasPrefix("/") || folder.split(separator: "/").contains("..")) {
                throw fail(path, "the folder \"\(folder)\" must be relative to the drop folder and stay inside it")
            }
            // `move:.` is the drop folder itself: the file would be "moved" onto itself and its
            // name removed, which deletes it.
            if kind != .imap && folder.split(separator: "/").allSatisfy({ $0 == "." }) {
                throw fail(path, "the folder \"\(folder)\" is the drop folder itself; name a folder inside it, such as move:processed")
            }
            return .move(folder)
        }
    }

    /// `since: YYYY-MM-DD` (YAML may hand it over as a date or as text).
    func since(_ map: [String: Any], _ key: String) throws(ConfigurationError) -> Date? {
        guard let value = map["since"], !(value is NSNull) else { return nil }
        if let date = value as? Date { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd"
        guard let text = value as? String, let date = formatter.date(from: text) else {
            throw fail("\(key).since", "must be a date such as 2026-11-01")
        }
        return date
    }

    /// Whether `tls: none` may be used with `host`: a loopback literal (127.0.0.0/8 in
    /// dotted-decimal form, `::1`) or `localhost`, never a name that only starts like one
    /// (`127.0.0.1.evil.example`). Each transfer checks the address it connects to besides
    /// (`CurlRequest.TLSRequirement.none`), so `localhost` resolving elsewhere is refused too.
    static func isLoopback(host: String) -> Bool {
        CurlLoopback.isLoopbackHost(host)
    }

    static let loopbackOnlyMessage = "tls: none is accepted only for a loopback address (127.0.0.1 or another 127.x.y.z, ::1) or localhost"

    mutating func read(_ root: [String: Any]) throws(ConfigurationError) -> DeskConfiguration {
        try checkKeys(root, allowed: ["desk", "data_dir", "templates_dir", "sources", "delivery", "review", "surveys", "poll_interval_seconds", "limits", "charsets", "store"], "")
        let desk = try readDesk(try mapping(root, "desk", "desk"))
        let dataDirectory = path(try string(root, "data_dir", "data_dir") ?? "../data")
        let templates = path(try string(root, "templates_dir", "templates_dir") ?? "../templates")
        let sources = try readSources(root["sources"])
        let delivery = try readDelivery(try mapping(root, "delivery", "delivery"), desk: desk, dataDirectory: dataDirectory, sources: sources)
        let reviewMap = try mapping(root, "review", "review")
        try checkKeys(reviewMap, allowed: ["auto_approve", "min_confidence"], "review")
        let review = DeskConfiguration.Review(autoApprove: try bool(reviewMap, "auto_approve", "review.auto_approve") ?? false,
                                              minConfidence: try number(reviewMap, "min_confidence", "review.min_confidence", range: 0...1) ?? 0.95)
        let surveys = try readSurveys(try mapping(root, "surveys", "surveys"))
        let limits = try readLimits(try mapping(root, "limits", "limits"))
        let fallback = try readCharsets(try mapping(root, "charsets", "charsets"))
        let interval = Int(try number(root, "poll_interval_seconds", "poll_interval_seconds", range: 1...86_400) ?? 60)
        var configuration = DeskConfiguration(directory: folder, file: file, desk: desk, dataDirectory: dataDirectory, templatesDirectory: templates,
                                              sources: sources, delivery: delivery, review: review, surveys: surveys, pollIntervalSeconds: interval,
                                              limits: limits, fallbackCharsets: fallback)
        configuration.store = try readStore(try mapping(root, "store", "store"))
        return configuration
    }

    func readSource(_ map: [String: Any], _ key: String) throws(ConfigurationError) -> DeskConfiguration.Source {
        try checkKeys(map, allowed: ["name", "url", "username", "password_env", "password_file", "password", "oauth2_token_env", "oauth2_token_file",
                                     "oauth2_token", "private_key_file", "known_hosts_file", "host_key_sha256", "ca_file", "tls", "after", "on_failure",
                                     "settle_seconds", "since", "done_suffix", "poll_interval_seconds", "follow_symlinks"], key)
        guard let name = try string(map, "name", "\(key).name"), !name.isEmpty else { throw fail("\(key).name", "every source needs a name") }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw fail("\(key).name", "\"\(name)\" may contain letters, digits, - _ and . only")
        }
        guard let url = try string(map, "url", "\(key).url"), !url.isEmpty else { throw fail("\(key).url", "every source needs a url (a folder path, imaps://, sftp://, …)") }
        let (kind, location) = try kindAndLocation(url, key)
        let tlsText = try string(map, "tls", "\(key).tls")
        let tlsNone = tlsText == "none"
        if let tlsText, tlsText != "none", tlsText != "required" { throw fail("\(key).tls", "must be none or required") }
        if tlsNone, kind != .folder {
            // A URL whose host cannot be read is refused too: what cannot be checked is not loopback.
            let host = URLComponents(string: url)?.host ?? ""
            if !Self.isLoopback(host: host) {
                throw fail("\(key).tls", "\(Self.loopbackOnlyMessage); \(host.isEmpty ? url : host) must use TLS")
            }
        }
        if kind == .sftp && map["known_hosts_file"] == nil && map["host_key_sha256"] == nil {
            throw fail("\(key).known_hosts_file", "an SFTP source must name known_hosts_file or host_key_sha256 so that the server is verified")
        }
        let doneSuffix = try string(map, "done_suffix", "\(key).done_suffix")
        if let doneSuffix {
            if kind == .imap { throw fail("\(key).done_suffix", "done files announce files in drop folders; a mailbox has no use for them") }
            if doneSuffix.isEmpty || doneSuffix.contains("/") {
                throw fail("\(key).done_suffix", "\"\(doneSuffix)\" must be a non-empty file-name ending without /, e.g. .done or .ok")
            }
        }
        let followSymlinks = try bool(map, "follow_symlinks", "\(key).follow_symlinks") ?? false
        if followSymlinks && kind != .folder {
            throw fail("\(key).follow_symlinks", "applies to local folders only; a remote drop's links are the server's business")
        }
        let fileDefaultAfter: DeskConfiguration.AfterAction = kind == .imap ? .seen : .move("processed")
        let fileDefaultFailure: DeskConfiguration.AfterAction = kind == .imap ? .none : .move("failed")
        return DeskConfiguration.Source(
            name: name, kind: kind, location: location, username: try string(map, "username", "\(key).username"),
            password: try secret(map, "password", key), oauth2Token: try secret(map, "oauth2_token", key),
            caFile: try string(map, "ca_file", "\(key).ca_file").map(path), tlsNone: tlsNone,
            after: try after(try string(map, "after", "\(key).after"), "\(key).after", default: fileDefaultAfter, kind: kind),
            onFailure: try after(try string(map, "on_failure", "\(key).on_failure"), "\(key).on_failure", default: fileDefaultFailure, kind: kind),
            settleSeconds: try number(map, "settle_seconds", "\(key).settle_seconds", range: 0...3600) ?? 1.0,
            knownHostsFile: try string(map, "known_hosts_file", "\(key).known_hosts_file").map(path),
            hostKeySHA256: try string(map, "host_key_sha256", "\(key).host_key_sha256"),
            privateKeyFile: try string(map, "private_key_file", "\(key).private_key_file").map(path),
            since: try since(map, key), doneSuffix: doneSuffix,
            pollIntervalSeconds: try number(map, "poll_interval_seconds", "\(key).poll_interval_seconds", range: 1...86_400).map { Int($0) },
            followSymlinks: followSymlinks)
    }

    /// A source's kind from its URL's scheme, and where it is (a folder's path made absolute).
    func kindAndLocation(_ url: String, _ key: String) throws(ConfigurationError) -> (DeskConfiguration.Source.Kind, String) {
        let scheme = url.range(of: "://").map { String(url[..<$0.lowerBound]).lowercased() }
        switch scheme {
        case nil: return (.folder, path(url))
        case "file":
            let rest = String(url.dropFirst("file://".count))
            return (.folder, path(rest.removingPercentEncoding ?? rest))
        case "imap", "imaps": return (.imap, url)
        case "sftp": return (.sftp, url)
        case "ftp", "ftps": return (.ftp, url)
        default:
            throw fail("\(key).url", "scheme \"\(scheme ?? "")\" is not supported; use a folder path, imap://, imaps://, sftp://, ftp:// or ftps://")
        }
    }
}
