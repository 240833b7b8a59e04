import Foundation
public import IntakeModel

extension MasterData {
    /// Reads `catalog.csv` (contract §2); `label` names the file in errors.
    ///
    /// Every row is checked (field count, sku and name, unique sku, decimal `unit_price`, ISO 4217
    /// `currency`, a `unit` that is not a number) and the error lists every bad row with its
    /// line: a row the desk half-understood would price and match orders wrongly without a word.
    public static func products(csv text: String, label: String) throws(ExtractionError) -> [Product] {
        guard var file = MasterDataFile(csv: text, label: label) else {
            throw ExtractionError(code: .invalidCatalog, message: "\(label) is empty; it needs a header row with sku,name")
        }
        guard file.header.contains("sku"), file.header.contains("name") else {
            throw ExtractionError(code: .invalidCatalog, message: "\(label): the header must have the columns sku and name (found: \(file.header.joined(separator: ",")))")
        }
        var products: [Product] = []
        var seen: [String: Int] = [:]
        for row in file.rows {
            // A row with too many or too few fields has its values in the wrong columns: say that alone.
            if file.report(MasterDataRules.columnCount(row.fields, header: file.header), at: row) { continue }
            guard let sku = row.value("sku"), let name = row.value("name") else {
                file.report("sku and name are required", at: row)
                continue
            }
            if let earlier = seen[sku.uppercased()] {
                file.report("sku \(sku) appears twice (also on line \(earlier))", at: row)
                continue
            }
            seen[sku.uppercased()] = row.line
            let valid = [file.check(row, "unit_price", MasterDataRules.unitPrice),
                         file.check(row, "currency", MasterDataRules.currency),
                         file.check(row, "unit", MasterDataRules.unit)]
            guard !valid.contains(false) else { continue }
            let aliases = row.value("aliases")?.split(separator: "|").map { $0.trimmedSpaces() }.filter { !$0.isEmpty } ?? []
            products.append(Product(sku: sku, name: name, aliases: aliases, unit: row.value("unit"),
                                    unitPrice: row.value("unit_price").flatMap(DecimalText.parse), currency: row.value("currency")))
        }
        if let failure = file.failure(.invalidCatalog) { throw failure }
        return products
    }

    /// Reads `customers.csv` (contract §3); `label` names the file in errors.
    ///
    /// Every row is checked (field count, a plausible and unique email, a BCP 47 `language`, a
    /// known `payment_method`) and the error lists every bad row with its line.
    public static func customers(csv text: String, label: String) throws(ExtractionError) -> [Customer] {
        guard var file = MasterDataFile(csv: text, label: label) else { return [] }
        guard file.header.contains("email") else {
            throw ExtractionError(code: .invalidCustomers, message: "\(label): the header must have an email column (found: \(file.header.joined(separator: ",")))")
        }
        var customers: [Customer] = []
        var seen: [String: Int] = [:]
        for row in file.rows {
            if file.report(MasterDataRules.columnCount(row.fields, header: file.header), at: row) { continue }
            let email = row.value("email") ?? ""
            if file.report(MasterDataRules.email(email), at: row) { continue }
            if let earlier = seen[email.lowercased()] {
                file.report("\(email) appears twice (also on line \(earlier)); which row holds the customer?", at: row)
                continue
            }
            seen[email.lowercased()] = row.line
            let valid = [file.check(row, "language", MasterDataRules.language),
                         file.check(row, "payment_method", MasterDataRules.paymentMethod)]
            guard !valid.contains(false) else { continue }
            customers.append(Customer(email: email, name: row.value("name"), company: row.value("company"), phone: row.value("phone"),
                                      language: row.value("language"), paymentMethod: row.value("payment_method").flatMap(PaymentMethod.init(rawValue:)),
                                      shipTo: row.value("ship_to")))
        }
        if let failure = file.failure(.invalidCustomers) { throw failure }
        return customers
    }
}
