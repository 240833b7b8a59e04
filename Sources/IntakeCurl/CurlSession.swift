import Dispatch

/// A connection to one remote (a mailbox, a drop folder, an SMTP server) that runs its blocking
/// libcurl transfers on a private serial queue instead of the cooperative thread pool.
///
/// One easy handle is kept and reused, so libcurl keeps the connection open between transfers.
/// Cancelling the calling task aborts the transfer through the progress callback
/// (`CURLOPT_XFERINFOFUNCTION`).
public actor CurlSession {
    private let executor: SerialQueueExecutor
    /// The same queue as a task executor: code that drives many transfers in a row (a batch of
    /// mail) runs there with `withTaskExecutorPreference`, and each transfer then starts and
    /// returns on the thread it is already on instead of waking another one twice.
    public nonisolated let taskExecutor: any TaskExecutor
    private var easy: CurlEasy?
    /// A second connection for IMAP fetches (see `IMAPFetchPipeline`), kept open like the handle.
    var imapPipeline: IMAPFetchPipeline?
    /// For logs and thread names, e.g. the source name.
    public nonisolated let label: String

    public init(label: String) {
        self.label = label
        let queue = DispatchQueue(label: "intake.curl.\(label)")
        self.executor = SerialQueueExecutor(queue: queue)
        self.taskExecutor = QueueTaskExecutor(queue: queue)
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Runs one transfer on this session's handle. Transfers asked for at the same time (a
    /// mailbox fetching ahead) run one after another: the transfer itself never suspends, so
    /// nothing else can use the handle while it runs.
    public func perform(_ request: CurlRequest) async throws(CurlError) -> CurlResponse {
        let flag = CancellationFlag()
        let result = await withTaskCancellationHandler {
            self.transfer(request, cancelled: flag)
        } onCancel: {
            flag.set()
        }
        return try result.get()
    }

    private func transfer(_ request: CurlRequest, cancelled flag: CancellationFlag) -> Result<CurlResponse, CurlError> {
        if Task.isCancelled { return .failure(CurlError(code: .cancelled, message: "\(request.url): cancelled before it started")) }
        do throws(CurlError) {
            return .success(try handle().perform(request, cancelled: flag))
        } catch {
            if error.code == .connectionFailed || error.code == .tlsFailed || error.code == .plaintextNotLoopback {
                easy = nil  // start afresh on the next transfer
            }
            return .failure(error)
        }
    }

    /// Drops the handle, closing its connections.
    public func close() {
        easy = nil
        imapPipeline = nil
    }

    private func handle() throws(CurlError) -> CurlEasy {
        if let easy { return easy }
        let created = try CurlEasy()
        easy = created
        return created
    }
}

/// Runs an actor's jobs on a serial dispatch queue.
final class SerialQueueExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked: the queue is immutable and DispatchQueue is thread-safe.
    private let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: UnownedJob) {
        let executor = asUnownedSerialExecutor()
        queue.async {
            job.runSynchronously(on: executor)
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}

/// Runs a task's jobs on a dispatch queue (a task executor preference).
final class QueueTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the queue is immutable and DispatchQueue is thread-safe.
    private let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    func enqueue(_ job: UnownedJob) {
        let executor = asUnownedTaskExecutor()
        queue.async {
            job.runSynchronously(on: executor)
        }
    }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
