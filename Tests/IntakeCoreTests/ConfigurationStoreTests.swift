import Foundation
@testable import IntakeCore
import IntakeTestSupport
import Testing

/// `store:`: SQLite unless a PostgreSQL server is named; no password in the file, and the
/// server's certificate checked whenever the server is not on this machine.
@Suite struct ConfigurationStoreTests {
    func store(_ lines: String) -> String { "store:\n" + lines }

    @Test func withoutAStoreSectionTheDeskIsOnSQLite() throws {
        #expect(ConfigurationProbe.error("") == nil)
    }

    @Test func aPasswordInTheURLIsRefusedAndNotRepeated() throws {
        let error = try #require(ConfigurationProbe.error(store("  url: postgres://intake:s3cret@db.example.test:5432/desk\n")))
        #expect(error.key == "store.url")
        #expect(!error.description.contains("s3cret"))
        // A password that makes the URL unreadable is not repeated either.
        let unreadable = try #require(ConfigurationProbe.error(store("  url: postgres://intake:ab/cd9@db.example.test/desk\n")))
        #expect(!unreadable.description.contains("ab/cd9"))
    }

    @Test(arguments: ["disable", "require"])
    func aRemoteServerMustHaveItsCertificateChecked(_ mode: String) throws {
        let error = try #require(ConfigurationProbe.error(store("  url: postgres://intake@db.example.test:5432/desk\n  password_env: X\n  tls: \(mode)\n")))
        #expect(error.key == "store.tls")
        #expect(ConfigurationProbe.error(store("  url: postgres://intake@127.0.0.1:5432/desk\n  password_env: X\n  tls: \(mode)\n")) == nil)
        #expect(ConfigurationProbe.error(store("  url: postgres://intake@db.example.test:5432/desk\n  password_env: X\n")) == nil)
    }

    @Test func keysOfAPostgreSQLStoreNeedItsURL() throws {
        #expect(ConfigurationProbe.error(store("  password_env: X\n"))?.key == "store.password_env")
        #expect(ConfigurationProbe.error(store("  url: postgres://db.example.test/desk\n"))?.key == "store.url")
        #expect(ConfigurationProbe.error(store("  url: postgres://intake@db.example.test\n"))?.key == "store.url")
        #expect(ConfigurationProbe.error(store("  url: mysql://intake@db.example.test/desk\n"))?.key == "store.url")
        #expect(ConfigurationProbe.error(store("  lease_seconds: 1\n"))?.key == "store.lease_seconds")
    }

    @Test func aSourceNameMayNotLookLikeTheDesksOwnLease() throws {
        let error = try #require(ConfigurationProbe.error("sources:\n  - name: \"@delivery\"\n    url: inbox\n"))
        #expect(error.key == "sources[1].name")
    }
}
