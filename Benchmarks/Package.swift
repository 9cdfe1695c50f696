// swift-tools-version: 6.1
// The count benchmarks (allocations, retains, instructions) of the hot paths: plan, apply,
// check, fill. A package of its own so the main build and `swift test` do not pay for the
// harness. Run: cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "SMMUv3Benchmarks",
    dependencies: [
        .package(name: "swift-smmuv3", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Hot",
            dependencies: [
                .product(name: "SMMUv3", package: "swift-smmuv3"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Hot",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
