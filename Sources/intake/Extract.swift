import ArgumentParser
import Foundation
import IntakeCore

/// `intake extract FILE...`: the JSON contract (one line per file), no store involved.
struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the extracted order document of each file as JSON Lines (contract order-intake/order@1).",
        discussion: "Exits 0 when every file could be read (a file that is not an order is a classification, not an error), 1 when any was unreadable.")

    @OptionGroup var options: ConfigOption

    @Flag(help: "Add an \"explain\" array to each document: where every field came from (part, line, rule).")
    var explain = false

    @Argument(help: "Email (.eml) or drop-folder files (.csv, .json, .txt).")
    var files: [String]

    func run() async throws {
        let configuration = try CommandSupport.loadConfiguration(options)
        let extractor = try CommandSupport.mapConfiguration { () throws(ConfigurationError) in try FileExtractor(configuration: configuration) }
        var failed = false
        for file in files {
            let extraction = extractor.extract(path: file)
            if extraction.document.kind == .unreadable { failed = true }
            print(try ExtractionOutput.json(extraction, explain: explain))
        }
        if failed { throw ExitCode(1) }
    }
}
