import Foundation
import IntakeModel

extension KeyReader {
    /// `store:`: nothing (SQLite in the data folder), or a PostgreSQL server shared by several
    /// workers: `url`, `password_env`/`password_file`, `tls`, `ca_file`, `lease_seconds`, `worker`.
    func readStore(_ map: [String: Any]) throws(ConfigurationError) -> DeskConfiguration.Store {
        try checkKeys(map, allowed: ["url", "password_env", "password_file", "password", "tls", "ca_file", "lease_seconds", "worker"], "store")
        var store = DeskConfiguration.Store()
        store.leaseSeconds = Int(try number(map, "lease_seconds", "store.lease_seconds", range: 5...3_600) ?? 60)
        store.worker = try string(map, "worker", "store.worker")
        if let worker = store.worker, worker.isEmpty || worker.contains(where: { $0.isNewline }) {
            throw fail("store.worker", "must be a name on one line, such as desk-2")
        }
        guard let url = try string(map, "url", "store.url") else {
            for key in ["password_env", "password_file", "tls", "ca_file"] where map[key] != nil {
                throw fail("store.\(key)", "belongs to a PostgreSQL store; add store.url (postgres://USER@HOST:5432/DATABASE) or remove it")
            }
            return store
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql", let host = components.host, !host.isEmpty else {
            // Never echoed as written: it may hold a password that made it unreadable.
            throw fail("store.url", "\"\(StoreAddress.withoutLogin(url))\" is not a PostgreSQL address; write postgres://USER@HOST:5432/DATABASE (the password in password_env)")
        }
        guard components.password == nil else {
            throw fail("store.url", "holds a password; secrets never go in the configuration file: use store.password_env or store.password_file")
        }
        guard components.user?.isEmpty == false else { throw fail("store.url", "names no user; write postgres://USER@HOST:5432/DATABASE") }
        guard components.path.count > 1 else { throw fail("store.url", "names no database; write postgres://USER@HOST:5432/DATABASE") }
        store.kind = .postgres
        store.url = url
        store.password = try secret(map, "password", "store")
        store.caFile = try string(map, "ca_file", "store.ca_file").map(path)
        if let tlsText = try string(map, "tls", "store.tls") {
            guard let tls = DeskConfiguration.Store.TLS(rawValue: tlsText) else {
                throw fail("store.tls", "\"\(tlsText)\" is not a TLS mode; use verify-full (the default), require, or disable (loopback only)")
            }
            store.tls = tls
        }
        // A certificate not checked protects against listening but not against an impostor:
        // like no TLS at all, only for a server on this machine.
        if store.tls != .verifyFull, !Self.isLoopback(host: host) {
            throw fail("store.tls", "\(store.tls.rawValue) is accepted only for a server on this machine (127.0.0.1, ::1 or localhost); "
                + "over the network the server's certificate is always checked: use verify-full (with ca_file for your own CA)")
        }
        return store
    }
}

extension DeskConfiguration.Store {
    /// A PostgreSQL store given on the command line (`intake store copy --to …`), read by the
    /// same rules as a `store:` section; `what` names the options in errors.
    public static func postgres(url: String, passwordEnv: String?, tls: String?, caFile: String?,
                                what: String = "command line") throws(ConfigurationError) -> DeskConfiguration.Store {
        var map: [String: Any] = ["url": url]
        if let passwordEnv { map["password_env"] = passwordEnv }
        if let tls { map["tls"] = tls }
        if let caFile { map["ca_file"] = caFile }
        return try KeyReader(file: what, folder: FileManager.default.currentDirectoryPath).readStore(map)
    }
}
