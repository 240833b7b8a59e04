import Foundation
import Mustache

extension RenderError {
    /// A template the library refuses, in words a person editing it can act on: the file, the
    /// line and what is wrong, rather than the library's error value.
    ///
    /// The scanner's reading comes first where it finds the fault, as it knows where a section
    /// that is never closed was opened (the library points at the end of the file);
    /// `linesAdded` are lines put before `source` when it was compiled (the text pragma), which
    /// the library counts and the file does not have.
    static func parse(_ error: any Error, template: String, source: String, linesAdded: Int) -> RenderError {
        do {
            _ = try TemplateScanner.tags(source)
        } catch {
            return RenderError(template: template, line: error.line, message: error.message)
        }
        guard let failure = error as? MustacheTemplate.ParserError else {
            return RenderError(template: template, message: "does not parse: \(error)")
        }
        let near = failure.context.line.trimmingCharacters(in: .whitespaces)
        let line = max(1, failure.context.lineNumber - linesAdded)
        return RenderError(template: template, line: line, message: words(for: failure.error) + (near.isEmpty ? "" : " (at \"\(near)\")"))
    }

    private static func words(for error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "does not parse: \(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a closing tag {{/…}} does not match the section it closes"
        case .unfinishedName: return "a tag is not finished: a name may hold only letters, digits and . _ -, and a tag ends with }}"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "a {{=…=}} tag does not set delimiters; write it as {{=<% %>=}}"
        case .transformAppliedToInheritanceSection: return "a block {{$…}} cannot have a transform"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: return "inside {{<parent}} only {{$block}} sections may stand"
        case .invalidConfigVariableSyntax: return "a {{%…}} pragma is not written as {{%NAME: VALUE}}"
        case .unrecognisedConfigVariable: return "a {{%…}} pragma is not one Mustache knows (CONTENT_TYPE)"
        }
    }
}
