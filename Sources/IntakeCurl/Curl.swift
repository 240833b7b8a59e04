import CIntakeCurl

/// Process-wide libcurl set-up.
public enum Curl {
    /// Calls `curl_global_init` and ignores SIGPIPE (every handle runs with `CURLOPT_NOSIGNAL`).
    /// Call once, first thing in `main`, before any other thread exists.
    public static func initialize() throws(CurlError) {
        cintake_ignore_sigpipe()
        let code = cintake_curl_global_init()
        guard code == CURLE_OK else {
            throw CurlError(code: .setupFailed, curlCode: Int(code.rawValue), message: "libcurl could not be initialised: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    /// The libcurl version and the protocols it was built with, for `intake doctor`.
    public static var versionInfo: (version: String, protocols: [String]) {
        guard let info = cintake_curl_version_info() else { return ("unknown", []) }
        let version = info.pointee.version.map { String(cString: $0) } ?? "unknown"
        var protocols: [String] = []
        if var cursor = info.pointee.protocols {
            while let name = cursor.pointee {
                protocols.append(String(cString: name))
                cursor = cursor.advanced(by: 1)
            }
        }
        return (version, protocols)
    }
}
