import ArgumentParser

struct Queue: AsyncParsableCommand {
    func run() async throws {}
}
