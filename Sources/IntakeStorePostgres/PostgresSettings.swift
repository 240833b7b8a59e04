#if Postgres
import Foundation
import PostgresNIO
public import IntakeModel

/// Where the shared store is and how to reach it: from the desk's `store:` section
/// (`url: postgres://user@host:5432/db`, `password_env`, `tls`, `ca_file`). The password comes from
/// the environment, never from a file, and `displayName` leaves it out.
public struct PostgresSettings: Sendable, Equatable {
    /// How the connection is protected: as libpq's `sslmode` of the same names.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS: a server on the same machine or a private network only.
        case disable
        /// TLS without checking the server's certificate (it protects against listening, not against an impostor).
        case require
        /// TLS with the certificate checked against `ca_file` (or the system's roots) and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var caFile: String?

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
                tls: TLSMode = .disable, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.caFile = caFile
    }

    /// Reads `postgres://user@host:port/database` (also `postgresql://`). A password written in
    /// the URL is refused: it belongs in the environment (`password_env`), not in a file others read.
    public init(url text: String, password: String?, tls: TLSMode, caFile: String?) throws(StoreError) {
        func refuse(_ why: String) -> StoreError {
            StoreError(code: .openFailed, message: "store url \(Self.redacted(text)): \(why); write it as postgres://USER@HOST:5432/DATABASE")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw refuse("not a postgres:// address")
        }
        guard components.password == nil else { throw refuse("it holds a password; put the password in the variable named by password_env") }
        guard let user = components.user, !user.isEmpty else { throw refuse("no user name") }
        guard let host = components.host, !host.isEmpty else { throw refuse("no host") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw refuse("no database name after the host") }
        self.init(host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user, password: password,
                  database: database.removingPercentEncoding ?? database, tls: tls, caFile: caFile)
    }

    /// The address without a password, for messages and `intake status`.
    public var displayName: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// A URL with its login part (user and any password) cut out as text: a URL that does not
    /// parse may hold a password, and is never echoed whole.
    static func redacted(_ url: String) -> String { StoreAddress.withoutLogin(url) }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// postgres-nio's configuration for these settings.
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        let transport: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable:
            transport = .disable
        case .require, .verifyFull:
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if tls == .require {
                tlsConfiguration.certificateVerification = .none
            } else {
                tlsConfiguration.certificateVerification = .fullVerification
                if let caFile { tlsConfiguration.trustRoots = .file(caFile) }
            }
            do {
                transport = .require(try NIOSSLContext(configuration: tlsConfiguration))
            } catch {
                throw StoreError(code: .openFailed, message: "cannot set up TLS for \(displayName)\(caFile.map { " with ca_file \($0)" } ?? ""): \(error)")
            }
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                                             database: database, tls: transport)
        configuration.options.connectTimeout = .seconds(10)
        // The name checked against the certificate; an IP address is checked as such by
        // postgres-nio, which sends no server name for it (TLS forbids one).
        if tls == .verifyFull, !Self.isIPAddress(host) { configuration.options.tlsServerName = host }
        return configuration
    }
}
#endif
