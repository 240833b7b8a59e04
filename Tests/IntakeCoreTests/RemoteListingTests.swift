@testable import IntakeCore
import Testing

/// A remote long listing is the server's text about names anybody may have chosen: a name holding
/// a line feed can forge a line of its own, which must never name a file outside the directory.
@Suite struct RemoteListingTests {
    func listing(_ lines: [[UInt8]]) -> [UInt8] {
        lines.joined(separator: [0x0A]).map { $0 }
    }

    @Test func namesAreBytesAndKeepTheirBlanks() {
        let items = RemoteDropSource.parseListing(listing([
            Array("-rw-r--r--    1 drop drop     1234 Nov 29 10:00 order one.csv".utf8),
            Array("-rw-r--r--    1 drop drop       99 Nov 29 10:01 M".utf8) + [0xE4] + Array("rz.eml\r".utf8),
            Array("drwxr-xr-x    2 drop drop     4096 Nov 29 10:02 processed".utf8),
        ]))
        #expect(items.map(\.name) == [Array("order one.csv".utf8), Array("M".utf8) + [0xE4] + Array("rz.eml".utf8)])
        #expect(items.map(\.location) == ["order one.csv", "M\\xE4rz.eml"])
        #expect(items.map(\.size) == [1234, 99])
    }

    @Test func aForgedLineCannotNameAFileOutsideTheDirectory() {
        // One file whose name is "x", a line feed, and a whole listing line of its own.
        let items = RemoteDropSource.parseListing(listing([
            Array("-rw-r--r--    1 drop drop       10 Nov 29 10:00 x".utf8),
            Array("-rw-r--r--    1 drop drop       99 Nov 29 10:00 ../../other-customer/orders.csv".utf8),
            Array("-rw-r--r--    1 drop drop       99 Nov 29 10:00 ..".utf8),
            Array("-rw-r--r--    1 drop drop       99 Nov 29 10:00 sub/file.csv".utf8),
        ]))
        #expect(items.map(\.location) == ["x"])
    }

    @Test func aForgedLineCannotMakeAFolderAFile() {
        let items = RemoteDropSource.parseListing(listing([
            Array("drwxr-xr-x    2 drop drop     4096 Nov 29 10:00 processed".utf8),
            Array("-rw-r--r--    1 drop drop       10 Nov 29 10:00 z".utf8),
            Array("-rw-r--r--    1 a b 99 Nov 29 10:00 processed".utf8),
            Array("-rw-r--r--    1 drop drop       12 Nov 29 10:00 order.csv".utf8),
        ]))
        #expect(items.map(\.location) == ["z", "order.csv"])
    }
}
