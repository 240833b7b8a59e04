import Foundation
@testable import IntakeCore
import IntakeTestSupport
import Testing

/// `tls: none` sends the password in clear text, so the configuration accepts it only for a
/// server on this machine: a loopback literal or `localhost`, never a name that starts like one.
@Suite struct ConfigurationLoopbackTests {
    func load(_ yaml: String) -> ConfigurationError? { ConfigurationProbe.error(yaml) }

    func source(_ url: String) -> String {
        "sources:\n  - name: m\n    url: \(url)\n    tls: none\n    password_env: X\n"
    }

    func smtp(_ url: String) -> String {
        "delivery:\n  method: smtp\n  smtp:\n    url: \(url)\n    tls: none\n"
    }

    @Test func theLoopbackPredicateTakesLiteralsAndLocalhostOnly() {
        for host in ["127.0.0.1", "127.5.6.7", "127.0.0.0", "localhost", "LocalHost", "::1", "[::1]", "0:0:0:0:0:0:0:1"] {
            #expect(KeyReader.isLoopback(host: host), "\(host)")
        }
        for host in ["127.0.0.1.evil.example", "127.", "127.0.0.1.", "127.1", "0177.0.0.1", "127.0.0.1:25", " 127.0.0.1", "::2", "::",
                     "fe80::1", "localhost.", "localhost.evil.example", ""] {
            #expect(!KeyReader.isLoopback(host: host), "\(host)")
        }
    }

    @Test(arguments: ["127.0.0.1", "127.5.6.7", "127.255.255.254", "localhost", "[::1]"])
    func loopbackHostsMayGoWithoutTLS(_ host: String) {
        for yaml in [source("imap://\(host):20143/INBOX"), source("ftp://\(host):20021/incoming/"), smtp("smtp://\(host):20026")] {
            let error = load(yaml)
            #expect(error == nil, "\(yaml): \(error?.description ?? "")")
        }
    }

    @Test(arguments: ["127.0.0.1.evil.example", "127.evil.example", "127.0.0", "127.0.0.01", "127.0.0.256", "128.0.0.1",
                      "192.0.2.1", "localhost.evil.example", "evil-localhost", "[::2]", "[::ffff:192.0.2.1]", "mail.example.test"])
    func otherHostsMustUseTLS(_ host: String) throws {
        for (yaml, key) in [(source("imap://\(host):20143/INBOX"), "sources[1].tls"), (source("ftp://\(host)/incoming/"), "sources[1].tls"),
                            (smtp("smtp://\(host):25"), "delivery.smtp.tls")] {
            let error = try #require(load(yaml), "\(yaml) was accepted")
            #expect(error.key == key)
            #expect(error.message.contains("loopback"), "\(error.message)")
            #expect(error.message.contains("must use TLS"), "\(error.message)")
        }
    }
}
