/// Store addresses as messages show them.
public enum StoreAddress {
    /// `url` with whatever stands between `//` and `@` (user, and any password) cut out as text:
    /// a URL that does not parse may hold a password, and is never shown whole.
    public static func withoutLogin(_ url: String) -> String {
        guard let start = url.range(of: "//"), let at = url.range(of: "@", range: start.upperBound..<url.endIndex) else { return url }
        return String(url[..<start.upperBound]) + "…" + String(url[at.lowerBound...])
    }
}
