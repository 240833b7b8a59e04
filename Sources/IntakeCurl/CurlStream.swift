import CIntakeCurl
import Glibc

/// A connection that libcurl opened, secured (TLS or STARTTLS, with the certificate checked) and
/// logged in to, then handed over (`CURLOPT_CONNECT_ONLY`) for an exchange libcurl cannot run
/// itself; bytes go through `curl_easy_send`/`curl_easy_recv`, so TLS stays libcurl's.
///
/// Blocking, like every transfer: only an actor on its own queue (`CurlSession`) uses one.
/// Reads are buffered, so a caller can take a line or a counted run of bytes at a time.
final class CurlStream {
    private let easy: CurlEasy
    private let socket: Int32
    /// For messages: the URL it was opened with (no credentials in it).
    let url: String
    /// Abort when nothing arrives or leaves for this many seconds.
    private let stallTimeout: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var chunk = [UInt8](repeating: 0, count: 128 * 1024)

    init(opening request: CurlRequest, cancelled: CancellationFlag) throws(CurlError) {
        var request = request
        request.connectOnly = true
        let easy = try CurlEasy()
        _ = try easy.perform(request, cancelled: cancelled)
        guard let socket = easy.activeSocket else {
            throw CurlError(code: .connectionFailed, message: "\(request.url): libcurl handed over no connection")
        }
        self.easy = easy
        self.socket = socket
        self.url = request.url
        self.stallTimeout = request.stallTimeout
    }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8], cancelled: CancellationFlag) throws(CurlError) {
        var offset = 0
        while offset < bytes.count {
            let (code, sent) = bytes.withUnsafeBytes { easy.send(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch code {
            case CURLE_OK: offset += sent
            case CURLE_AGAIN: try wait(for: Int16(POLLOUT), cancelled: cancelled)
            default: throw failure(code, "sending")
            }
        }
    }

    /// The next line without its CRLF (or bare LF). A line longer than `limit` bytes is an error:
    /// a server that never ends a line must not take all memory.
    func readLine(limit: Int, cancelled: CancellationFlag) throws(CurlError) -> [UInt8] {
        var searched = position
        while true {
            if let newline = buffer[searched...].firstIndex(of: 10) {
                var end = newline
                if end > position, buffer[end - 1] == 13 { end -= 1 }
                let line = Array(buffer[position..<end])  // a copy: the buffer is refilled in place
                position = newline + 1
                return line
            }
            let scanned = buffer.count - position
            if scanned > limit {
                throw CurlError(code: .transferFailed, message: "\(url): the server sent a line longer than \(limit) bytes")
            }
            try fill(cancelled: cancelled)
            searched = position + scanned  // fill may have moved the unread bytes to the front
        }
    }

    /// Exactly `count` bytes.
    func read(count: Int, cancelled: CancellationFlag) throws(CurlError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            if position == buffer.count { try fill(cancelled: cancelled) }
            let take = min(count - result.count, buffer.count - position)
            result.append(contentsOf: buffer[position..<position + take])
            position += take
        }
        return result
    }

    /// Reads and drops `count` bytes (a literal over the size limit), keeping memory flat.
    func skip(count: Int, cancelled: CancellationFlag) throws(CurlError) {
        var left = count
        while left > 0 {
            if position == buffer.count { try fill(cancelled: cancelled) }
            let take = min(left, buffer.count - position)
            position += take
            left -= take
        }
    }

    /// Appends at least one byte from the connection to the buffer, dropping what was read.
    private func fill(cancelled: CancellationFlag) throws(CurlError) {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        } else if position > 256 * 1024 {
            buffer.removeFirst(position)
            position = 0
        }
        while true {
            let (code, received) = chunk.withUnsafeMutableBytes { easy.receive(into: $0) }
            switch code {
            case CURLE_OK:
                guard received > 0 else {
                    throw CurlError(code: .connectionFailed, message: "\(url): the server closed the connection")
                }
                buffer.append(contentsOf: chunk[0..<received])
                return
            case CURLE_AGAIN:
                try wait(for: Int16(POLLIN), cancelled: cancelled)
            default:
                throw failure(code, "receiving")
            }
        }
    }

    /// Waits until the socket is ready, in short slices so that a cancelled task stops soon.
    private func wait(for events: Int16, cancelled: CancellationFlag) throws(CurlError) {
        let slice: Int32 = 200
        var waited = 0
        while true {
            if cancelled.isSet { throw CurlError(code: .cancelled, message: "\(url): transfer cancelled") }
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, slice)
            if ready > 0 { return }
            if ready < 0, errno != EINTR {
                throw CurlError(code: .connectionFailed, message: "\(url): waiting for the server failed (errno \(errno))")
            }
            waited += Int(slice)
            if waited >= stallTimeout * 1000 {
                throw CurlError(code: .connectionFailed, message: "\(url): the server sent nothing for \(stallTimeout) s")
            }
        }
    }

    private func failure(_ code: CURLcode, _ what: String) -> CurlError {
        CurlError(code: .connectionFailed, curlCode: Int(code.rawValue),
                  message: "\(url): \(what) failed: \(String(cString: curl_easy_strerror(code)))")
    }
}
