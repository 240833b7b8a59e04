import Foundation

/// The mark a desk leaves in its data folder, so that a lost store is noticed instead of being
/// replaced by a new, empty one.
///
/// `desk-id` holds the desk's id, which the store keeps too (`store_meta.desk_id`). A missing or
/// empty `intake.sqlite` in a folder with that mark, with originals or with delivered mail is a
/// store that was lost (truncated, deleted, not restored with its folder): starting afresh there
/// issued `SO-2026-00001` a second time, to another order. The desk refuses to start instead.
enum DeskMarker {
    static let fileName = "desk-id"

    static func path(_ configuration: DeskConfiguration) -> String {
        (configuration.dataDirectory as NSString).appendingPathComponent(fileName)
    }

    /// The id the marker holds, nil when there is none.
    static func read(_ configuration: DeskConfiguration) -> String? {
        guard let data = FileManager.default.contents(atPath: path(configuration)) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// What in the data and outgoing folders says a desk has lived here; empty for a new desk.
    static func evidence(_ configuration: DeskConfiguration) -> [String] {
        var found: [String] = []
        if read(configuration) != nil { found.append("the desk marker \(fileName) is there") }
        let manager = FileManager.default
        let originals = (configuration.dataDirectory as NSString).appendingPathComponent("originals")
        if let entries = try? manager.contentsOfDirectory(atPath: originals), !entries.isEmpty {
            found.append("originals/ holds stored items (a store from before schema v6)")
        }
        // SQLite writes the database's first page before anything goes to its write-ahead log, so
        // a log with content beside a missing or empty database is what is left of a store (and
        // opening a new one there would throw the log away).
        let database = configuration.databaseFile
        if (Self.size(of: database) ?? 0) == 0, let log = Self.size(of: database + "-wal"), log > 0 {
            found.append("\((database as NSString).lastPathComponent)-wal holds \(log) bytes of it")
        }
        if configuration.delivery.method == .directory,
           let delivered = try? manager.contentsOfDirectory(atPath: configuration.delivery.directory).filter({ $0.hasSuffix(".eml") }),
           !delivered.isEmpty {
            found.append("\(configuration.delivery.directory) holds \(delivered.count) delivered messages (if that folder is shared with another desk, give this desk its own delivery.directory)")
        }
        return found
    }

    static func size(of path: String) -> Int? {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : nil
    }

    /// After the store opened: the store and the folder agree on the desk's id, and both have it.
    /// A store that names another desk than the folder's marker was copied in from elsewhere.
    static func settle(_ configuration: DeskConfiguration, desk: Desk) async throws(IntakeError) {
        let marked = read(configuration)
        let stored = try await desk.context.reading { try $0.meta("desk_id") }
        if let marked, let stored, marked != stored {
            throw IntakeError(code: .storeFailed, message: "the store \(configuration.databaseFile) belongs to desk \(stored), but this data folder is desk \(marked) (\(path(configuration))); "
                + "it was copied in from another desk. Put back this desk's own intake.sqlite; `intake store check` shows what is there.")
        }
        var id = stored ?? marked ?? UUID().uuidString.lowercased()
        if stored == nil {
            // Two processes opening a new desk at once must end with one id in both places.
            let proposed = id
            id = try await desk.context.writing { try $0.setMetaIfAbsent("desk_id", proposed) }
        }
        if marked == nil {
            var descriptor = open(path(configuration), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 && errno == EEXIST {
                // Another process starting at once wrote it (the store gave both the same id), or
                // a crash left it empty: an empty one is written again.
                if read(configuration) != nil { return }
                descriptor = open(path(configuration), O_WRONLY | O_TRUNC | O_CLOEXEC)
            }
            guard descriptor >= 0 else {
                throw IntakeError(code: .io, message: "cannot write the desk marker \(path(configuration)): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            let line = Array((id + "\n").utf8)
            guard write(descriptor, line, line.count) == line.count, fsync(descriptor) == 0 else {
                throw IntakeError(code: .io, message: "cannot write the desk marker \(path(configuration)): \(String(cString: strerror(errno)))")
            }
            // The marker's name is durable only once its folder is.
            let folder = open(configuration.dataDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 {
                _ = fsync(folder)
                close(folder)
            }
        }
    }
}
