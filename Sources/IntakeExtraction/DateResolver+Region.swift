import Foundation

extension DateResolver {
    /// Day first for regions that write dd/mm (Hong Kong, Macau, Singapore, Malaysia, the United
    /// Kingdom, Australia, New Zealand, India, most of Europe), month first for the United States;
    /// nil elsewhere and for a language without a region. Taiwan and the mainland write
    /// year/month/day at home and either order in English: their slashed dates stay ambiguous
    /// (Chinese text is read month first: see `resolve`).
    static func dayFirst(language: String?) -> Bool? {
        guard let language else { return nil }
        let parts = language.replacingOccurrences(of: "_", with: "-").split(separator: "-").map { $0.uppercased() }
        guard let region = parts.dropFirst().first(where: { $0.count == 2 }) else { return nil }
        if ["HK", "MO", "SG", "MY", "GB", "UK", "AU", "NZ", "IN", "IE", "DE", "FR", "IT", "ES", "NL"].contains(region) { return true }
        return region == "US" ? false : nil
    }
}
