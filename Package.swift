// swift-tools-version:6.1
import PackageDescription

/// Strict settings for every target of ours: Swift 6 mode is the default for tools 6.x; CI adds
/// `-warnings-as-errors` through the Makefile so local builds stay fast to iterate.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "OrderIntake",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
    ],
    // The shared store on PostgreSQL is built only on request (`swift build --traits Postgres`):
    // a desk on one machine does not compile or link postgres-nio and its SwiftNIO stack.
    traits: [
        .trait(name: "Postgres", description: "The desk's store on a PostgreSQL server, shared by several workers"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CIntakeCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "IntakeCurl",
            dependencies: ["CIntakeCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "IntakeModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "IntakeMIME", swiftSettings: strict),
        .target(
            name: "IntakeExtraction",
            dependencies: [
                "IntakeMIME", "IntakeModel",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "IntakeStoreSQLite",
            dependencies: [
                "IntakeModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Empty unless the `Postgres` trait is on (its sources are inside `#if Postgres`).
        .target(
            name: "IntakeStorePostgres",
            dependencies: [
                "IntakeModel",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "IntakeRendering",
            dependencies: ["IntakeModel", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        .target(
            name: "IntakeCore",
            dependencies: [
                "IntakeCurl", "IntakeMIME", "IntakeModel", "IntakeExtraction", "IntakeStoreSQLite", "IntakeRendering",
                .target(name: "IntakeStorePostgres", condition: .when(traits: ["Postgres"])),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "IntakeTestSupport",
            dependencies: ["IntakeCore", "IntakeModel"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "intake",
            dependencies: [
                "IntakeCore", "IntakeModel", "IntakeRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "intake-mime-bench", dependencies: ["IntakeMIME"], path: "bench/mime/swift"),
        .executableTarget(name: "intake-json-bench", dependencies: ["IntakeExtraction", "IntakeModel"], path: "bench/json/swift"),
        .testTarget(name: "IntakeCurlTests", dependencies: ["IntakeCurl", "IntakeTestSupport"], swiftSettings: strict),
        .testTarget(name: "IntakeMIMETests", dependencies: ["IntakeMIME", "IntakeTestSupport"], resources: [.copy("Corpus")], swiftSettings: strict),
        .testTarget(name: "IntakeModelTests", dependencies: ["IntakeModel", "IntakeTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "IntakeExtractionTests",
            dependencies: ["IntakeExtraction", "IntakeMIME", "IntakeModel", "IntakeTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntakeStoreTests",
            dependencies: [
                "IntakeStoreSQLite", "IntakeModel", "IntakeTestSupport",
                .target(name: "IntakeStorePostgres", condition: .when(traits: ["Postgres"])),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "IntakeRenderingTests", dependencies: ["IntakeRendering", "IntakeModel", "IntakeTestSupport"], swiftSettings: strict),
        .testTarget(name: "IntakeCoreTests", dependencies: ["IntakeCore", "IntakeModel", "IntakeTestSupport"], swiftSettings: strict),
        .testTarget(name: "IntakeCLITests", dependencies: ["intake", "IntakeTestSupport"], swiftSettings: strict),
    ]
)
