import ArgumentParser

struct Confirm: AsyncParsableCommand {
    func run() async throws {}
}
