public import Foundation
import Glibc

/// A loopback TCP proxy in front of a testbed server, for what the servers cannot be asked to
/// do while other tests use them: go away in the middle of a session (`cut`: every connection
/// closed and new ones refused until `start()`), or stop answering at an exact point (`hold`:
/// the matching client bytes are not forwarded, and `held` is signalled so that a test can
/// kill the client right there).
///
/// Rules look at what the client sends in plaintext (use `tls: none`, which the desk allows for
/// loopback hosts) and match within one read, which is how a client's command line arrives; or
/// at what the server sends (`cut` only), where the bytes before the match still go through, so
/// a connection can be cut at an exact point of a long answer.
public final class TCPProxy: @unchecked Sendable {
    public enum Action: Sendable { case cut, hold }

    public let targetPort: UInt16
    public private(set) var port: UInt16 = 0
    /// Signalled once when a `hold` rule matches.
    public let held = DispatchSemaphore(value: 0)

    private let lock = NSLock()
    private var listener: Int32 = -1
    private var sockets: Set<Int32> = []
    private var rule: (marker: [UInt8], remaining: Int, action: Action, fromServer: Bool)?
    private var holding = false
    private let release = DispatchSemaphore(value: 0)

    public init(targetPort: UInt16) throws {
        self.targetPort = targetPort
        try start()
    }

    deinit { stop() }

    /// Listens (again) on the proxy's port; the first start picks a free one.
    public func start() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProxyError("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ProxyError("bind/listen on port \(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        lock.withLock {
            listener = descriptor
            port = UInt16(bigEndian: actual.sin_port)
        }
        Thread.detachNewThread { [self] in acceptLoop(descriptor) }
    }

    /// Closes every connection and the listener: to the client, the server is gone.
    public func stop() {
        let (listening, open) = lock.withLock { () -> (Int32, Set<Int32>) in
            defer { listener = -1; sockets = [] }
            return (listener, sockets)
        }
        if listening >= 0 {
            shutdown(listening, Int32(SHUT_RDWR))
            close(listening)
        }
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    /// Applies `action` when the client sends `marker` for the `occurrence`-th time (1-based).
    public func when(clientSends marker: String, occurrence: Int = 1, _ action: Action) {
        lock.withLock { rule = (Array(marker.utf8), occurrence, action, false) }
    }

    /// Cuts every connection when the server sends `marker` for the `occurrence`-th time, after
    /// passing on what the server sent before it.
    public func cut(whenServerSends marker: String, occurrence: Int = 1) {
        lock.withLock { rule = (Array(marker.utf8), occurrence, .cut, true) }
    }

    /// Ends a hold: the held connection is closed (its client is usually dead by then).
    public func releaseHold() {
        lock.withLock { rule = nil }
        release.signal()
    }

    private func acceptLoop(_ descriptor: Int32) {
        while true {
            let client = accept(descriptor, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return  // listener closed
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected != 0 {
                close(client)
                close(server)
                continue
            }
            lock.withLock { sockets.formUnion([client, server]) }
            Thread.detachNewThread { [self] in pump(client: client, server: server) }
        }
    }

    /// Copies bytes both ways until either side closes, applying the rule to client bytes.
    private func pump(client: Int32, server: Int32) {
        defer {
            lock.withLock { sockets.subtract([client, server]) }
            close(client)
            close(server)
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: server, events: Int16(POLLIN), revents: 0)]
        while true {
            guard poll(&fds, 2, 1000) >= 0 || errno == EINTR else { return }
            for index in 0..<2 where fds[index].revents != 0 {
                let from = fds[index].fd
                let to = index == 0 ? server : client
                var count = read(from, &buffer, buffer.count)
                if count <= 0 { return }
                var cutAfterWrite = false
                if let (action, offset) = matchRule(buffer[0..<count], fromServer: index == 1) {
                    switch action {
                    case .cut where index == 1:
                        count = offset
                        cutAfterWrite = true
                    case .cut:
                        stop()
                        return
                    case .hold:
                        held.signal()
                        release.wait()
                        return
                    }
                }
                var sent = 0
                while sent < count {
                    let written = buffer.withUnsafeBytes { write(to, $0.baseAddress! + sent, count - sent) }
                    if written <= 0 { return }
                    sent += written
                }
                if cutAfterWrite {
                    stop()
                    return
                }
            }
            if lock.withLock({ !sockets.contains(client) }) { return }  // cut by stop()
        }
    }

    /// The action of the rule if `bytes` (from the server or the client) hold its marker for the
    /// last time it waits for, and where in `bytes` the marker starts.
    private func matchRule(_ bytes: ArraySlice<UInt8>, fromServer: Bool) -> (Action, Int)? {
        lock.withLock { () -> (Action, Int)? in
            guard var current = rule, current.fromServer == fromServer, !current.marker.isEmpty, bytes.count >= current.marker.count else { return nil }
            let marker = current.marker
            let found = (0...(bytes.count - marker.count)).first { offset in
                bytes[(bytes.startIndex + offset)...].starts(with: marker)
            }
            guard let found else { return nil }
            current.remaining -= 1
            if current.remaining > 0 {
                rule = current
                return nil
            }
            rule = nil
            return (current.action, found)
        }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

public struct ProxyError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
