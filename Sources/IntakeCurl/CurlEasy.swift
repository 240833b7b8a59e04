import CIntakeCurl
import Synchronization

/// Per-transfer state the C callbacks reach through their userdata pointer.
///
/// It lives for exactly one `perform`; the pointer handed to libcurl is unretained and kept valid
/// by `withExtendedLifetime` around the transfer.
final class TransferState {
    var received: [UInt8] = []
    var maxBytes: Int
    var upload: [UInt8]
    var uploadOffset = 0
    var overflow = false
    /// Server reply lines (`CURLINFO_HEADER_IN`) when the request asked for them; only the
    /// last ones are kept. Never what we sent: that would include the AUTH exchange.
    var replies: [String] = []
    let cancelled: CancellationFlag
    /// For a plain-text transfer (`tls: none`): addresses the loopback check must refuse even
    /// though they are loopback (tests only), and the address it refused, for the error.
    var addressesTreatedAsRemote: Set<String> = []
    var refusedAddress: String?

    init(maxBytes: Int, upload: [UInt8], cancelled: CancellationFlag) {
        self.maxBytes = maxBytes
        self.upload = upload
        self.cancelled = cancelled
    }
}

/// Set from any thread by a task's cancellation handler; read by the progress callback.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

private let writeCallback: cintake_curl_data_callback = { buffer, size, count, userdata in
    guard let userdata, let buffer else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    if state.received.count + length > state.maxBytes {
        state.overflow = true
        return 0  // anything other than `length` makes libcurl abort with CURLE_WRITE_ERROR
    }
    buffer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        state.received.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
    }
    return length
}

private let readCallback: cintake_curl_data_callback = { buffer, size, count, userdata in
    guard let userdata, let buffer else { return cintake_curl_readfunc_abort() }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let room = size * count
    let remaining = state.upload.count - state.uploadOffset
    let length = min(room, remaining)
    if length > 0 {
        state.upload.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + state.uploadOffset, byteCount: length)
        }
        state.uploadOffset += length
    }
    return length
}

/// Keeps the server's reply lines (SMTP's `250-SIZE 10240000`, `550 5.1.1 …`), which libcurl
/// hands out only through its debug hook.
private let debugCallback: cintake_curl_debug_callback = { _, type, data, size, userdata in
    guard let userdata, let data, type == CURLINFO_HEADER_IN else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let text = data.withMemoryRebound(to: UInt8.self, capacity: size) { String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self) }
    for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
        state.replies.append(String(line.prefix(512)))
    }
    if state.replies.count > 64 { state.replies.removeFirst(state.replies.count - 64) }
    return 0
}

/// Opens the sockets of a plain-text transfer (`tls: none`), and only to loopback addresses:
/// any other address gets `CURL_SOCKET_BAD`, so no connection is attempted and nothing is sent
/// (libcurl then fails with `CURLE_COULDNT_CONNECT`). Runs for every address a name resolved
/// to and for FTP data connections alike.
private let openSocketCallback: cintake_curl_opensocket_callback = { userdata, _, address in
    guard let userdata, let address else { return cintake_curl_socket_bad() }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    guard let socketAddress = cintake_curl_sockaddr_address(address) else { return cintake_curl_socket_bad() }
    let (text, isLoopback) = CurlLoopback.describe(socketAddress, length: Int(address.pointee.addrlen))
    guard isLoopback, !state.addressesTreatedAsRemote.contains(text) else {
        state.refusedAddress = text
        return cintake_curl_socket_bad()
    }
    // What libcurl's own opener does, plus close-on-exec: a child process must not inherit it.
    return socket(address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
}

private let progressCallback: cintake_curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    return state.cancelled.isSet ? 1 : 0
}

