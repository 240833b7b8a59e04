public import Foundation
public import IntakeExtraction
public import IntakeModel

extension DeskConfiguration {
    /// Reads `catalog.csv` (required) and `customers.csv` (optional) beside the configuration.
    /// A bad row is a configuration error (exit 78), listing every bad row of the file with its line.
    public func loadMasterData() throws(ConfigurationError) -> MasterData {
        MasterData(products: try loadCatalog(), customers: try loadCustomers())
    }

    /// The products of `catalog.csv`, every row checked.
    public func loadCatalog() throws(ConfigurationError) -> [Product] {
        guard let text = try Self.text(of: catalogFile) else {
            throw ConfigurationError(file: catalogFile, key: nil, message: "missing; the catalog is required (columns sku,name,aliases,unit,unit_price,currency)")
        }
        do { return try MasterData.products(csv: text, label: catalogFile) } catch { throw Self.rows(of: catalogFile, error) }
    }

    /// The customers of `customers.csv`, every row checked; none when there is no such file.
    public func loadCustomers() throws(ConfigurationError) -> [Customer] {
        guard let text = try Self.text(of: customersFile) else { return [] }
        do { return try MasterData.customers(csv: text, label: customersFile) } catch { throw Self.rows(of: customersFile, error) }
    }

    /// The file as UTF-8 text; nil when it does not exist.
    private static func text(of file: String) throws(ConfigurationError) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: file, key: nil, message: "not UTF-8 text")
        }
        return text
    }

    private static func rows(of file: String, _ error: ExtractionError) -> ConfigurationError {
        guard !error.problems.isEmpty else { return ConfigurationError(file: file, key: nil, message: error.message) }
        let count = error.problems.count == 1 ? "a row cannot be used" : "\(error.problems.count) problems in its rows"
        return ConfigurationError(file: file, key: nil, message: count, problems: error.problems)
    }

    /// The extraction context for this desk, with `receivedAt` as the reference for relative dates.
    public func extractionContext(master: MasterData, receivedAt: Date = Date()) -> ExtractionContext {
        ExtractionContext(master: master, timeZone: desk.timeZone, limits: limits, fallbackCharsets: fallbackCharsets, receivedAt: receivedAt,
                          deskLanguage: desk.language)
    }
}
