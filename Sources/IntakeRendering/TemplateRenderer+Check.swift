import Foundation

extension TemplateRenderer {
    /// Everything wrong with the templates of `purposes` that would otherwise show only when an
    /// email is composed, or never: a missing `subject.txt`/`body.txt`/`body.html`, a file that
    /// does not parse, a name the view does not have (`{{ordernumber}}` prints nothing), a
    /// partial that is not there, a transform Mustache does not know. Each problem names the
    /// file and the line. Templates are checked as a render reads them, partials in the place
    /// they are included (inside `{{#lines}}` a `Line`'s names count too).
    public func check(purposes: [String]) -> [RenderError] {
        var problems: [RenderError] = []
        for purpose in purposes {
            for language in languages(for: purpose) {
                problems += check(purpose: purpose, language: language)
            }
        }
        var seen = Set<String>()
        return problems.filter { seen.insert($0.description).inserted }
    }

    /// A template file as a render registers it: `txt` or `html`, and the name partials use.
    private struct FileKey: Hashable, Comparable {
        var kind: String
        var name: String
        static func < (a: FileKey, b: FileKey) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
    }

    private func check(purpose: String, language: String) -> [RenderError] {
        let folder = ((directory as NSString).appendingPathComponent(purpose) as NSString).appendingPathComponent(language)
        let shared = ((directory as NSString).appendingPathComponent(Self.sharedFolder) as NSString).appendingPathComponent(language)
        var problems: [RenderError] = []
        for required in ["subject.txt", "body.txt", "body.html"] where !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(required)) {
            problems.append(RenderError(template: (folder as NSString).appendingPathComponent(required),
                                        message: "missing; every language of a purpose needs subject.txt, body.txt and body.html"))
        }
        // The purpose's own file wins over the shared one of the same name, as in a render.
        var paths: [FileKey: String] = [:]
        for directory in [shared, folder] {
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []) where Self.isTemplate(file) {
                paths[FileKey(kind: (file as NSString).pathExtension, name: (file as NSString).deletingPathExtension)] = (directory as NSString).appendingPathComponent(file)
            }
        }
        var files: [FileKey: (path: String, tags: [TemplateTag])] = [:]
        for (key, path) in paths.sorted(by: { $0.key < $1.key }) {
            do {
                let source = try Self.source(of: path)
                _ = try Self.compile(source, path: path)
                // A file the library reads but the scanner cannot is left alone rather than guessed at.
                if let tags = try? TemplateScanner.tags(source) { files[key] = (path, tags) }
            } catch {
                problems.append(error)
            }
        }
        var names = TemplateNameCheck(partials: { kind, name in files[FileKey(kind: kind, name: name)] },
                                      partialFolders: "\(purpose)/\(language) or \(Self.sharedFolder)/\(language)")
        for entry in [FileKey(kind: "txt", name: "subject"), FileKey(kind: "txt", name: "body"), FileKey(kind: "html", name: "body")] {
            guard let file = files[entry] else { continue }
            names.check(file.tags, path: file.path, kind: entry.kind, scopes: [OrderMailView.templateScope])
        }
        return problems + names.problems
    }
}
