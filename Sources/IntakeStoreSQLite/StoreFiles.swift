import Foundation
import IntakeModel

/// The store's files on disk: private when created, looked at without opening them.
enum StoreFiles {
    /// The data folder, created `0700` when missing (its parents as the umask says). An existing
    /// folder is left as its owner set it: `intake store check` reports one others can read.
    static func makePrivateFolder(_ folder: String) throws(StoreError) {
        var status = stat()
        if stat(folder, &status) == 0 { return }
        let parent = (folder as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw StoreError(code: .openFailed, message: "cannot create the folder \(parent): \(error.localizedDescription)")
        }
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw StoreError(code: .openFailed, message: "cannot create the data folder \(folder): \(String(cString: strerror(errno)))")
        }
    }

    /// The file's size, nil when there is no file.
    static func size(of path: String) -> Int? {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : nil
    }

    /// Whether a database file's header says WAL mode (bytes 18 and 19 of the header are 2):
    /// read from the file, without SQLite.
    static func isInWALMode(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        return header.starts(with: Array("SQLite format 3\0".utf8)) && header[header.startIndex + 18] == 2 && header[header.startIndex + 19] == 2
    }

    /// Makes the database file `0600` before SQLite writes to it (SQLite gives its `-wal` and
    /// `-shm` the database's mode); an existing empty file is narrowed to `0600` too.
    static func createPrivate(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(code: .openFailed, message: "cannot create the database \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        if fchmod(descriptor, 0o600) != 0 {
            throw StoreError(code: .openFailed, message: "cannot make the database \(path) private: \(String(cString: strerror(errno)))")
        }
    }
}
