extension StringProtocol {
    /// Substring search over UTF-8 bytes. Foundation's `contains`/`range(of:)` go through
    /// CFStringFind with Unicode folding on Linux and were the largest cost of extraction; the
    /// callers here compare already-normalised text, so byte equality is what they mean.
    func hasSubstring(_ other: some StringProtocol) -> Bool {
        utf8.firstRange(of: other.utf8) != nil
    }
}
