@testable import IntakeCurl
import Testing

/// STORE, MOVE and EXPUNGE name at most `commandChunk` UIDs each, so that the server's answer (a
/// line per message) stays under Debian 12 libcurl's limit on a custom request's response.
@Suite struct IMAPCommandChunkTests {
    @Test func uidsAreSplitInOrderIntoBoundedPieces() {
        let uids = (1...437).map(UInt32.init)
        let chunks = IMAPMailbox.chunks(uids)
        #expect(chunks.count == 9)
        #expect(chunks.allSatisfy { $0.count <= IMAPMailbox.commandChunk && !$0.isEmpty })
        #expect(chunks.flatMap { $0 } == uids)
        #expect(IMAPMailbox.chunks([]).isEmpty)
        #expect(IMAPMailbox.chunks([7]) == [[7]])
    }
}
