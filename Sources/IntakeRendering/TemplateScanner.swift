import Foundation

/// One tag of a Mustache template, with the line it starts on.
struct TemplateTag: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `{{name}}`, `{{{name}}}`, `{{&name}}`.
        case variable
        /// `{{#name}}`.
        case section
        /// `{{^name}}`.
        case invertedSection
        /// `{{/name}}`.
        case close
        /// `{{> name}}`; `{{<name}}` (a parent) counts as a partial that also opens a section.
        case partial
        case parent
        /// `{{$name}}`: a block of a parent, named by the template, not looked up in the view.
        case block
    }

    var kind: Kind
    /// What stands in the tag after its sigil, as written (`uppercased(name)`).
    var text: String
    var line: Int

    /// The name looked up in the view, without transforms: `name` of `uppercased(name)`,
    /// empty for `index()`.
    var name: String { Self.split(text).name }
    /// The transforms applied, outermost first: `["uppercased"]` of `uppercased(name)`.
    var transforms: [String] { Self.split(text).transforms }

    private static func split(_ text: String) -> (name: String, transforms: [String]) {
        let parts = text.split(separator: "(", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, let last = parts.last else { return (text, []) }
        return (String(last.prefix { $0 != ")" }), Array(parts.dropLast()))
    }
}

/// Where a template's structure is broken, in the words a person editing it needs: the tag, its
/// line, and what to do.
struct TemplateFault: Error, Sendable, Equatable {
    var line: Int
    var message: String
}

/// Reads the tags of a Mustache template and checks that its sections nest, for the two things
/// the template library cannot give: the line a section was opened on when it is never closed
/// (the library points at the end of the file), and the list of names a template uses (its
/// parsed form is not public). Follows `{{=<% %>=}}` delimiter changes.
enum TemplateScanner {
    static func tags(_ source: String) throws(TemplateFault) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        var open: [TemplateTag] = []
        var opening = "{{"
        var closing = "}}"
        var line = 1
        var position = source.startIndex
        while let start = source.range(of: opening, range: position..<source.endIndex) {
            line += lineBreaks(source[position..<start.lowerBound])
            var contentStart = start.upperBound
            var end = closing
            // `{{{name}}}`: the third brace closes with a third brace.
            if opening == "{{", source[contentStart...].hasPrefix("{") {
                contentStart = source.index(after: contentStart)
                end = "}" + closing
            }
            guard let stop = source.range(of: end, range: contentStart..<source.endIndex) else {
                throw TemplateFault(line: line, message: "a tag opened with \(opening) is never closed with \(end)")
            }
            let content = String(source[contentStart..<stop.lowerBound])
            let tagLine = line
            line += lineBreaks(content[...])
            position = stop.upperBound
            let sigil = content.first.map(String.init) ?? ""
            let rest = String(content.dropFirst()).trimmingCharacters(in: .whitespacesAndNewlines)
            switch sigil {
            case "!", "%":
                continue
            case "=":
                let delimiters = rest.hasSuffix("=") ? rest.dropLast().split(whereSeparator: \.isWhitespace) : []
                guard delimiters.count == 2 else {
                    throw TemplateFault(line: tagLine, message: "\(opening)\(content)\(closing) does not set delimiters; write it as {{=<% %>=}}")
                }
                opening = String(delimiters[0])
                closing = String(delimiters[1])
            case "#", "^", "$", "<":
                let kind: TemplateTag.Kind = sigil == "#" ? .section : sigil == "^" ? .invertedSection : sigil == "$" ? .block : .parent
                let tag = TemplateTag(kind: kind, text: rest, line: tagLine)
                tags.append(tag)
                open.append(tag)
            case "/":
                try close(rest, line: tagLine, open: &open)
                tags.append(TemplateTag(kind: .close, text: rest, line: tagLine))
            case ">":
                tags.append(TemplateTag(kind: .partial, text: rest, line: tagLine))
            case "&":
                tags.append(TemplateTag(kind: .variable, text: rest, line: tagLine))
            default:
                tags.append(TemplateTag(kind: .variable, text: content.trimmingCharacters(in: .whitespacesAndNewlines), line: tagLine))
            }
        }
        if let unclosed = open.last {
            throw TemplateFault(line: unclosed.line, message: "{{\(Self.sigil(unclosed.kind))\(unclosed.text)}} is never closed; add {{/\(unclosed.text)}} where the section ends")
        }
        return tags
    }

    /// Closes the innermost open section, which must be the one named.
    static func close(_ name: String, line: Int, open: inout [TemplateTag]) throws(TemplateFault) {
        guard let innermost = open.popLast() else {
            throw TemplateFault(line: line, message: "{{/\(name)}} closes a section that was never opened; remove it or add {{#\(name)}} before it")
        }
        guard innermost.text == name else {
            throw TemplateFault(line: line, message: "{{/\(name)}} closes {{\(Self.sigil(innermost.kind))\(innermost.text)}} of line \(innermost.line); "
                                    + "close that one first with {{/\(innermost.text)}}")
        }
    }

    static func sigil(_ kind: TemplateTag.Kind) -> String {
        switch kind {
        case .section: "#"
        case .invertedSection: "^"
        case .close: "/"
        case .partial: "> "
        case .parent: "<"
        case .block: "$"
        case .variable: ""
        }
    }

    private static func lineBreaks(_ text: Substring) -> Int {
        text.reduce(0) { count, character in count + (character == "\n" || character == "\r\n" || character == "\r" ? 1 : 0) }
    }
}
