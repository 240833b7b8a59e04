/// Checks every name a template looks up against the view, as Mustache resolves it: a name is
/// found in the innermost section's value or any around it, so inside `{{#lines}}` both a
/// `Line`'s names and the whole view's count. A name found nowhere renders as nothing without
/// an error, which is why it is checked before any email is sent.
struct TemplateNameCheck {
    /// The tags of a partial by kind (`txt`, `html`) and name; nil when there is none.
    let partials: (String, String) -> (path: String, tags: [TemplateTag])?
    /// Where partials are looked for, for the message when one is missing.
    let partialFolders: String
    private(set) var problems: [RenderError] = []
    /// Partials being checked, so that one including itself does not recurse for ever.
    private var including: Set<String> = []

    init(partials: @escaping (String, String) -> (path: String, tags: [TemplateTag])?, partialFolders: String) {
        self.partials = partials
        self.partialFolders = partialFolders
    }

    /// The transforms swift-mustache applies (`{{uppercased(name)}}`, `{{#first(lines)}}`,
    /// `{{index()}}`); any other renders as nothing.
    static let transforms: Set<String> = ["capitalized", "lowercased", "uppercased", "reversed", "first", "last", "count", "empty", "sorted",
                                          "enumerated", "equalzero", "plusone", "minusone", "even", "odd", "index"]

    /// Checks `tags` of the file at `path` (a `kind` template: partials come from the same
    /// kind) with `scopes` around them, outermost first; nil stands for a section whose value
    /// has no names of its own (a flag, a text).
    mutating func check(_ tags: [TemplateTag], path: String, kind: String, scopes: [TemplateScope?]) {
        var stack = scopes
        for tag in tags {
            switch tag.kind {
            case .variable, .section, .invertedSection:
                check(tag, path: path, stack: stack)
                if tag.kind == .section {
                    let first = Self.firstComponent(tag.name)
                    stack.append(tag.transforms.isEmpty ? stack.last(where: { $0?.names.contains(first) == true })??.opening(first) : nil)
                } else if tag.kind == .invertedSection {
                    stack.append(nil)
                }
            case .block:
                stack.append(nil)
            case .close:
                _ = stack.popLast()
            case .partial, .parent:
                if tag.kind == .parent { stack.append(nil) }
                include(tag, path: path, kind: kind, stack: stack)
            }
        }
    }

    private mutating func include(_ tag: TemplateTag, path: String, kind: String, stack: [TemplateScope?]) {
        // `{{>*name}}`: the partial's name is a value of the view.
        if tag.text.hasPrefix("*") {
            check(TemplateTag(kind: .variable, text: String(tag.text.dropFirst()), line: tag.line), path: path, stack: stack)
            return
        }
        guard let partial = partials(kind, tag.text) else {
            problems.append(RenderError(template: path, line: tag.line,
                                        message: "{{> \(tag.text)}} names no partial: there is no \(tag.text).\(kind) in \(partialFolders), so it would print nothing"))
            return
        }
        guard including.insert(partial.path).inserted else { return }
        check(partial.tags, path: partial.path, kind: kind, scopes: stack)
        including.remove(partial.path)
    }

    private mutating func check(_ tag: TemplateTag, path: String, stack: [TemplateScope?]) {
        let written = "{{\(TemplateScanner.sigil(tag.kind))\(tag.text)}}"
        for transform in tag.transforms where !Self.transforms.contains(transform) {
            problems.append(RenderError(template: path, line: tag.line,
                                        message: "\(written): \(transform) is not a transform Mustache knows (\(Self.transforms.sorted().joined(separator: ", ")))"))
        }
        let name = tag.name
        guard !name.isEmpty, name != "." else { return }
        let first = Self.firstComponent(name)
        // `.name` looks only at the innermost value; a value with no names of its own is not judged.
        var looked = stack
        if name.hasPrefix(".") {
            guard let innermost = stack.last, let scope = innermost else { return }
            looked = [scope]
        }
        guard !looked.contains(where: { $0?.names.contains(first) == true }) else { return }
        let known = looked.reduce(into: Set<String>()) { $0.formUnion($1?.names ?? []) }
        let effect = switch tag.kind {
        case .section: "the section would never show"
        case .invertedSection: "the section would always show"
        default: "it would print nothing"
        }
        let hint = Self.closest(to: first, in: known).map { "; did you mean \($0)?" } ?? "; the names are listed under Templates in the README"
        problems.append(RenderError(template: path, line: tag.line, message: "\(written): the view has no \(first), so \(effect)\(hint)"))
    }

    static func firstComponent(_ name: String) -> String {
        String(name.split(separator: ".").first ?? "")
    }

    /// The known name a slip most likely meant: the same but for case, else one within two
    /// edits (`ordernumber` → `orderNumber`, `totl` → `total`).
    static func closest(to name: String, in names: Set<String>) -> String? {
        if let same = names.sorted().first(where: { $0.lowercased() == name.lowercased() }) { return same }
        let scored = names.map { ($0, distance(Array(name.lowercased()), Array($0.lowercased()))) }.filter { $0.1 <= 2 }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
