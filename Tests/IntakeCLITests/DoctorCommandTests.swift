import Foundation
import IntakeTestSupport
import Testing

/// `intake doctor` finds what would otherwise show only in a customer's inbox or in a wrong
/// price: a template that does not parse or uses a name the view lacks, a catalog row with its
/// columns shifted. Commands that load the catalog refuse it with EX_CONFIG.
@Suite(.serialized) struct DoctorCommandTests {
    /// The example desk with rows appended to its catalog and customer list; returns their
    /// first line numbers.
    func deskWithBadRows() throws -> (desk: TestDesk, catalogLine: Int, customersLine: Int) {
        let desk = try TestDesk(withExamples: false)
        func append(_ name: String, _ rows: String) throws -> Int {
            let path = desk.folder.file("config/\(name)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try (text + rows).write(toFile: path, atomically: true, encoding: .utf8)
            return text.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        let catalogLine = try append("catalog.csv", "A-1,Blue Widget,,box,12,5,TWD\nA-2,Red Widget,,box,12,NTD\n")
        let customersLine = try append("customers.csv", "buyer@example.test,Buyer,,,zh_TW,,\n")
        return (desk, catalogLine, customersLine)
    }

    @Test func doctorListsEveryBadCatalogAndCustomerRow() throws {
        let (desk, line, customersLine) = try deskWithBadRows()
        let doctor = try IntakeProcess.run(["--config", desk.configDirectory, "doctor"])
        #expect(doctor.status == 1, "\(doctor.stdout) \(doctor.stderr)")
        let catalog = desk.folder.file("config/catalog.csv")
        #expect(doctor.stdout.contains("FAIL  catalog: \(catalog) line \(line): 7 fields where the header has 6"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("FAIL  catalog: \(catalog) line \(line + 1): currency \"NTD\" is not an ISO 4217 code; write TWD"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("FAIL  customers: \(desk.folder.file("config/customers.csv")) line \(customersLine): language \"zh_TW\""), "\(doctor.stdout)")
        #expect(!doctor.stdout.contains("ok    catalog"), "\(doctor.stdout)")
        // The rest of the check still runs.
        #expect(doctor.stdout.contains("ok    templates: confirmation in en, zh-CN, zh-TW"), "\(doctor.stdout)")
    }

    @Test(arguments: [["queue", "list"], ["run", "--once"], ["extract", "order.txt"]])
    func commandsThatLoadTheCatalogExitWithEXConfig(_ command: [String]) throws {
        let (desk, line, _) = try deskWithBadRows()
        desk.folder.write("order.txt", "Please send 2 boxes of A4 paper.\n")
        let run = try IntakeProcess.run(["--config", desk.configDirectory] + command, currentDirectory: desk.folder.path)
        #expect(run.status == 78, "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("catalog.csv line \(line): 7 fields where the header has 6"), "\(run.stderr)")
        #expect(run.stderr.contains("catalog.csv line \(line + 1): currency \"NTD\""), "\(run.stderr)")
        #expect(desk.files(in: "data/outgoing").isEmpty)
    }

    @Test func doctorNamesTheFileAndLineOfEveryTemplateMistake() throws {
        let desk = try TestDesk(withExamples: false)
        let templates = try desk.copyTemplates()
        desk.folder.write("templates/confirmation/en/body.txt", "{{#total}}\nTotal: {{total}}\n")
        desk.folder.write("templates/shipped/zh-TW/body.html", "<p>{{orderNumber}}</p>\n<p>We have entered it as {{ordernumber}}</p>\n")
        let doctor = try IntakeProcess.run(["--config", desk.configDirectory, "doctor"])
        #expect(doctor.status == 1, "\(doctor.stdout) \(doctor.stderr)")
        #expect(doctor.stdout.contains("FAIL  templates: \(templates)/confirmation/en/body.txt line 1: {{#total}} is never closed; add {{/total}}"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("FAIL  templates: \(templates)/shipped/zh-TW/body.html line 2: {{ordernumber}}: the view has no ordernumber, so it would print nothing; did you mean orderNumber?"),
                "\(doctor.stdout)")
        #expect(!doctor.stdout.contains("ok    templates"), "\(doctor.stdout)")
        #expect(!doctor.stdout.contains("ParserError"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("ok    catalog"), "\(doctor.stdout)")
    }
}
