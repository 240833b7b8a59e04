import Foundation
import IntakeTestSupport
import Testing

/// The command line as other programs use it, run as the built binary.
@Suite struct ContractTests {
    @Test func extractOutputValidatesAgainstTheContractSchema() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.path("examples/inbox")).sorted().map { "examples/inbox/\($0)" }
        let output = try IntakeProcess.run(["extract", "--config", "examples/config"] + files, currentDirectory: Repository.root)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == files.count)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema)
            bad = 0
            for number, line in enumerate(sys.stdin, 1):
                for error in validator.iter_errors(json.loads(line)):
                    bad += 1
                    print(f"line {number}: {error.json_path}: {error.message}")
            print(f"validated, {bad} errors")
            sys.exit(1 if bad else 0)
            """
        let check = try IntakeProcess.python(script, arguments: [Repository.path("contracts/order.schema.json")], stdin: output.stdout)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("validated, 0 errors"))
        // In FILE order, with the file as given.
        #expect(lines.first?.contains("\"file\":\"examples/inbox/001-hsinyi-order-big5.eml\"") == true)
    }

    @Test func unreadableFileIsADocumentAndExitsOne() throws {
        let output = try IntakeProcess.run(["extract", "--config", "examples/config", "examples/inbox/003-northwind-order.eml", "no/such/file.eml"],
                                           currentDirectory: Repository.root)
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"kind\":\"unreadable\""))
        #expect(lines[1].contains("no/such/file.eml"))
    }

    @Test func explainSaysWhereFieldsCameFrom() throws {
        let output = try IntakeProcess.run(["--config", "examples/config", "extract", "--explain", "examples/inbox/001-hsinyi-order-big5.eml"],
                                           currentDirectory: Repository.root)
        #expect(output.status == 0)
        #expect(output.stdout.contains("\"explain\":["))
        #expect(output.stdout.contains("label \\\"收貨地址\\\"") || output.stdout.contains("label \"收貨地址\""))
    }

    @Test func badConfigurationNamesTheKey() throws {
        let folder = TemporaryFolder("cli-config")
        folder.write("intake.yaml", "review:\n  min_confidence: 7\n")
        let output = try IntakeProcess.run(["queue", "list", "--config", folder.path])
        #expect(output.status == 78)
        #expect(output.stderr.contains("review.min_confidence"))
        #expect(output.stderr.contains("intake.yaml"))
    }
}

@Suite struct ConfirmationMailTests {
    @Test func confirmationParsesWithPythonsEmailPackage() throws {
        let desk = try TestDesk()
        let run = try IntakeProcess.run(["--config", desk.configDirectory, "run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        let file = try #require(desk.files(in: "data/outgoing").first { $0.hasPrefix("SO-2026-00001") })
        let script = """
            import sys, email
            from email import policy
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
            assert not m.defects, m.defects
            print("to=" + str(m['To'].addresses[0].addr_spec))
            print("subject=" + m['Subject'])
            print("in-reply-to=" + m['In-Reply-To'])
            print("references=" + m['References'])
            print("message-id=" + m['Message-ID'])
            print("auto=" + m['Auto-Submitted'])
            print("types=" + ",".join(p.get_content_type() for p in m.iter_parts()))
            print("text-has-order=" + str('SO-2026-00001' in m.get_body(('plain',)).get_content()))
            print("html-has-table=" + str('<table' in m.get_body(('html',)).get_content()))
            """
        let parsed = try IntakeProcess.python(script, arguments: [desk.folder.file("data/outgoing/\(file)")])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let fields = Dictionary(uniqueKeysWithValues: parsed.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        })
        #expect(fields["to"] == "chen.wei@hsinyi-tech.com.tw")
        #expect(fields["subject"] == "訂單確認 SO-2026-00001（貴司單號 HY-PO-20261120）")
        #expect(fields["in-reply-to"] == "<20261120091240.4411@hsinyi-tech.com.tw>")
        #expect(fields["references"] == "<20261120091240.4411@hsinyi-tech.com.tw>")
        #expect(fields["message-id"]?.contains(".SO-2026-00001.") == true)
        #expect(fields["auto"] == "auto-replied")
        #expect(fields["types"] == "text/plain,text/html")
        #expect(fields["text-has-order"] == "True")
        #expect(fields["html-has-table"] == "True")
    }
}
