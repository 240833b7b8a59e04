import Foundation
import IntakeExtraction
import IntakeModel
import IntakeTestSupport
import Testing

/// Catalog and customer rows are checked when master data is read, every bad row named with its
/// file and line, so that a row the desk would half-understand never prices an order.
@Suite struct MasterDataRowTests {
    static let catalogHeader = "sku,name,aliases,unit,unit_price,currency\n"
    static let customersHeader = "email,name,company,phone,language,payment_method,ship_to\n"

    /// The problems the catalog (or the customer list) reader reports for `rows` under the contract's header.
    func problems(_ rows: String, catalog: Bool) -> [String] {
        do {
            if catalog {
                _ = try MasterData.products(csv: Self.catalogHeader + rows, label: "catalog.csv")
            } else {
                _ = try MasterData.customers(csv: Self.customersHeader + rows, label: "customers.csv")
            }
            return []
        } catch {
            return error.problems
        }
    }

    func catalogProblems(_ rows: String) -> [String] { problems(rows, catalog: true) }
    func customerProblems(_ rows: String) -> [String] { problems(rows, catalog: false) }

    @Test func anUnquotedDecimalCommaIsRefusedWithItsLine() {
        let problems = catalogProblems("A-0,Widget,,box,10,TWD\nA-1,Blue Widget,,box,12,5,TWD\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("catalog.csv line 3: 7 fields where the header has 6") == true, "\(problems)")
        #expect(problems.first?.contains("double quotes") == true)
    }

    @Test func everyBadRowIsListedNotOnlyTheFirst() throws {
        let rows = """
            A-1,Blue Widget,,box,12,5,TWD
            A-2,Red Widget,,box,abc,TWD
            A-3,Green Widget,,box,"12,5",TWD
            A-4,Grey Widget,,box,12,NTD
            A-5,Black Widget,,box,12,twd
            A-6,White Widget,,12,5,TWD
            A-6,White Widget again,,box,5,TWD
            ,No SKU,,box,5,TWD

            """
        let problems = catalogProblems(rows)
        #expect(problems.map { $0.prefix { $0 != ":" } } == (2...9).map { "catalog.csv line \($0)" }, "\(problems)")
        #expect(problems[1].contains("unit_price \"abc\" is not a decimal number"))
        #expect(problems[2].contains("write the decimal point as a point: 12.5"))
        #expect(problems[3].contains("currency \"NTD\" is not an ISO 4217 code; write TWD"))
        #expect(problems[4].contains("must be written in capitals: TWD"))
        #expect(problems[5].contains("unit \"12\" is a number"))
        #expect(problems[6].contains("sku A-6 appears twice (also on line 7)"))
        #expect(problems[7].contains("sku and name are required"))
        // The error as a whole says how many and lists them all.
        #expect(throws: ExtractionError.self) { try MasterData.products(csv: Self.catalogHeader + rows, label: "catalog.csv") }
    }

    @Test(arguments: ["box", "pcs", "箱", "catty", "kg", "1000 pcs", "斤", "pair", "m"])
    func aUnitIsFreeText(_ unit: String) throws {
        let products = try MasterData.products(csv: Self.catalogHeader + "A-1,Widget,,\(unit),12.50,TWD\n", label: "catalog.csv")
        #expect(products.first?.unit == unit)
        #expect(products.first?.unitPrice == Decimal(string: "12.50"))
    }

    @Test(arguments: ["TWD", "CNY", "HKD", "SGD", "USD", "EUR", "JPY"])
    func anISOCurrencyIsAccepted(_ code: String) {
        #expect(catalogProblems("A-1,Widget,,box,12,\(code)\n").isEmpty)
    }

    @Test(arguments: ["5", "NT$", "RMB", "TW", "ABC", "Dollar"])
    func anythingElseAsCurrencyIsRefused(_ code: String) {
        let problems = catalogProblems("A-1,Widget,,box,12,\(code)\n")
        #expect(problems.count == 1 && problems[0].hasPrefix("catalog.csv line 2: currency \"\(code)\""), "\(problems)")
    }

    @Test func lineNumbersCountBlankLinesAndQuotedLineBreaks() {
        let problems = catalogProblems("A-1,\"Widget,\nlarge\",,box,12,TWD\n\nA-2,Widget,,box,12,XX\n")
        #expect(problems == ["catalog.csv line 5: currency \"XX\" is not an ISO 4217 code (three capital letters such as TWD, CNY, HKD, USD)"])
    }

    @Test func badCustomerRowsAreListedWithTheirLines() {
        let rows = """
            chen@hsinyi.example,Chen,,,zh-TW,bank_transfer,
            not-an-address,Lin,,,en,,
            wang@greenleaf.example,Wang,,,zh_TW,,
            li@huaxin.example,Li,,,zh-CN,wire,
            CHEN@hsinyi.example,Chen again,,,en,,
            ho@kowloon.example,Ho,,,en,,,extra

            """
        let problems = customerProblems(rows)
        #expect(problems.count == 5, "\(problems)")
        #expect(problems[0] == "customers.csv line 3: \"not-an-address\" is not an email address")
        #expect(problems[1] == "customers.csv line 4: language \"zh_TW\" is not a BCP 47 tag; use a hyphen: zh-TW")
        #expect(problems[2].hasPrefix("customers.csv line 5: payment_method \"wire\" is not one of bank_transfer"))
        #expect(problems[3].hasPrefix("customers.csv line 6: CHEN@hsinyi.example appears twice (also on line 2)"))
        #expect(problems[4].hasPrefix("customers.csv line 7: 8 fields where the header has 7"))
    }

    @Test(arguments: ["en", "zh-TW", "zh-CN", "zh-HK", "zh-Hant-HK", "yue", "en-GB"])
    func aLanguageTagThatLooksLikeBCP47IsAccepted(_ tag: String) {
        #expect(customerProblems("a@b.example,A,,,\(tag),,\n").isEmpty)
    }

    @Test(arguments: ["Chinese", "zh TW", "1", "中文"])
    func anythingElseAsLanguageIsRefused(_ tag: String) {
        #expect(customerProblems("a@b.example,A,,,\(tag),,\n").first?.contains("is not a BCP 47 tag") == true)
    }

    /// The rules were written against every desk the repository holds: all of them still load.
    @Test func everyCatalogAndCustomerListInTheRepositoryLoads() throws {
        let manager = FileManager.default
        var folders = ["config", "examples/config"]
        for parent in ["fixtures", "fixtures/blind"] {
            for name in try manager.contentsOfDirectory(atPath: Repository.path(parent)).sorted() where manager.fileExists(atPath: Repository.path("\(parent)/\(name)/config/catalog.csv")) {
                folders.append("\(parent)/\(name)/config")
            }
        }
        #expect(folders.count >= 28)
        for folder in folders {
            let catalog = try String(contentsOfFile: Repository.path("\(folder)/catalog.csv"), encoding: .utf8)
            let customers = try String(contentsOfFile: Repository.path("\(folder)/customers.csv"), encoding: .utf8)
            #expect(throws: Never.self, "\(folder)") { _ = try MasterData.products(csv: catalog, label: "\(folder)/catalog.csv") }
            #expect(throws: Never.self, "\(folder)") { _ = try MasterData.customers(csv: customers, label: "\(folder)/customers.csv") }
        }
    }
}
