public import Foundation
public import IntakeExtraction
import IntakeModel

extension DeskConfiguration {
    /// Reads `catalog.csv` (required) and `customers.csv` (optional) beside the configuration.
    public func loadMasterData() throws(ConfigurationError) -> MasterData {
        guard let catalogData = FileManager.default.contents(atPath: catalogFile) else {
            throw ConfigurationError(file: catalogFile, key: nil, message: "missing; the catalog is required (columns sku,name,aliases,unit,unit_price,currency)")
        }
        guard let catalogText = String(data: catalogData, encoding: .utf8) else {
            throw ConfigurationError(file: catalogFile, key: nil, message: "not UTF-8 text")
        }
        let products: [Product]
        do { products = try MasterData.products(csv: catalogText, label: catalogFile) } catch {
            throw ConfigurationError(file: catalogFile, key: nil, message: error.message)
        }
        var customers: [Customer] = []
        if let data = FileManager.default.contents(atPath: customersFile) {
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationError(file: customersFile, key: nil, message: "not UTF-8 text")
            }
            do { customers = try MasterData.customers(csv: text, label: customersFile) } catch {
                throw ConfigurationError(file: customersFile, key: nil, message: error.message)
            }
        }
        return MasterData(products: products, customers: customers)
    }

    /// The extraction context for this desk, with `receivedAt` as the reference for relative dates.
    public func extractionContext(master: MasterData, receivedAt: Date = Date()) -> ExtractionContext {
        ExtractionContext(master: master, timeZone: desk.timeZone, limits: limits, fallbackCharsets: fallbackCharsets, receivedAt: receivedAt,
                          deskLanguage: desk.language)
    }
}
