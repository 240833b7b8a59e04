import GRDB

/// The schema, as named migrations. A released migration is frozen: change the schema by adding
/// a new one, never by editing an old one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-items-orders-events-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE items (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL UNIQUE,
                    location TEXT NOT NULL,
                    filename TEXT NOT NULL,
                    message_id TEXT,
                    content_hash TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    original_path TEXT,
                    received_at DATETIME NOT NULL,
                    status TEXT NOT NULL,
                    kind TEXT,
                    failure_reason TEXT,
                    document_json TEXT,
                    origins_json TEXT,
                    order_number TEXT,
                    duplicate_of INTEGER REFERENCES items(id),
                    processed_at DATETIME
                );
                CREATE INDEX items_message_id ON items(message_id);
                CREATE INDEX items_content_hash ON items(content_hash);
                CREATE INDEX items_status ON items(status);

                CREATE TABLE order_sequences (
                    year INTEGER PRIMARY KEY,
                    last INTEGER NOT NULL
                );

                CREATE TABLE orders (
                    number TEXT PRIMARY KEY,
                    year INTEGER NOT NULL,
                    sequence INTEGER NOT NULL,
                    item_id INTEGER NOT NULL UNIQUE REFERENCES items(id),
                    state TEXT NOT NULL,
                    received_at DATETIME NOT NULL,
                    body_json TEXT NOT NULL,
                    customer_email TEXT,
                    total TEXT,
                    currency TEXT,
                    issue_count INTEGER NOT NULL,
                    edited INTEGER NOT NULL DEFAULT 0,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL,
                    UNIQUE(year, sequence)
                );
                CREATE INDEX orders_state ON orders(state);

                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT,
                    before_json TEXT,
                    after_json TEXT
                );
                CREATE INDEX events_subject ON events(subject);

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL UNIQUE,
                    order_number TEXT REFERENCES orders(number),
                    purpose TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DATETIME,
                    last_reply TEXT,
                    created_at DATETIME NOT NULL,
                    sent_at DATETIME,
                    delivered_to TEXT,
                    message BLOB NOT NULL
                );
                CREATE INDEX outbox_state ON outbox(state);
                CREATE UNIQUE INDEX outbox_one_confirmation ON outbox(order_number, purpose) WHERE purpose = 'confirmation';
                """)
        }
        migrator.registerMigration("v2-mailbox-sync") { db in
            try db.execute(sql: """
                CREATE TABLE mailbox_state (
                    source TEXT NOT NULL,
                    mailbox TEXT NOT NULL,
                    uid_validity INTEGER NOT NULL,
                    last_uid INTEGER NOT NULL,
                    updated_at DATETIME NOT NULL,
                    PRIMARY KEY (source, mailbox)
                );
                ALTER TABLE items ADD COLUMN source_pending INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX items_source_pending ON items(source) WHERE source_pending = 1;
                """)
        }
        migrator.registerMigration("v3-message-hash-index") { db in
            // The duplicate check looks up Message-ID and content hash together; with an index on
            // Message-ID alone, many items sharing one Message-ID made every insert scan them all.
            try db.execute(sql: "CREATE INDEX items_message_id_hash ON items(message_id, content_hash)")
        }
        migrator.registerMigration("v4-source-unread") { db in
            // A mailbox message that was unread before the fetch marked it read: its pending
            // source action clears \Seen again, also after a crash or a broken connection.
            try db.execute(sql: "ALTER TABLE items ADD COLUMN source_unread INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v5-outbox-recipients") { db in
            // SMTP sends one transaction per recipient: each has its own outcome, so that a refused
            // address is recorded while the others get the message, and a retry goes only to
            // those still pending. The rate limit counts what each address was sent.
            try db.execute(sql: """
                CREATE TABLE outbox_recipients (
                    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                    address TEXT NOT NULL,
                    state TEXT NOT NULL,
                    reply TEXT,
                    updated_at DATETIME,
                    PRIMARY KEY (outbox_id, address)
                );
                CREATE INDEX outbox_recipients_sent ON outbox_recipients(address, updated_at) WHERE state = 'sent';
                ALTER TABLE outbox ADD COLUMN possible_repeat INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE store_meta (key TEXT PRIMARY KEY, value);
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, recipients, state, sent_at FROM outbox") {
                let state: String = row["state"]
                let recipients: String = row["recipients"]
                for address in recipients.split(separator: ",") {
                    try db.execute(sql: "INSERT OR IGNORE INTO outbox_recipients (outbox_id, address, state, updated_at) VALUES (?, ?, ?, ?)",
                                   arguments: [row["id"], String(address), state == "sent" ? "sent" : "pending", row["sent_at"]])
                }
            }
        }
        migrator.registerMigration("v6-originals-in-the-database") { db in
            // An item's bytes now commit in the same transaction as its row: atomic, no file and
            // no fsync of its own per item (creating a file per message was a sixth of a large
            // mailbox sync). Originals of earlier versions stay in originals/ and are still read.
            try db.execute(sql: """
                CREATE TABLE originals (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL UNIQUE,
                    bytes BLOB NOT NULL,
                    stored_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7-order-follow-up") { db in
            // Surveys pick orders completed some days ago and reports count by completion: a
            // column, not a scan of every order's JSON. A customer's follow-up mail (change,
            // cancellation, complaint, survey reply) names the order it is about.
            try db.execute(sql: """
                ALTER TABLE orders ADD COLUMN completed_at DATETIME;
                CREATE INDEX orders_completed ON orders(completed_at) WHERE completed_at IS NOT NULL;
                ALTER TABLE items ADD COLUMN order_reference TEXT;
                CREATE INDEX items_order_reference ON items(order_reference) WHERE order_reference IS NOT NULL;
                """)
        }
        migrator.registerMigration("v8-surveys-cases-changes") { db in
            // One survey per order, ever: the unique order number is what makes an overlapping or
            // crashed scheduled run send nothing twice (the survey row and its outbox message
            // commit together). Opt-outs are per address. Complaints become cases; change
            // requests and cancellations wait for an assistant's decision.
            try db.execute(sql: """
                CREATE TABLE surveys (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    order_number TEXT NOT NULL UNIQUE REFERENCES orders(number),
                    customer_email TEXT NOT NULL,
                    outbox_id INTEGER REFERENCES outbox(id),
                    token TEXT NOT NULL UNIQUE,
                    scale INTEGER NOT NULL,
                    sent_at DATETIME NOT NULL,
                    rating INTEGER,
                    comment TEXT,
                    answered_at DATETIME,
                    answer_item_id INTEGER REFERENCES items(id)
                );
                CREATE INDEX surveys_customer ON surveys(customer_email, sent_at);
                CREATE TABLE opt_outs (
                    email TEXT PRIMARY KEY,
                    at DATETIME NOT NULL,
                    how TEXT NOT NULL,
                    item_id INTEGER REFERENCES items(id)
                );
                CREATE TABLE cases (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    order_number TEXT REFERENCES orders(number),
                    item_id INTEGER NOT NULL UNIQUE REFERENCES items(id),
                    customer_email TEXT,
                    category TEXT NOT NULL,
                    owner TEXT,
                    state TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    opened_at DATETIME NOT NULL,
                    answered_at DATETIME,
                    resolved_at DATETIME
                );
                CREATE INDEX cases_state ON cases(state);
                CREATE INDEX cases_customer ON cases(customer_email) WHERE state != 'resolved';
                CREATE TABLE change_requests (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    order_number TEXT REFERENCES orders(number),
                    item_id INTEGER NOT NULL UNIQUE REFERENCES items(id),
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    proposal_json TEXT,
                    flag TEXT,
                    created_at DATETIME NOT NULL,
                    decided_at DATETIME,
                    decided_by TEXT,
                    reason TEXT
                );
                CREATE INDEX change_requests_state ON change_requests(state);
                """)
        }
        migrator.registerMigration("v9-outbox-bodies-apart") { db in
            // SQLite rewrites a whole row, overflow pages and all, on every UPDATE: with the
            // message bytes in the outbox row, each state change (claimed, sent) rewrote the
            // message. Apart, a state change writes a small row, and listings read no bodies.
            try db.execute(sql: """
                CREATE TABLE outbox_bodies (
                    outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
                    message BLOB NOT NULL
                );
                INSERT INTO outbox_bodies (outbox_id, message) SELECT id, message FROM outbox;
                ALTER TABLE outbox DROP COLUMN message;
                """)
        }
        migrator.registerMigration("v10-no-redundant-item-indexes") { db in
            // Items are looked up by Message-ID (alone, or with the content hash), which
            // items_message_id_hash serves; nothing looks them up by the hash alone. The two
            // indexes had an entry at a random place per new item: two pages of every commit's
            // write-ahead log (a sync of 10,000 messages wrote some 87,000 pages for 84 MB).
            try db.execute(sql: """
                DROP INDEX IF EXISTS items_message_id;
                DROP INDEX IF EXISTS items_content_hash;
                """)
        }
        migrator.registerMigration("v11-item-message-hash") { db in
            // The duplicate check compares messages apart from how they travelled (trace header
            // fields, line ends): the same message delivered twice, or by two routes, has other
            // raw bytes. Rows from before keep a NULL hash and are matched by content hash.
            // The index serves both lookups (Message-ID with the message hash, Message-ID with
            // no hash) and the lookups by Message-ID alone; it replaces items_message_id_hash,
            // so that a new item still writes one entry for these lookups, not two (see v10).
            try db.execute(sql: """
                ALTER TABLE items ADD COLUMN message_hash TEXT;
                CREATE INDEX items_message_id_message_hash ON items(message_id, message_hash);
                DROP INDEX IF EXISTS items_message_id_hash;
                """)
        }
        migrator.registerMigration("v12-workers-and-leases") { db in
            // Which worker polls which source (a lease renewed while polling), and which workers
            // are alive (`intake status`): as on the shared PostgreSQL store.
            try db.execute(sql: """
                CREATE TABLE workers (
                    name TEXT PRIMARY KEY,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    started_at DATETIME NOT NULL,
                    heartbeat_at DATETIME NOT NULL
                );
                CREATE TABLE source_leases (
                    source TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    acquired_at DATETIME NOT NULL,
                    expires_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v13-worker-sources") { db in
            // The sources each worker polls, so that a source is handed over only to a worker
            // that polls it (`LeaseBalance`).
            try db.execute(sql: "ALTER TABLE workers ADD COLUMN sources TEXT NOT NULL DEFAULT '[]'")
        }
        return migrator
    }
}
