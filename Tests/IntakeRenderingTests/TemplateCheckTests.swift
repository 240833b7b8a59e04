import Foundation
import IntakeModel
@testable import IntakeRendering
import IntakeTestSupport
import Testing

/// `TemplateRenderer.check`: every template of every purpose and language compiles, and every
/// name it uses is one the view has, so mistakes show before an email goes out empty.
@Suite struct TemplateCheckTests {
    static let purposes = ((try? FileManager.default.contentsOfDirectory(atPath: Repository.path("templates"))) ?? [])
        .filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") }.sorted()

    /// A copy of the repository's templates with `files` (relative path → text) written over it.
    func templates(_ files: [String: String]) throws -> (folder: TemporaryFolder, renderer: TemplateRenderer) {
        let folder = TemporaryFolder("templates")
        let directory = try folder.copyTemplates()
        for (path, text) in files { folder.write("templates/\(path)", text) }
        return (folder, TemplateRenderer(directory: directory))
    }

    func problems(_ files: [String: String]) throws -> [RenderError] {
        let (folder, renderer) = try templates(files)
        return withExtendedLifetime(folder) { renderer.check(purposes: Self.purposes) }
    }

    @Test func theRepositoryTemplatesHaveNoProblems() {
        #expect(Self.purposes.count >= 8)
        #expect(TemplateRenderer(directory: Repository.path("templates")).check(purposes: Self.purposes) == [])
    }

    @Test func anUnclosedSectionIsNamedWithTheLineItOpensOn() throws {
        let found = try problems(["confirmation/en/body.txt": "Dear {{customerName}},\n{{#total}}\nTotal\n"])
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.template.hasSuffix("templates/confirmation/en/body.txt") == true)
        #expect(found.first?.line == 2)
        #expect(found.first?.message == "{{#total}} is never closed; add {{/total}} where the section ends")
    }

    @Test func aMisspelledNameIsFoundWithItsLineAndTheNameMeant() throws {
        let found = try problems(["confirmation/en/body.txt": "Thank you.\nWe have entered it as {{ordernumber}}:\n"])
        #expect(found.map(\.line) == [2])
        #expect(found.first?.message == "{{ordernumber}}: the view has no ordernumber, so it would print nothing; did you mean orderNumber?")
    }

    /// Inside `{{#lines}}` a line's names count, and the view's around it; outside, a line's do not.
    @Test func lineNamesCountOnlyInsideLines() throws {
        let inside = try problems(["confirmation/en/body.txt": "{{#lines}}{{sku}} {{.sku}} {{orderNumber}}{{#hasPrices}}{{amount}}{{/hasPrices}}{{/lines}}\n"])
        #expect(inside == [])
        let outside = try problems(["confirmation/en/body.txt": "{{orderNumber}}\n{{sku}}\n{{#lines}}{{.orderNumber}}{{/lines}}\n"])
        #expect(outside.map(\.line) == [2, 3], "\(outside)")
        #expect(outside.first?.message.contains("the view has no sku") == true)
    }

    /// A name checked in a partial is reported in the partial's file, once, however many
    /// templates include it.
    @Test func partialsAreCheckedWhereTheyAreIncluded() throws {
        let found = try problems(["_shared/en/lines.txt": "{{#lines}}{{position}}. {{descripton}}\n{{/lines}}"])
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.template.hasSuffix("templates/_shared/en/lines.txt") == true)
        #expect(found.first?.message.contains("did you mean description?") == true)
    }

    @Test func aMissingPartialAnUnknownTransformAndAMissingFileAreProblems() throws {
        let (folder, renderer) = try templates(["shipped/zh-TW/body.html": "<p>{{> linez}}</p>\n<p>{{uppercase(carrier)}} {{uppercased(carrier)}}</p>\n"])
        try FileManager.default.removeItem(atPath: folder.file("templates/delay/en/subject.txt"))
        let found = renderer.check(purposes: Self.purposes).map(\.description)
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.hasSuffix("delay/en/subject.txt: missing; every language of a purpose needs subject.txt, body.txt and body.html") })
        #expect(found.contains { $0.contains("shipped/zh-TW/body.html line 1: {{> linez}} names no partial") })
        #expect(found.contains { $0.contains("shipped/zh-TW/body.html line 2: {{uppercase(carrier)}}: uppercase is not a transform") })
    }

    @Test func aSectionOverAnUnknownNameSaysWhatItWouldDo() throws {
        let found = try problems(["delay/en/body.txt": "{{#reasn}}\nBecause.\n{{/reasn}}\n{{^promisedDte}}soon{{/promisedDte}}\n"])
        #expect(found.map(\.message) == ["{{#reasn}}: the view has no reasn, so the section would never show; did you mean reason?",
                                         "{{^promisedDte}}: the view has no promisedDte, so the section would always show; did you mean promisedDate?"])
    }

    /// The names come from the view itself, so a property added to it is usable at once.
    @Test func theNamesAreTheViewsStoredProperties() {
        let scope = OrderMailView.templateScope
        #expect(scope.names.contains("orderNumber") && scope.names.contains("isRecommendationScale") && scope.names.contains("changes"))
        #expect(scope.opening("lines")?.names == ["position", "sku", "description", "quantity", "unit", "unitPrice", "amount"])
    }

    /// The README's list of names is the view's, so an assistant editing a template can trust it.
    @Test func theReadmeListsTheViewsNames() throws {
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "A template may use the view's names:"))
        let end = try #require(readme.range(of: "A template that does not parse", range: start.upperBound..<readme.endIndex))
        let listed = Set(readme[start.upperBound..<end.lowerBound].matches(of: /`([A-Za-z]+)`/).map { String($0.output.1) })
        let scope = OrderMailView.templateScope
        #expect(listed == scope.names.union(scope.opening("lines")?.names ?? []))
    }
}
