public import Foundation

/// Paths of the repository the tests run in.
public enum Repository {
    /// The package root (this file is `Sources/IntakeTestSupport/TestDesk.swift`).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ relative: String) -> String {
        (root as NSString).appendingPathComponent(relative)
    }

    /// The built `intake` binary (`INTAKE_BINARY` overrides, for other build folders).
    public static var binary: String {
        ProcessInfo.processInfo.environment["INTAKE_BINARY"] ?? path(".build/debug/intake")
    }
}

/// A temporary folder, removed when the value is dropped.
public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: the path never changes after init; removal happens once in deinit.
    public let path: String

    public init(_ label: String = "intake-test") {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    public func file(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let target = file(relative)
        try? FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: target, contents: Data(bytes))
        return target
    }

    @discardableResult
    public func write(_ relative: String, _ text: String) -> String {
        write(relative, Array(text.utf8))
    }

    /// Copies the repository's templates into `templates/` here, for a test to break; returns the copy's path.
    @discardableResult
    public func copyTemplates() throws -> String {
        let templates = file("templates")
        try FileManager.default.copyItem(atPath: Repository.path("templates"), toPath: templates)
        return templates
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A copy of the example desk in a temporary folder: its own inbox (files move to `processed/`
/// and `failed/`), data folder and outgoing folder, and no settle delay.
public struct TestDesk: Sendable {
    public let folder: TemporaryFolder
    public var configDirectory: String { folder.file("config") }
    public var inbox: String { folder.file("inbox") }
    public var dataDirectory: String { folder.file("data") }
    public var outgoing: String { folder.file("data/outgoing") }

    /// The desk's default delivery: `.eml` files in `data/outgoing`.
    public static let directoryDeliveryYAML = """
          method: directory
          directory: ../data/outgoing
        """

    /// The desk's default source: its own inbox folder, read without a settle delay.
    public static let inboxSourceYAML = """
          - name: inbox
            url: ../inbox
            settle_seconds: 0
        """

    /// - Parameters:
    ///   - withExamples: copy the example inbox into the desk's inbox.
    ///   - autoApprove: the review policy.
    ///   - sourcesYAML: the items under `sources:` (indented two spaces); the inbox folder by default.
    ///   - deliveryYAML: the lines under `delivery:` (indented two spaces); the directory method by default.
    public init(withExamples: Bool = true, autoApprove: Bool = true, extraYAML: String = "", sourcesYAML: String = TestDesk.inboxSourceYAML,
                deliveryYAML: String = TestDesk.directoryDeliveryYAML) throws {
        folder = TemporaryFolder("intake-desk")
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder.file("config"), withIntermediateDirectories: true)
        for name in ["catalog.csv", "customers.csv"] {
            try manager.copyItem(atPath: Repository.path("examples/config/\(name)"), toPath: folder.file("config/\(name)"))
        }
        try manager.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        if withExamples {
            for name in try manager.contentsOfDirectory(atPath: Repository.path("examples/inbox")).sorted() {
                try manager.copyItem(atPath: Repository.path("examples/inbox/\(name)"), toPath: folder.file("inbox/\(name)"))
            }
        }
        let yaml = """
            desk:
              name: Test desk
              from: "Test Orders <orders@desk.example>"
              timezone: Asia/Taipei
              language: zh-TW
            data_dir: ../data
            templates_dir: \(Repository.path("templates"))
            sources:
            \(sourcesYAML)
            delivery:
            \(deliveryYAML)
            review:
              auto_approve: \(autoApprove)
              min_confidence: 0.9
            \(extraYAML)
            """
        folder.write("config/intake.yaml", yaml)
    }

    /// Gives the desk a copy of the repository's templates in `templates/`, for a test to break,
    /// and points `templates_dir` at it; returns the copy's path.
    @discardableResult
    public func copyTemplates() throws -> String {
        let templates = try folder.copyTemplates()
        let config = folder.file("config/intake.yaml")
        let yaml = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "templates_dir: \(Repository.path("templates"))", with: "templates_dir: \(templates)")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        return templates
    }

    /// Names of the files in a folder of the desk, sorted.
    public func files(in relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.file(relative))) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}

/// Runs the built `intake` binary.
public struct IntakeProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    static func make(_ arguments: [String], environment: [String: String], executable: String = Repository.binary) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }

    /// Runs to completion and returns what it printed.
    /// `executable` runs another program the same way (a browser, a reference tool).
    public static func run(_ arguments: [String], environment: [String: String] = [:], currentDirectory: String? = nil,
                           executable: String = Repository.binary) throws -> Output {
        let process = make(arguments, environment: environment, executable: executable)
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts the binary without waiting, for kill tests; `outputFile` collects what it prints.
    public static func start(_ arguments: [String], environment: [String: String] = [:], outputFile: String? = nil) throws -> Process {
        let process = make(arguments, environment: environment)
        if let outputFile, FileManager.default.createFile(atPath: outputFile, contents: nil), let handle = FileHandle(forWritingAtPath: outputFile) {
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Runs a Python 3 snippet with arguments, for reference checks (jsonschema, email).
    public static func python(_ script: String, arguments: [String] = [], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
