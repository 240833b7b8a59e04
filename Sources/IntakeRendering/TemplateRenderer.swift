import Foundation
import Mustache
import Synchronization

/// Renders outgoing emails from `templates/PURPOSE/LANGUAGE/{subject.txt, body.txt, body.html}`
/// plus any partials beside them or in `templates/_shared/LANGUAGE/` (`{{> lines}}` finds
/// `lines.txt` or `lines.html`).
///
/// Two libraries per folder: plain-text templates get the `CONTENT_TYPE: TEXT` pragma prepended
/// one by one (a parent's pragma does not reach its partials), so nothing in a `.txt` is
/// HTML-escaped, while `.html` templates escape every value.
///
/// Each folder's templates (and the list of a purpose's languages) are read and compiled on
/// first use and kept for the life of the renderer (a desk holds one): an edited or added
/// template takes effect when the desk starts again (`intake doctor` always reads them fresh).
public struct TemplateRenderer: Sendable {
    public let directory: String
    private let cache = TemplateCache()

    public init(directory: String) {
        self.directory = directory
    }

    /// The languages with a folder for `purpose`, e.g. `["en", "zh-CN", "zh-TW"]`.
    public func languages(for purpose: String) -> [String] {
        cache.languages(for: purpose) {
            let folder = (directory as NSString).appendingPathComponent(purpose)
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
    }

    /// Picks the folder for a BCP 47 tag: exact, then same language and script/region family
    /// (`zh-Hant` → `zh-TW`, `zh-Hans`/`zh-SG` → `zh-CN`), then the language alone, then `fallback`.
    public func resolveLanguage(_ requested: String?, purpose: String, fallback: String) -> String? {
        let available = languages(for: purpose)
        func pick(_ tag: String?) -> String? {
            guard let tag else { return nil }
            if let exact = available.first(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) { return exact }
            let lower = tag.lowercased()
            if lower.hasPrefix("zh") {
                let traditional = lower.contains("hant") || lower.contains("tw") || lower.contains("hk") || lower.contains("mo")
                if let match = available.first(where: { $0.lowercased() == (traditional ? "zh-tw" : "zh-cn") }) { return match }
            }
            let language = lower.split(separator: "-").first.map(String.init) ?? lower
            return available.first { $0.lowercased().split(separator: "-").first.map(String.init) == language }
        }
        return pick(requested) ?? pick(fallback) ?? pick("en") ?? available.first
    }

    /// Renders subject, text and HTML for `view` in the best language available.
    public func render(purpose: String, language requested: String?, fallback: String, view: Any) throws(RenderError) -> RenderedEmail {
        guard let language = resolveLanguage(requested, purpose: purpose, fallback: fallback) else {
            throw RenderError(template: "\(purpose)/", message: "no language folder under \((directory as NSString).appendingPathComponent(purpose))")
        }
        let folder = ((directory as NSString).appendingPathComponent(purpose) as NSString).appendingPathComponent(language)
        let shared = ((directory as NSString).appendingPathComponent(Self.sharedFolder) as NSString).appendingPathComponent(language)
        let (text, html) = try cache.libraries(for: [shared, folder]) { () throws(RenderError) in try libraries(folders: [shared, folder]) }
        func render(_ library: MustacheLibrary, _ name: String) throws(RenderError) -> String {
            guard library.getTemplate(named: name) != nil else {
                throw RenderError(template: "\(purpose)/\(language)/\(name)", message: "missing in \(folder)")
            }
            guard let output = library.render(view, withTemplate: name) else {
                throw RenderError(template: "\(purpose)/\(language)/\(name)", message: "failed to render")
            }
            return output
        }
        let subject = try render(text, "subject").trimmingCharacters(in: .whitespacesAndNewlines)
            .components(separatedBy: .newlines).joined(separator: " ")
        return RenderedEmail(subject: subject, text: Self.collapseBlankLines(try render(text, "body")), html: try render(html, "body"), language: language)
    }

    /// A section left empty (no tracking number, no reason) leaves its line blank: more than one
    /// blank line in a row becomes one, so the plain text reads as written.
    static func collapseBlankLines(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                blank += 1
                if blank > 1 { continue }
            } else {
                blank = 0
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Partials every purpose of a language uses (`lines`), in `templates/_shared/LANGUAGE/`; a
    /// purpose's own file of the same name wins.
    public static let sharedFolder = "_shared"

    /// The templates of `folders`, later folders overriding earlier ones; the last must exist.
    private func libraries(folders: [String]) throws(RenderError) -> (text: MustacheLibrary, html: MustacheLibrary) {
        var text = MustacheLibrary()
        var html = MustacheLibrary()
        for (index, folder) in folders.enumerated() {
            let files: [String]
            do { files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
                if index < folders.count - 1 { continue }
                throw RenderError(template: folder, message: "cannot read the folder: \(error.localizedDescription)")
            }
            try register(files, in: folder, text: &text, html: &html)
        }
        return (text, html)
    }

    private func register(_ files: [String], in folder: String, text: inout MustacheLibrary, html: inout MustacheLibrary) throws(RenderError) {
        for file in files where Self.isTemplate(file) {
            let path = (folder as NSString).appendingPathComponent(file)
            let template = try Self.compile(try Self.source(of: path), path: path)
            let name = (file as NSString).deletingPathExtension
            if file.hasSuffix(".txt") { text.register(template, named: name) } else { html.register(template, named: name) }
        }
    }

    static func isTemplate(_ file: String) -> Bool {
        file.hasSuffix(".txt") || file.hasSuffix(".html")
    }

    static func source(of path: String) throws(RenderError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8) else {
            throw RenderError(template: path, message: "cannot be read as UTF-8")
        }
        return source
    }

    /// Compiles a file as a render uses it: a `.txt` with the text pragma put first (one line
    /// the error's line number leaves out again).
    static func compile(_ source: String, path: String) throws(RenderError) -> MustacheTemplate {
        let isText = path.hasSuffix(".txt")
        do {
            return try MustacheTemplate(string: isText ? "{{% CONTENT_TYPE: TEXT}}\n" + source : source)
        } catch {
            throw RenderError.parse(error, template: path, source: source, linesAdded: isText ? 1 : 0)
        }
    }
}

/// What a renderer read from its folder: each purpose's languages and each folder list's compiled
/// libraries, by key; filled on first use, never emptied (a desk has a few purposes times a few
/// languages). Without it every email listed its folders twice and compiled its templates again.
private final class TemplateCache: Sendable {
    private let table = Mutex<[[String]: (text: MustacheLibrary, html: MustacheLibrary)]>([:])
    private let listed = Mutex<[String: [String]]>([:])

    func languages(for purpose: String, list: () -> [String]) -> [String] {
        if let known = listed.withLock({ $0[purpose] }) { return known }
        let found = list()
        listed.withLock { $0[purpose] = found }
        return found
    }

    func libraries(for folders: [String],
                   compile: () throws(RenderError) -> (text: MustacheLibrary, html: MustacheLibrary)) throws(RenderError) -> (text: MustacheLibrary, html: MustacheLibrary) {
        if let known = table.withLock({ $0[folders] }) { return known }
        let made = try compile()
        table.withLock { $0[folders] = made }
        return made
    }
}
