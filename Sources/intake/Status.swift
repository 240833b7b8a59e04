import ArgumentParser
import Foundation
import IntakeCore
import IntakeModel

/// `intake status`: the desk's workers, their leases and last heartbeats, from any machine that
/// reaches the store.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The desk's workers (intake run), the sources each one holds and when each last reported.")

    @OptionGroup var options: ConfigOption
    @Flag(help: "Print JSON instead of tables.") var json = false

    struct Listing: Encodable {
        struct Worker: Encodable {
            var name: String, host: String, pid: Int, startedAt: Date, heartbeatAt: Date, alive: Bool
            /// The sources its configuration names (it takes and is handed only these).
            var sources: [String]
        }
        struct Lease: Encodable {
            var source: String, owner: String?, acquiredAt: Date?, expiresAt: Date?, held: Bool
        }
        var store: String
        var workers: [Worker]
        var sources: [Lease]
    }

    func run() async throws {
        let desk = try await CommandSupport.openDesk(options)
        let (workers, leases) = try await CommandSupport.runAsync { () async throws(IntakeError) in try await desk.workers.status() }
        let now = Date()
        let configuration = desk.configuration
        let lease = Double(configuration.store.leaseSeconds)
        let store = configuration.store.kind == .postgres ? (configuration.store.url ?? "postgres") : "sqlite \(configuration.databaseFile)"
        let byLease = Dictionary(leases.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        // Configured sources first, then leases of sources no longer configured.
        let names = configuration.sources.map(\.name) + leases.map(\.source).filter { name in !configuration.sources.contains { $0.name == name } }
        let listing = Listing(
            store: store,
            workers: workers.map {
                .init(name: $0.name, host: $0.host, pid: $0.pid, startedAt: $0.startedAt, heartbeatAt: $0.heartbeatAt,
                      alive: now.timeIntervalSince($0.heartbeatAt) < lease, sources: $0.sources)
            },
            sources: names.map { name in
                let held = byLease[name]
                return .init(source: name, owner: held?.owner, acquiredAt: held?.acquiredAt, expiresAt: held?.expiresAt,
                             held: (held?.expiresAt ?? .distantPast) > now)
            })
        if json { try CommandSupport.printJSON(listing); return }
        print("Store: \(store)")
        if listing.workers.isEmpty {
            print("No worker has run on this store yet (intake run).")
        } else {
            print(TextTable(headers: ["worker", "host", "pid", "started", "last heartbeat", "state", "polls"], rows: listing.workers.map {
                [$0.name, $0.host, String($0.pid), desk.format($0.startedAt, "MM-dd HH:mm:ss"),
                 "\(Int(now.timeIntervalSince($0.heartbeatAt))) s ago", $0.alive ? "alive" : "silent", $0.sources.joined(separator: ", ")]
            }).render())
        }
        if !listing.sources.isEmpty {
            print(TextTable(headers: ["source", "held by", "lease"], rows: listing.sources.map {
                guard let owner = $0.owner, let until = $0.expiresAt else { return [$0.source, "-", "no holder"] }
                let seconds = Int(until.timeIntervalSince(now))
                return [$0.source, owner, seconds >= 0 ? "runs out in \(seconds) s" : "ran out \(-seconds) s ago"]
            }).render())
        }
    }
}
