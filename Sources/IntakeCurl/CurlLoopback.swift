import Glibc

/// What counts as loopback for a connection without TLS (`tls: none`).
///
/// A password sent without TLS may only travel inside this machine. Two checks enforce that:
/// the configuration accepts `tls: none` only for a host that is a loopback literal or
/// `localhost` (`isLoopbackHost`), and every plaintext transfer refuses, before connecting, any
/// address that is not loopback (`isLoopback(address:)`), whatever a name resolved to.
public enum CurlLoopback {
    /// Whether `host` (as written in a URL) is `localhost`, an IPv4 literal in 127.0.0.0/8 in
    /// dotted-decimal form (four parts, no leading zeros), or an IPv6 literal for loopback
    /// (`::1`, `[::1]`, or `::ffff:127.x.y.z`). A name that merely starts like one
    /// (`127.0.0.1.evil.example`) is a name, and names other than `localhost` are not loopback.
    public static func isLoopbackHost(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        if let octets = ipv4Octets(host) { return octets[0] == 127 }
        var literal = Substring(host)
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        guard literal.contains(":") else { return false }
        var address = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &address) == 1 else { return false }
        return isLoopback(ipv6: address)
    }

    /// The four octets of a strict dotted-decimal IPv4 literal, or nil.
    static func ipv4Octets(_ text: String) -> [UInt8]? {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if part.count > 1 && part.first == 0x30 { return nil }  // leading zeros read as octal by some resolvers
            let value = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { return nil }
            octets.append(UInt8(value))
        }
        return octets
    }

    static func isLoopback(ipv6 address: in6_addr) -> Bool {
        withUnsafeBytes(of: address) { bytes in
            let zeros = bytes.prefix(10).allSatisfy { $0 == 0 }
            if zeros && bytes[10] == 0 && bytes[11] == 0 && bytes[12...14].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
            return zeros && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127  // ::ffff:127.x.y.z
        }
    }

    /// A socket address libcurl is about to connect to: its text (for messages) and whether it
    /// is loopback. `length` is how many bytes `address` holds.
    static func describe(_ address: UnsafePointer<sockaddr>, length: Int) -> (text: String, isLoopback: Bool) {
        let raw = UnsafeRawPointer(address)
        let family = Int32(address.pointee.sa_family)
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch family {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            var ipv4 = raw.loadUnaligned(as: sockaddr_in.self).sin_addr
            let text = inet_ntop(AF_INET, &ipv4, &buffer, socklen_t(buffer.count)) != nil ? text(of: buffer) : "an IPv4 address"
            let firstOctet = withUnsafeBytes(of: ipv4) { $0[0] }
            return (text, firstOctet == 127)
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            var ipv6 = raw.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            let text = inet_ntop(AF_INET6, &ipv6, &buffer, socklen_t(buffer.count)) != nil ? text(of: buffer) : "an IPv6 address"
            return (text, isLoopback(ipv6: ipv6))
        default:
            return ("an address of family \(family)", false)
        }
    }

    /// A NUL-terminated C string in a buffer of ours.
    private static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether an address as text (`CURLINFO_PRIMARY_IP`: `127.0.0.1`, `::1`) is loopback.
    static func isLoopbackAddressText(_ text: String) -> Bool {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 { return withUnsafeBytes(of: ipv4) { $0[0] } == 127 }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, text, &ipv6) == 1 { return isLoopback(ipv6: ipv6) }
        return false
    }

    /// The host part of a URL (`imap://host:143/INBOX` → `host`, `[::1]` → `::1`), for messages.
    static func host(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        var rest = url[schemeEnd.upperBound...]
        rest = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { return String(rest[rest.index(after: rest.startIndex)..<close]) }
        return String(rest.prefix { $0 != ":" })
    }
}
