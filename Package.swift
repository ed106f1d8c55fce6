// swift-tools-version:6.0
import PackageDescription

/// Kernel-heavy modules use Swift 5 mode: strict concurrency checking fights unsafe-pointer code.
/// They are optimised in debug builds too, so the test suite (models trained for a few steps) runs in minutes.
let kernelSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v5),
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
        .library(name: "Tessera", targets: ["Tessera"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        // A plain C API over libsentencepiece, so C++ interop stays inside this target.
        .target(
            name: "CSentencePiece",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("sentencepiece"), .linkedLibrary("sentencepiece_train")]
        ),

        // Library modules; imports point one way: Tensor ← Formats ← (Media, TextTokenizer) ← (NN, Vocab) ← (ImageTokenizer, AudioTokenizer, LM) ← Tessera ← tessera.
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: kernelSettings),
        .target(name: "Formats", dependencies: ["Tensor"], swiftSettings: kernelSettings),
        .target(name: "Media", dependencies: ["Tensor", "Formats", "CPNG", "CSndFile"], swiftSettings: kernelSettings),
        .target(name: "TextTokenizer", dependencies: ["CSentencePiece", "Formats"]),
        .target(name: "Vocab", dependencies: ["Formats", "TextTokenizer"]),
        .target(name: "NN", dependencies: ["Tensor", "Formats"], swiftSettings: kernelSettings),
        .target(name: "ImageTokenizer", dependencies: ["Tensor", "Formats", "NN", "Media"], swiftSettings: kernelSettings),
        .target(name: "AudioTokenizer", dependencies: ["Tensor", "Formats", "NN", "Media"], swiftSettings: kernelSettings),
        .target(name: "LM", dependencies: ["Tensor", "Formats", "NN"], swiftSettings: kernelSettings),
        .target(name: "Tessera", dependencies: ["Tensor", "Formats", "Media", "TextTokenizer", "NN", "ImageTokenizer", "AudioTokenizer", "Vocab", "LM", "CBLAS"], swiftSettings: kernelSettings),
        .executableTarget(
            name: "tessera",
            dependencies: ["Tessera", "Formats", "TextTokenizer", "Vocab", "AudioTokenizer", "LM", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Helpers shared by the test targets (scratch directories, the one-line error contract).
        .target(name: "TestSupport", dependencies: ["Formats"], path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "Formats"], resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "FormatsTests", dependencies: ["TestSupport", "Formats", "Tensor"], resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "TextTokenizerTests", dependencies: ["TestSupport", "TextTokenizer", "Formats"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MediaTests", dependencies: ["TestSupport", "Media", "Tensor", "Formats"], resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensor", "Formats"], resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "ImageTokenizerTests", dependencies: ["TestSupport", "ImageTokenizer", "Media", "NN", "Tensor", "Formats"], resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "AudioTokenizerTests", dependencies: ["TestSupport", "AudioTokenizer", "NN", "Media", "Tensor", "Formats"],
                    resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "LMTests", dependencies: ["TestSupport", "LM", "NN", "Tensor", "Formats"], resources: [.copy("Fixtures")], swiftSettings: kernelSettings),
        .testTarget(name: "VocabTests", dependencies: ["TestSupport", "Vocab", "Formats", "TextTokenizer"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CBLAS", "CPNG", "CSndFile", "CSentencePiece"]),
        .testTarget(name: "TesseraTests", dependencies: ["TestSupport", "Tessera", "Vocab", "Media", "Formats"]),
        .testTarget(name: "TesseraCLITests", dependencies: ["TestSupport", "tessera", "Tessera", "Media", "Formats"], exclude: ["Fixtures"]),
    ]
)
