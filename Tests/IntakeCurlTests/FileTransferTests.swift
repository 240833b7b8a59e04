import Foundation
import IntakeCurl
import IntakeTestSupport
import Testing

@Suite struct FileTransferTests {
    init() throws {
        try Curl.initialize()
    }

    @Test func readsAFileWithAwkwardCharactersInItsName() async throws {
        let folder = TemporaryFolder("curl")
        let bytes = (0..<300_000).map { UInt8($0 % 251) }
        let path = folder.write("訂單 #1 100%.eml", bytes)
        let session = CurlSession(label: "test")
        var request = CurlRequest(url: CurlURL.file(path: path), protocols: ["file"])
        request.tls = .none
        let response = try await session.perform(request)
        #expect(response.body == bytes)
        // The handle is reused for the next transfer.
        #expect(try await session.perform(request).body.count == bytes.count)
    }

    @Test func refusesMoreThanMaxBytes() async throws {
        let folder = TemporaryFolder("curl")
        let path = folder.write("big.bin", [UInt8](repeating: 7, count: 100_000))
        var request = CurlRequest(url: CurlURL.file(path: path), protocols: ["file"])
        request.maxBytes = 1000
        do {
            _ = try await CurlSession(label: "t").perform(request)
            Testing.Issue.record("no error")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("1000"))
        }
    }

    @Test func missingFileIsNotFound() async throws {
        let request = CurlRequest(url: CurlURL.file(path: "/nonexistent/order.eml"), protocols: ["file"])
        await #expect(throws: CurlError.self) { _ = try await CurlSession(label: "t").perform(request) }
    }

    @Test func protocolsAreRestricted() async throws {
        let request = CurlRequest(url: "http://127.0.0.1:9/", protocols: ["file"])
        do {
            _ = try await CurlSession(label: "t").perform(request)
            Testing.Issue.record("http was allowed")
        } catch {
            #expect(error.curlCode == 1)  // CURLE_UNSUPPORTED_PROTOCOL
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        // A FIFO with no writer blocks the read until the transfer is aborted.
        let folder = TemporaryFolder("curl")
        let fifo = folder.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            // Open the writing end so libcurl's open() returns, then write slowly until cancelled.
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            for _ in 0..<200 {
                try? handle.write(contentsOf: Data(repeating: 1, count: 10))
                Thread.sleep(forTimeInterval: 0.05)
            }
            try? handle.close()
        }
        writer.start()
        var request = CurlRequest(url: CurlURL.file(path: fifo), protocols: ["file"])
        request.tls = .none
        let session = CurlSession(label: "cancel")
        let task = Task { try await session.perform(request) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        do {
            _ = try await task.value
            Testing.Issue.record("transfer finished despite cancellation")
        } catch let error as CurlError {
            #expect(error.code == .cancelled)
        }
    }
}
