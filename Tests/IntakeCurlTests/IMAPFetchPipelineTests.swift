import Foundation
import IntakeCurl
import IntakeTestSupport
import Testing

/// The fetch pipeline (`UID FETCH … BODY.PEEK[]` on a handed-over connection) against the real
/// Dovecot of the testbed: what comes back is byte for byte what was put in, in any order asked
/// for, without marking anything read; missing, oversize and newly arrived messages.
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"), .serialized)
struct IMAPFetchPipelineTests {
    let testbed = Testbed.current!

    init() throws {
        try Curl.initialize()
    }

    func mailbox(_ name: String, scheme: String = "imap") -> IMAPMailbox {
        let port = Int(scheme == "imaps" ? testbed.imapsPort : testbed.imapPort)
        let endpoint = IMAPEndpoint(scheme: scheme, host: "127.0.0.1", port: port, mailbox: name, username: testbed.ordersUser,
                                    password: CurlSecret(testbed.ordersPassword), bearerToken: nil, caFile: testbed.caCert, tls: .required)
        return IMAPMailbox(endpoint: endpoint, session: CurlSession(label: "pipeline-test"))
    }

    /// A message of about `size` bytes with CRLF line ends (as an IMAP server keeps them).
    func message(_ number: Int, size: Int) -> [UInt8] {
        var text = "From: buyer\(number)@example.test\r\nSubject: message \(number)\r\nMessage-ID: <m\(number)@example.test>\r\n\r\n"
        var line = 0
        while text.utf8.count < size {
            text += "line \(line) of message \(number): \(String(repeating: "x", count: 60))\r\n"
            line += 1
        }
        return Array(text.utf8)
    }

    @Test func messagesComeBackWholeInAnyOrderUnreadAndMissingOnesAreNamed() async throws {
        let box = "p\(UUID().uuidString.prefix(8))"
        let folder = TemporaryFolder("pipeline")
        // The second is larger than the ~300 KB at which Debian 12's libcurl gives up on a
        // custom UID FETCH answer.
        let messages = [message(1, size: 2_000), message(2, size: 700_000), message(3, size: 5_000)]
        try testbed.makeMailbox(box, files: messages.enumerated().map { folder.write("\($0.offset).eml", $0.element) }, unread: true)
        let mailbox = mailbox(box)
        let status = try await mailbox.examine()

        #expect(try await mailbox.fetch(uid: 1, upcoming: [2, 3, 7], uidValidity: status.uidValidity, maxBytes: 1_000_000) == messages[0])
        // Asked out of order: 3 is read past 2, which waits for its turn.
        #expect(try await mailbox.fetch(uid: 3, upcoming: [7], uidValidity: status.uidValidity, maxBytes: 1_000_000) == messages[2])
        #expect(try await mailbox.fetch(uid: 2, upcoming: [7], uidValidity: status.uidValidity, maxBytes: 1_000_000) == messages[1])
        do {
            _ = try await mailbox.fetch(uid: 7, uidValidity: status.uidValidity, maxBytes: 1_000_000)
            Issue.record("UID 7 does not exist, yet something came back")
        } catch {
            #expect(error.code == .notFound, "\(error)")
        }

        // Mail that arrives after the connection looked is seen by the next fetch on it.
        let late = message(4, size: 3_000)
        try testbed.curl([testbed.serverURL + box], upload: folder.write("late.eml", late))
        #expect(try await mailbox.fetch(uid: 4, uidValidity: status.uidValidity, maxBytes: 1_000_000) == late)

        // PEEK: the three stay unread (libcurl's APPEND stored the late one read).
        #expect(try testbed.unread(box) == 3)
    }

    @Test func anOversizeMessageIsRefusedAndTheNextOneStillComes() async throws {
        let box = "p\(UUID().uuidString.prefix(8))"
        let folder = TemporaryFolder("pipeline")
        let messages = [message(1, size: 1_500_000), message(2, size: 4_000)]
        try testbed.makeMailbox(box, files: messages.enumerated().map { folder.write("\($0.offset).eml", $0.element) })
        let mailbox = mailbox(box, scheme: "imaps")
        let status = try await mailbox.examine()
        do {
            _ = try await mailbox.fetch(uid: 1, upcoming: [2], uidValidity: status.uidValidity, maxBytes: 1_000_000)
            Issue.record("a message over the limit came back")
        } catch {
            #expect(error.code == .tooLarge, "\(error)")
            #expect(error.message.contains("1000000"), "\(error.message)")
        }
        #expect(try await mailbox.fetch(uid: 2, uidValidity: status.uidValidity, maxBytes: 1_000_000) == messages[1])
    }

    @Test func aChangedUIDValidityIsAnErrorNotAnotherMessage() async throws {
        let box = "p\(UUID().uuidString.prefix(8))"
        let folder = TemporaryFolder("pipeline")
        try testbed.makeMailbox(box, files: [folder.write("1.eml", message(1, size: 1_000))])
        let mailbox = mailbox(box)
        let status = try await mailbox.examine()
        do {
            _ = try await mailbox.fetch(uid: 1, uidValidity: status.uidValidity &+ 1, maxBytes: 1_000_000)
            Issue.record("fetched under a UIDVALIDITY the mailbox does not have")
        } catch {
            #expect(error.message.contains("UIDVALIDITY"), "\(error.message)")
        }
        #expect(try await mailbox.fetch(uid: 1, uidValidity: status.uidValidity, maxBytes: 1_000_000).count > 1_000)
    }
}
