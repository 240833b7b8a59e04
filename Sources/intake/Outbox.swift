import ArgumentParser

struct Outbox: AsyncParsableCommand {
    func run() async throws {}
}