/// One libcurl easy handle. Not thread-safe: only `CurlSession` (an actor on its own serial queue)
/// owns and uses one, and reuses it so that libcurl keeps the connection open between transfers.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

    init() throws(CurlError) {
        guard let handle = curl_easy_init() else {
            throw CurlError(code: .setupFailed, message: "libcurl could not create a handle (out of memory?)")
        }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// The one checked seam for option calls: a non-OK code becomes a thrown error naming the option.
    private func check(_ code: CURLcode, _ what: String) throws(CurlError) {
        guard code == CURLE_OK else {
            throw CurlError(code: .setupFailed, curlCode: Int(code.rawValue),
                            message: "libcurl refused \(what): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func set(_ option: CURLoption, _ value: Int, _ name: String) throws(CurlError) {
        try check(cintake_curl_setopt_long(handle, option, value), name)
    }

    private func set(_ option: CURLoption, _ value: String?, _ name: String) throws(CurlError) {
        let code: CURLcode
        if let value {
            code = value.withCString { cintake_curl_setopt_string(handle, option, $0) }
        } else {
            code = cintake_curl_setopt_string(handle, option, nil)
        }
        try check(code, name)
    }

    /// Runs one transfer. `curl_easy_reset` first, so that nothing from the previous request leaks
    /// into this one; the connection cache survives the reset.
    func perform(_ request: CurlRequest, cancelled: CancellationFlag) throws(CurlError) -> CurlResponse {
        curl_easy_reset(handle)
        let state = TransferState(maxBytes: request.maxBytes, upload: request.upload ?? [], cancelled: cancelled)
        state.addressesTreatedAsRemote = request.addressesTreatedAsRemote
        let lists = CurlLists()
        defer { lists.freeAll() }
        let userdata = Unmanaged.passUnretained(state).toOpaque()
        return try withExtendedLifetime(state) { () throws(CurlError) -> CurlResponse in
            try errorBuffer.withUnsafeMutableBufferPointer { (errorPointer) throws(CurlError) -> CurlResponse in
                errorPointer[0] = 0
                try check(cintake_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress), "CURLOPT_ERRORBUFFER")
                try setConnectionOptions(request)
                try setProtocolOptions(request, lists: lists)
                try setCallbacks(request, state: state, userdata: userdata)
                let code = curl_easy_perform(handle)
                detachTransfer()
                return try outcome(code, request: request, state: state) { String(cString: errorPointer.baseAddress!) }
            }
        }
    }

    /// Where to connect and how: the URL, time limits, TLS and the login.
    private func setConnectionOptions(_ request: CurlRequest) throws(CurlError) {
        try set(CURLOPT_URL, request.url, "CURLOPT_URL")
        try set(CURLOPT_PROTOCOLS_STR, request.protocols.joined(separator: ","), "CURLOPT_PROTOCOLS_STR")
        try set(CURLOPT_NOSIGNAL, 1, "CURLOPT_NOSIGNAL")
        try set(CURLOPT_CONNECTTIMEOUT, request.connectTimeout, "CURLOPT_CONNECTTIMEOUT")
        try set(CURLOPT_TIMEOUT, request.timeout, "CURLOPT_TIMEOUT")
        try set(CURLOPT_LOW_SPEED_LIMIT, 1, "CURLOPT_LOW_SPEED_LIMIT")
        try set(CURLOPT_LOW_SPEED_TIME, request.stallTimeout, "CURLOPT_LOW_SPEED_TIME")
        try set(CURLOPT_SSL_VERIFYPEER, 1, "CURLOPT_SSL_VERIFYPEER")
        try set(CURLOPT_SSL_VERIFYHOST, 2, "CURLOPT_SSL_VERIFYHOST")
        try set(CURLOPT_USE_SSL, request.tls == .required ? Int(CURLUSESSL_ALL.rawValue) : Int(CURLUSESSL_NONE.rawValue), "CURLOPT_USE_SSL")
        if let caFile = request.caFile { try set(CURLOPT_CAINFO, caFile, "CURLOPT_CAINFO") }
        if let username = request.username { try set(CURLOPT_USERNAME, username, "CURLOPT_USERNAME") }
        if let password = request.password { try set(CURLOPT_PASSWORD, password.value, "CURLOPT_PASSWORD") }
        if let bearer = request.bearerToken {
            try set(CURLOPT_XOAUTH2_BEARER, bearer.value, "CURLOPT_XOAUTH2_BEARER")
            try set(CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2", "CURLOPT_LOGIN_OPTIONS")
        }
    }

    /// What the protocol is asked to do: a custom command, mail envelope, FTP/SFTP commands, SSH
    /// keys, fixed name resolution.
    private func setProtocolOptions(_ request: CurlRequest, lists: CurlLists) throws(CurlError) {
        if let custom = request.customRequest { try set(CURLOPT_CUSTOMREQUEST, custom, "CURLOPT_CUSTOMREQUEST") }
        if let from = request.mailFrom { try set(CURLOPT_MAIL_FROM, from, "CURLOPT_MAIL_FROM") }
        if !request.mailRecipients.isEmpty {
            try check(cintake_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, lists.make(request.mailRecipients)), "CURLOPT_MAIL_RCPT")
        }
        if !request.quote.isEmpty {
            try check(cintake_curl_setopt_slist(handle, CURLOPT_QUOTE, lists.make(request.quote)), "CURLOPT_QUOTE")
        }
        if !request.postQuote.isEmpty {
            try check(cintake_curl_setopt_slist(handle, CURLOPT_POSTQUOTE, lists.make(request.postQuote)), "CURLOPT_POSTQUOTE")
        }
        if request.listOnly { try set(CURLOPT_DIRLISTONLY, 1, "CURLOPT_DIRLISTONLY") }
        if let knownHosts = request.sshKnownHostsFile { try set(CURLOPT_SSH_KNOWNHOSTS, knownHosts, "CURLOPT_SSH_KNOWNHOSTS") }
        if let fingerprint = request.sshHostKeySHA256 { try set(CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256, fingerprint, "CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256") }
        if let key = request.sshPrivateKeyFile { try set(CURLOPT_SSH_PRIVATE_KEYFILE, key, "CURLOPT_SSH_PRIVATE_KEYFILE") }
        if let key = request.sshPublicKeyFile { try set(CURLOPT_SSH_PUBLIC_KEYFILE, key, "CURLOPT_SSH_PUBLIC_KEYFILE") }
        if request.noBody { try set(CURLOPT_NOBODY, 1, "CURLOPT_NOBODY") }
        if request.connectOnly { try set(CURLOPT_CONNECT_ONLY, 1, "CURLOPT_CONNECT_ONLY") }
        if !request.resolve.isEmpty {
            try check(cintake_curl_setopt_slist(handle, CURLOPT_RESOLVE, lists.make(request.resolve)), "CURLOPT_RESOLVE")
        }
    }

    /// The callbacks that carry the transfer's state: writes, uploads, server replies, progress
    /// (which is how a cancelled task aborts the transfer) and, on plaintext networks, the socket
    /// check.
    private func setCallbacks(_ request: CurlRequest, state: TransferState, userdata: UnsafeMutableRawPointer) throws(CurlError) {
        if request.isPlaintextNetwork {
            try check(cintake_curl_setopt_opensocket_callback(handle, openSocketCallback), "CURLOPT_OPENSOCKETFUNCTION")
            try check(cintake_curl_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, userdata), "CURLOPT_OPENSOCKETDATA")
        }
        try check(cintake_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback), "CURLOPT_WRITEFUNCTION")
        try check(cintake_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata), "CURLOPT_WRITEDATA")
        if request.upload != nil {
            try set(CURLOPT_UPLOAD, 1, "CURLOPT_UPLOAD")
            try check(cintake_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION, readCallback), "CURLOPT_READFUNCTION")
            try check(cintake_curl_setopt_pointer(handle, CURLOPT_READDATA, userdata), "CURLOPT_READDATA")
            try check(cintake_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(state.upload.count)), "CURLOPT_INFILESIZE_LARGE")
        }
        if request.allowRecipientFailures { try check(cintake_curl_setopt_rcpt_allowfails(handle, 1), "CURLOPT_MAIL_RCPT_ALLLOWFAILS") }
        if request.captureReplies {
            try check(cintake_curl_setopt_debug_callback(handle, debugCallback), "CURLOPT_DEBUGFUNCTION")
            try check(cintake_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, userdata), "CURLOPT_DEBUGDATA")
            try set(CURLOPT_VERBOSE, 1, "CURLOPT_VERBOSE")
        }
        try set(CURLOPT_NOPROGRESS, 0, "CURLOPT_NOPROGRESS")
        try check(cintake_curl_setopt_xferinfo_callback(handle, progressCallback), "CURLOPT_XFERINFOFUNCTION")
        try check(cintake_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, userdata), "CURLOPT_XFERINFODATA")

    }

    /// Nothing of this transfer's state may be reachable from the handle afterwards.
    private func detachTransfer() {
        _ = cintake_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, nil)
        _ = cintake_curl_setopt_pointer(handle, CURLOPT_READDATA, nil)
        _ = cintake_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, nil)
        _ = cintake_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        _ = cintake_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, nil)
        _ = cintake_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        _ = cintake_curl_setopt_slist(handle, CURLOPT_QUOTE, nil)
        _ = cintake_curl_setopt_slist(handle, CURLOPT_POSTQUOTE, nil)
        _ = cintake_curl_setopt_slist(handle, CURLOPT_RESOLVE, nil)
        _ = cintake_curl_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, nil)
    }

    /// The response, or the error in words: refused plaintext addresses first, then libcurl's code
    /// with its error buffer.
    private func outcome(_ code: CURLcode, request: CurlRequest, state: TransferState, errorText: () -> String) throws(CurlError) -> CurlResponse {
        var responseCode = 0
        _ = cintake_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        if code == CURLE_OK {
            if request.isPlaintextNetwork { try checkPrimaryAddress(request, state: state) }
            return CurlResponse(body: state.received, responseCode: responseCode, replies: state.replies)
        }
        // Refused before connecting (when another address of the name was loopback and
        // worked, the transfer succeeded above).
        if let refused = state.refusedAddress {
            throw Self.plaintextRefused(url: request.url, address: refused, connected: false)
        }
        let detail = errorText()
        var error = Self.error(for: code, detail: detail, url: request.url, state: state, responseCode: responseCode)
        error.responseCode = responseCode
        error.replies = state.replies
        throw error
    }

    /// The belt to the open-socket check's braces: the address the transfer used
    /// (`CURLINFO_PRIMARY_IP`, also for a connection libcurl reused instead of opening one) must
    /// be loopback. When it is not, the transfer has happened, and the error says so.
    private func checkPrimaryAddress(_ request: CurlRequest, state: TransferState) throws(CurlError) {
        var pointer: UnsafeMutablePointer<CChar>?
        let address = cintake_curl_getinfo_string(handle, CURLINFO_PRIMARY_IP, &pointer) == CURLE_OK ? pointer.map { String(cString: $0) } ?? "" : ""
        guard !address.isEmpty, CurlLoopback.isLoopbackAddressText(address), !state.addressesTreatedAsRemote.contains(address) else {
            throw Self.plaintextRefused(url: request.url, address: address.isEmpty ? "an unknown address" : address, connected: true)
        }
    }

    /// The error for a plain-text transfer to an address that is not loopback: what happened,
    /// to which host and address, and what to do.
    static func plaintextRefused(url: String, address: String, connected: Bool) -> CurlError {
        let host = CurlLoopback.host(of: url)
        let what = connected
            ? "connected to \(address), which is not a loopback address, without TLS (through a connection opened before); the connection is dropped"
            : "refused to connect to \(address), which is not a loopback address, without TLS; nothing was sent"
        return CurlError(code: .plaintextNotLoopback, message: "\(url): host \(host) \(what). tls: none is only for a server on this machine "
                         + "(127.0.0.1, ::1 or localhost resolving to them); remove tls: none so that TLS protects the password, or point the URL at a loopback address")
    }

    static func error(for code: CURLcode, detail: String, url: String, state: TransferState, responseCode: Int) -> CurlError {
        let summary = String(cString: curl_easy_strerror(code))
        let text = detail.isEmpty ? summary : "\(summary): \(detail)"
        let curlCode = Int(code.rawValue)
        if state.overflow {
            return CurlError(code: .tooLarge, curlCode: curlCode, message: "\(url): response larger than the limit of \(state.maxBytes) bytes")
        }
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            return CurlError(code: .cancelled, curlCode: curlCode, message: "\(url): transfer cancelled")
        case CURLE_LOGIN_DENIED:
            return CurlError(code: .authenticationFailed, curlCode: curlCode, message: "\(url): login refused (\(text)); check the user name and the password or token")
        case CURLE_PEER_FAILED_VERIFICATION where url.lowercased().hasPrefix("sftp"):
            return CurlError(code: .tlsFailed, curlCode: curlCode, message: "\(url): the SSH host key was not accepted (\(text)); check known_hosts_file or host_key_sha256")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_USE_SSL_FAILED, CURLE_SSL_CERTPROBLEM:
            return CurlError(code: .tlsFailed, curlCode: curlCode, message: "\(url): TLS failed (\(text)); check ca_file and the server's certificate")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT:
            return CurlError(code: .connectionFailed, curlCode: curlCode, message: "\(url): cannot reach the server (\(text))")
        case CURLE_FILE_COULDNT_READ_FILE, CURLE_REMOTE_FILE_NOT_FOUND:
            return CurlError(code: .notFound, curlCode: curlCode, message: "\(url): \(text)")
        default:
            let reply = responseCode > 0 ? " (server reply \(responseCode))" : ""
            return CurlError(code: .transferFailed, curlCode: curlCode, message: "\(url): \(text)\(reply)")
        }
    }
}

