import ArgumentParser

struct Poll: AsyncParsableCommand {
    func run() async throws {}
}
