import TestSupport
import Formats
import Foundation
import XCTest

/// config.json parsing: typed getters, defaults, nesting and error messages.
final class HFConfigTests: XCTestCase {
    private func config(_ json: String) throws -> (HFConfig, URL) {
        let url = try makeTemporaryDirectory().appendingPathComponent("config.json")
        try Data(json.utf8).write(to: url)
        return (try HFConfig(contentsOf: url), url)
    }

    func testTransformersConfigReads() throws {
        let config = try HFConfig(contentsOf: fixtureURL("tiny_llama/config.json"))
        XCTAssertEqual(try config.string("model_type"), "llama")
        XCTAssertEqual(try config.int("hidden_size"), 16)
        XCTAssertEqual(try config.int("num_key_value_heads"), 2)
        XCTAssertEqual(try config.float("rms_norm_eps"), 1e-6)
        XCTAssertEqual(try config.float("attention_dropout"), 0)
        XCTAssertEqual(try config.bool("tie_word_embeddings"), true)
        let rope = try config.object("rope_parameters")
        XCTAssertEqual(try rope.float("rope_theta"), 10000)
        XCTAssertEqual(try rope.int("rope_theta"), 10000)
        XCTAssertEqual(try rope.string("rope_type"), "default")
        XCTAssertFalse(config.contains("pad_token_id"))
        XCTAssertEqual(try config.int("pad_token_id", default: -1), -1)
        XCTAssertEqual(config.values["architectures"], .array([.string("LlamaForCausalLM")]))
    }

    func testNumbersConvertSensibly() throws {
        let (config, _) = try config("""
            {"eps": 1e-06, "theta": 10000.0, "big": 1e4, "ids": [1, 2.0, 3], "scales": [0.5, 2], "half": 0.5}
            """)
        XCTAssertEqual(try config.float("eps"), 1e-6)
        XCTAssertEqual(try config.int("theta"), 10000)
        XCTAssertEqual(try config.int("big"), 10000)
        XCTAssertEqual(try config.float("big"), 10000)
        XCTAssertEqual(try config.ints("ids"), [1, 2, 3])
        XCTAssertEqual(try config.floats("scales"), [0.5, 2])
        XCTAssertEqual(try config.floats("ids"), [1, 2, 3])
        XCTAssertEqual(try config.float("absent", default: 0.25), 0.25)
        XCTAssertEqual(try config.string("absent", default: "x"), "x")
        XCTAssertEqual(try config.bool("absent", default: true), true)
        XCTAssertEqual(try config.ints("absent", default: []), [])
    }

    func testWrongTypesAndMissingKeysAreReported() throws {
        let (config, url) = try config("""
            {"eps": 1e-06, "flag": 1, "name": 3, "ids": [1, "two"], "text_config": {"hidden_size": "big"}, "null": null}
            """)
        assertFormatError(try config.int("eps"), path: url, contains: "key 'eps' is 1e-06, not an integer")
        assertFormatError(try config.bool("flag"), path: url, contains: "key 'flag' is 1, not a boolean")
        assertFormatError(try config.string("name"), path: url, contains: "key 'name' is 3, not a string")
        assertFormatError(try config.ints("ids"), path: url, contains: "key 'ids' is [1,\"two\"], not an array of integers")
        assertFormatError(try config.int("hidden_size"), path: url, contains: "missing key 'hidden_size'")
        assertFormatError(try config.int("null"), path: url, contains: "missing key 'null'")
        assertFormatError(try config.object("eps"), path: url, contains: "key 'eps' is 1e-06, not an object")
        let text = try config.object("text_config")
        assertFormatError(try text.int("hidden_size"), path: url, contains: "key 'text_config.hidden_size' is \"big\", not an integer")
        assertFormatError(try text.int("layers"), path: url, contains: "missing key 'text_config.layers'")
        // A wrong type is an error even when a default is given.
        assertFormatError(try config.int("eps", default: 3), path: url, contains: "not an integer")
    }

    func testFilesThatAreNotJSONObjectsAreReported() throws {
        let (_, url) = try config("{}")
        try Data("[1, 2]".utf8).write(to: url)
        assertFormatError(try HFConfig(contentsOf: url), path: url, contains: "holds an array, not a JSON object")
        try Data("{\"a\": ".utf8).write(to: url)
        assertFormatError(try HFConfig(contentsOf: url), path: url, contains: "not valid JSON")
        let missing = url.deletingLastPathComponent().appendingPathComponent("absent.json")
        assertFormatError(try HFConfig(contentsOf: missing), path: missing, contains: "cannot read")
    }
}
