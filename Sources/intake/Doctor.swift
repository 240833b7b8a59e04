import ArgumentParser

struct Doctor: AsyncParsableCommand {
    func run() async throws {}
}
