import Foundation
import Glibc
@testable import IntakeCurl
import IntakeTestSupport
import Testing

private struct SetupError: Error { let what: String }

/// A socket listening on 127.0.0.1 that never accepts: a connection would wait in its backlog.
private final class Listener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SetupError(what: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw SetupError(what: "bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Whether a client connected (a connection is waiting to be accepted).
    func wasConnected() -> Bool {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let client = accept(descriptor, nil, nil)
        if client >= 0 { close(client); return true }
        return false
    }

    deinit { close(descriptor) }
}

/// A transfer without TLS (`tls: none`) connects to loopback addresses only: any other address
/// is refused in the open-socket callback, before a connection exists, so no password (and no
/// packet) leaves the machine. No test here sends anything to an address that is not loopback:
/// a refusal is seen on a listener of the test's own on 127.0.0.1 that the transfer is told to
/// treat as remote, and names are answered through `CURLOPT_RESOLVE`, never by DNS. (No test
/// points a transfer at an address outside 127.0.0.0/8, not even one that must be refused: that
/// 192.0.2.1 is taken for remote is checked on the address alone, in `onlyLoopbackAddressesCount`.)
@Suite struct PlaintextLoopbackTests {
    init() throws {
        try Curl.initialize()
    }

    func sockaddrIPv4(_ text: String) -> (text: String, isLoopback: Bool) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(text)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { CurlLoopback.describe($0, length: MemoryLayout<sockaddr_in>.size) } }
    }

    func sockaddrIPv6(_ text: String) -> (text: String, isLoopback: Bool) {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        _ = inet_pton(AF_INET6, text, &address.sin6_addr)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { CurlLoopback.describe($0, length: MemoryLayout<sockaddr_in6>.size) } }
    }

    @Test func onlyLoopbackAddressesCount() {
        #expect(sockaddrIPv4("127.0.0.1") == ("127.0.0.1", true))
        #expect(sockaddrIPv4("127.5.6.7") == ("127.5.6.7", true))
        #expect(sockaddrIPv4("192.0.2.1") == ("192.0.2.1", false))
        #expect(sockaddrIPv4("10.0.0.127") == ("10.0.0.127", false))
        #expect(sockaddrIPv4("128.0.0.1") == ("128.0.0.1", false))
        #expect(sockaddrIPv6("::1") == ("::1", true))
        #expect(sockaddrIPv6("::ffff:127.0.0.1").isLoopback)
        #expect(!sockaddrIPv6("::ffff:192.0.2.1").isLoopback)
        #expect(!sockaddrIPv6("2001:db8::1").isLoopback)
        #expect(!sockaddrIPv6("::").isLoopback)
        for text in ["127.0.0.1", "127.9.9.9", "::1"] { #expect(CurlLoopback.isLoopbackAddressText(text), "\(text)") }
        for text in ["192.0.2.1", "", "localhost", "::2", "127.0.0.1.evil.example"] { #expect(!CurlLoopback.isLoopbackAddressText(text), "\(text)") }
        for host in ["127.0.0.1", "127.5.6.7", "localhost", "::1", "[::1]"] { #expect(CurlLoopback.isLoopbackHost(host), "\(host)") }
        for host in ["127.0.0.1.evil.example", "127.0.0.1.", "127.1", "localhost.evil.example", "[::2]"] { #expect(!CurlLoopback.isLoopbackHost(host), "\(host)") }
        #expect(CurlLoopback.host(of: "imap://127.0.0.1.evil.example:143/INBOX") == "127.0.0.1.evil.example")
        #expect(CurlLoopback.host(of: "smtp://[::1]:25") == "::1")
    }

    /// The transfer of the issue: IMAP with `tls: none` to `127.0.0.1.evil.example`, a name
    /// that resolved to an address other than loopback (here 127.0.0.1 standing in for it).
    func refusedRequest(port: UInt16, scheme: String = "imap") -> CurlRequest {
        var request = CurlRequest(url: "\(scheme)://127.0.0.1.evil.example:\(port)/INBOX", protocols: [scheme])
        request.tls = .none
        request.username = "orders@example.test"
        request.password = CurlSecret("the-password")
        request.resolve = ["127.0.0.1.evil.example:\(port):127.0.0.1"]
        request.addressesTreatedAsRemote = ["127.0.0.1"]
        request.connectTimeout = 3
        request.timeout = 3
        return request
    }

    @Test(arguments: ["imap", "smtp", "ftp"])
    func aPlainTextTransferToAnAddressThatIsNotLoopbackIsRefusedBeforeConnecting(_ scheme: String) async throws {
        let listener = try Listener()
        do {
            _ = try await CurlSession(label: "t").perform(refusedRequest(port: listener.port, scheme: scheme))
            Testing.Issue.record("the transfer was made")
        } catch {
            #expect(error.code == .plaintextNotLoopback, "\(error)")
            #expect(error.message.contains("127.0.0.1.evil.example"), "\(error.message)")
            #expect(error.message.contains("refused to connect to 127.0.0.1"), "\(error.message)")
            #expect(error.message.contains("TLS"), "\(error.message)")
            #expect(!error.message.contains("the-password"))
        }
        #expect(!listener.wasConnected(), "a connection was made")
    }

    @Test func encryptedSchemesAndFilesAreNotRestricted() throws {
        for url in ["imaps://h/INBOX", "smtps://h", "ftps://h/", "sftp://h/", "file:///tmp/x", "FILE:///tmp/x"] {
            var request = CurlRequest(url: url, protocols: [])
            request.tls = .none
            #expect(!request.isPlaintextNetwork, "\(url)")
        }
        for url in ["imap://h/INBOX", "smtp://h", "ftp://h/", "IMAP://h/"] {
            var request = CurlRequest(url: url, protocols: [])
            #expect(!request.isPlaintextNetwork, "\(url) with TLS required")
            request.tls = .none
            #expect(request.isPlaintextNetwork, "\(url)")
        }
    }
}

/// The check after the transfer (`CURLINFO_PRIMARY_IP`) catches what the open-socket check
/// cannot see: a connection libcurl reuses instead of opening.
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"))
struct PlaintextReuseTests {
    @Test func aReusedConnectionIsCheckedAfterTheTransfer() async throws {
        try Curl.initialize()
        let testbed = try #require(Testbed.current)
        let session = CurlSession(label: "reuse")
        var request = CurlRequest(url: "imap://127.0.0.1:\(testbed.imapPort)/", protocols: ["imap"])
        request.tls = .none
        request.username = testbed.ordersUser
        request.password = CurlSecret(testbed.ordersPassword)
        // Plain text to the loopback server works (Dovecot allows LOGIN without TLS on loopback).
        let listing = try await session.perform(request)
        #expect(String(decoding: listing.body, as: UTF8.self).contains("INBOX"))
        // The same connection, now taken for remote: no socket is opened, the address is checked after.
        request.addressesTreatedAsRemote = ["127.0.0.1"]
        do {
            _ = try await session.perform(request)
            Testing.Issue.record("the transfer on a connection to a remote address was accepted")
        } catch {
            #expect(error.code == .plaintextNotLoopback, "\(error)")
            #expect(error.message.contains("connected to 127.0.0.1"), "\(error.message)")
        }
        // The handle was dropped with its connection: the next transfer opens a new one and is
        // refused before connecting.
        do {
            _ = try await session.perform(request)
            Testing.Issue.record("accepted")
        } catch {
            #expect(error.message.contains("refused to connect to 127.0.0.1"), "\(error.message)")
        }
    }
}
