import Foundation
import IntakeCore
import IntakeTestSupport
import Logging
import Testing

/// SFTP and FTPS drops against the testbed's sshd and vsftpd. Each test has its own directory.
@Suite(.enabled(if: Testbed.current != nil, "needs the testbed: run scripts/test.sh"), .serialized)
struct DropSourceTests {
    let testbed = Testbed.current!

    /// A fresh directory in the drop user's area, owned by that user so the server may rename in it.
    func makeDirectory() throws -> (name: String, path: String) {
        let name = "t\(UUID().uuidString.prefix(8))"
        let path = (testbed["TESTBED_DROP_DIR"] as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.ownerAccountName: testbed["TESTBED_SFTP_USER"]], ofItemAtPath: path)
        return (name, path)
    }

    func desk(_ source: String) async throws -> (TestDesk, Desk) {
        let testDesk = try TestDesk(withExamples: false, sourcesYAML: source)
        setenv("TB_DROP_PASS", testbed["TESTBED_SFTP_PASSWORD"], 1)
        return (testDesk, try await Desk(configuration: try DeskConfiguration.load(directory: testDesk.configDirectory), logger: Logger(label: "test")))
    }

    func sftpSource(_ directory: String, extra: String = "") -> String {
        """
          - name: drop
            url: sftp://127.0.0.1:\(testbed["TESTBED_SFTP_PORT"])/~/incoming/\(directory)/
            username: \(testbed["TESTBED_SFTP_USER"])
            password_env: TB_DROP_PASS
            settle_seconds: 0.5
        \(extra.isEmpty ? "    known_hosts_file: \(testbed["TESTBED_SFTP_KNOWN_HOSTS"])" : extra)
        """
    }

    func copyExample(_ name: String, to directory: String, as target: String? = nil) throws {
        try FileManager.default.copyItem(atPath: Repository.path("examples/inbox/\(name)"), toPath: (directory as NSString).appendingPathComponent(target ?? name))
    }

    @Test func sftpFilesAreTakenOnceAndMovedAfterStoring() async throws {
        let (name, path) = try makeDirectory()
        try copyExample("010-jiahe-erp-order.csv", to: path)
        try copyExample("001-hsinyi-order-big5.eml", to: path)
        let (kept, desk) = try await desk(sftpSource(name))
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.sourceError == nil, "\(report.sourceError ?? "")")
        #expect(report.orders.count == 2)
        let processed = try FileManager.default.contentsOfDirectory(atPath: path + "/processed").sorted()
        #expect(processed == ["001-hsinyi-order-big5.eml", "010-jiahe-erp-order.csv"])
        #expect(try await desk.intake.poll()[0].taken == 0)
    }

    @Test func anSFTPFileAnnouncedByADoneFileIsTakenAndTheDoneFileRemoved() async throws {
        let (name, path) = try makeDirectory()
        try copyExample("010-jiahe-erp-order.csv", to: path)
        let (kept, desk) = try await desk(sftpSource(name, extra: "    known_hosts_file: \(testbed["TESTBED_SFTP_KNOWN_HOSTS"])\n    done_suffix: .done"))
        defer { withExtendedLifetime(kept) {} }
        let before = try await desk.intake.poll()[0]
        #expect(before.sourceError == nil, "\(before.sourceError ?? "")")
        #expect(before.taken == 0, "a file without its done file must wait")
        _ = FileManager.default.createFile(atPath: path + "/010-jiahe-erp-order.csv.done", contents: nil)
        let report = try await desk.intake.poll()[0]
        #expect(report.taken == 1)
        #expect(report.orders.count == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(left == ["processed"], "the done file goes with its file: \(left)")
        #expect(try await desk.store.itemCount() == 1, "a done file is never an item")
    }

    @Test func aFileStillBeingWrittenWaitsUntilItIsComplete() async throws {
        let (name, path) = try makeDirectory()
        let file = (path as NSString).appendingPathComponent("growing.csv")
        let header = "customer_email,sku,quantity\n"
        _ = FileManager.default.createFile(atPath: file, contents: Data(header.utf8))
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: file) else { return }
            handle.seekToEndOfFile()
            for index in 0..<15 {
                handle.write(Data("zhang.min@jiahe-edu.cn,PAP-A4-80,\(index + 1)\n".utf8))
                Thread.sleep(forTimeInterval: 0.1)
            }
            try? handle.close()
        }
        writer.start()
        let (kept, desk) = try await desk(sftpSource(name))
        defer { withExtendedLifetime(kept) {} }
        let during = try await desk.intake.poll()[0]
        #expect(during.taken == 0, "a file whose size changed between two looks was taken")
        while writer.isExecuting { try await Task.sleep(nanoseconds: 100_000_000) }
        let after = try await desk.intake.poll()[0]
        #expect(after.taken == 1)
        let order = try #require(try await desk.review.queue(states: nil).first)
        #expect(order.lines.count == 15)
    }

    @Test func wrongHostKeyIsRefusedAndNothingIsTaken() async throws {
        let (name, path) = try makeDirectory()
        try copyExample("010-jiahe-erp-order.csv", to: path)
        let (kept, desk) = try await desk(sftpSource(name, extra: "    host_key_sha256: AAAAwrongAAAAwrongAAAAwrongAAAAwrongAAAAwrong"))
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.sourceError?.contains("host key") == true, "\(report.sourceError ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["010-jiahe-erp-order.csv"])
    }

    /// Writes an example order under a name that is raw bytes.
    func writeRaw(_ example: String, to directory: String, name: [UInt8], messageID: String) throws {
        let text = try String(contentsOfFile: Repository.path("examples/inbox/\(example)"), encoding: .utf8)
            .replacingOccurrences(of: "<nw-88231.1764001800@northwind.example>", with: "<\(messageID)@northwind.example>")
        try #require(RawFileNames.write(text, to: directory, name: name))
    }

    func rawNames(_ folder: String) -> Set<[UInt8]> { Set(RawFileNames.names(in: folder)) }

    /// The drop user's FTP (explicit FTPS) source on `directory`; `extra` lines go under it.
    func ftpSource(_ directory: String, extra: String = "") -> String {
        """
          - name: drop
            url: ftp://127.0.0.1:\(testbed["TESTBED_FTP_PORT"])/incoming/\(directory)/
            username: \(testbed["TESTBED_SFTP_USER"])
            password_env: TB_DROP_PASS
            ca_file: \(testbed.caCert)
            settle_seconds: 0.2
        \(extra)
        """
    }

    /// Names are bytes on a server too, and a name is one argument of a command whatever it holds:
    /// a Latin-1 name is fetched and moved by its bytes, a quote or backslash in a name cannot
    /// make a rename touch another file.
    @Test(arguments: ["sftp", "ftp"])
    func remoteNamesThatAreNotUTF8OrHoldQuotesAreTakenAndMovedByTheirBytes(_ scheme: String) async throws {
        let (name, path) = try makeDirectory()
        let latin1 = Array("Bestellung-M".utf8) + [0xE4] + Array("rz.eml".utf8)
        let quoted = Array("a\" \"b\\c.eml".utf8)
        try writeRaw("003-northwind-order.eml", to: path, name: latin1, messageID: "remote-latin1-\(scheme)")
        try writeRaw("003-northwind-order.eml", to: path, name: quoted, messageID: "remote-quoted-\(scheme)")
        let source = scheme == "sftp" ? sftpSource(name) : ftpSource(name)
        let (kept, desk) = try await desk(source)
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.sourceError == nil, "\(report.sourceError ?? "")")
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.orders.count == 2)
        #expect(rawNames(path + "/processed") == [latin1, quoted])
        #expect(rawNames(path) == [Array("processed".utf8)])
        #expect(try await desk.intake.poll()[0].taken == 0)
    }

    @Test func ftpsDeletesAfterStoringAndMovesFailuresAside() async throws {
        let (name, path) = try makeDirectory()
        try copyExample("011-kowloon-webshop.json", to: path)
        _ = FileManager.default.createFile(atPath: (path as NSString).appendingPathComponent("empty.eml"), contents: Data())
        let source = ftpSource(name, extra: "    after: delete\n    on_failure: move:failed")
        let (kept, desk) = try await desk(source)
        defer { withExtendedLifetime(kept) {} }
        let report = try await desk.intake.poll()[0]
        #expect(report.sourceError == nil, "\(report.sourceError ?? "")")
        #expect(report.orders.count == 1)
        #expect(report.failed.map(\.location) == ["empty.eml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).sorted() == ["failed"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/failed") == ["empty.eml"])
    }
}