extension CurlEasy {
    /// `curl_easy_send` on a connection set up with `CURLOPT_CONNECT_ONLY`: how many bytes went out.
    func send(_ bytes: UnsafeRawBufferPointer) -> (CURLcode, Int) {
        var sent = 0
        let code = curl_easy_send(handle, bytes.baseAddress, bytes.count, &sent)
        return (code, sent)
    }

    /// `curl_easy_recv`: how many bytes came in (0 with `CURLE_OK` when the server closed).
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> (CURLcode, Int) {
        var received = 0
        let code = curl_easy_recv(handle, buffer.baseAddress, buffer.count, &received)
        return (code, received)
    }

    /// The handed-over connection's socket (`CURLINFO_ACTIVESOCKET`), to wait on.
    var activeSocket: Int32? {
        var socket: curl_socket_t = -1
        guard cintake_curl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 else { return nil }
        return socket
    }
}

/// The curl_slists of one transfer, freed together once the transfer is over (libcurl keeps
/// pointers to them until then).
final class CurlLists {
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    /// A list of the items; a NUL inside one would cut it, so none is let in.
    func make(_ items: [String]) throws(CurlError) -> UnsafeMutablePointer<curl_slist>? {
        try make(items.map { Array($0.utf8) })
    }

    func make(_ items: [[UInt8]]) throws(CurlError) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for item in items {
            // curl_slist_append copies the C string.
            guard !item.contains(0) else {
                if let list { curl_slist_free_all(list) }
                throw CurlError(code: .setupFailed, message: "a command for libcurl holds a NUL byte")
            }
            let appended = (item + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { curl_slist_append(list, $0.baseAddress) }
            }
            guard let appended else {
                if let list { curl_slist_free_all(list) }
                throw CurlError(code: .setupFailed, message: "libcurl could not build a list (out of memory)")
            }
            list = appended
        }
        if let list { lists.append(list) }
        return list
    }

    func freeAll() {
        for list in lists { curl_slist_free_all(list) }
        lists = []
    }
}
