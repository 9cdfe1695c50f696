// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "swift-smmuv3",
    products: [
        .library(name: "SMMUv3", targets: ["SMMUv3"]),
        .executable(name: "smmuv3", targets: ["smmuv3"]),
        .executable(name: "smmuv3-bench", targets: ["smmuv3-bench"]),
        // The C API (include/smmuv3/engine.h) for C test rigs.
        .library(name: "smmuv3c", type: .dynamic, targets: ["SMMUv3C"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Adds `swift package generate-documentation`; a command plugin, so `swift build`
        // and `swift test` do not build it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The C layout core: header-only tables in the top-level include/ (usable with
        // `-I include` and no Swift); its one .c file lives under Sources/CSMMUv3.
        .target(
            name: "CSMMUv3",
            path: ".",
            sources: ["Sources/CSMMUv3"],
            publicHeadersPath: "include"
        ),
        .target(
            name: "SMMUv3",
            dependencies: ["CSMMUv3"],
            path: "Sources/SMMUv3"
        ),
        // The QEMU backend (issue 13): qtest over pipes, guest memory as table memory.
        .target(
            name: "SMMUv3QEMU",
            dependencies: ["SMMUv3", "CSMMUv3"],
            path: "Sources/SMMUv3QEMU"
        ),
        .executableTarget(
            name: "smmuv3",
            dependencies: [
                "SMMUv3",
                "SMMUv3QEMU",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/smmuv3"
        ),
        .target(
            name: "SMMUv3C",
            dependencies: ["SMMUv3", "CSMMUv3"],
            path: "Sources/SMMUv3C"
        ),
        // The C anchor the bench measures against (the Linux used-bits writer in plain C).
        .target(
            name: "CBenchAnchor",
            dependencies: ["CSMMUv3"],
            path: "Sources/CBenchAnchor"
        ),
        // Benchmarks print figures; tests never time anything.
        .executableTarget(
            name: "smmuv3-bench",
            dependencies: ["SMMUv3", "CSMMUv3", "CBenchAnchor"],
            path: "Sources/smmuv3-bench"
        ),
        .testTarget(
            name: "SMMUv3Tests",
            dependencies: ["SMMUv3", "CSMMUv3", "SMMUv3C", "smmuv3", "SMMUv3QEMU"],
            path: "Tests/SMMUv3Tests",
            exclude: ["SpecTranscription"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
