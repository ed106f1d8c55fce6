#include "charsmap_check.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace tessera {
namespace {

// ---- Protobuf wire format, just enough to find bytes fields. ----

/// Reads a varint at `*position`; false when it is cut off or longer than 10 bytes.
bool read_varint(std::string_view data, size_t *position, uint64_t *value) {
    *value = 0;
    for (int shift = 0; shift < 64 && *position < data.size(); shift += 7) {
        const uint8_t byte = static_cast<uint8_t>(data[(*position)++]);
        *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) return true;
    }
    return false;
}

/// The last value of length-delimited field `field` in `message`; false when the message is malformed.
bool last_bytes_field(std::string_view message, uint64_t field, std::string_view *result) {
    size_t position = 0;
    while (position < message.size()) {
        uint64_t key = 0, length = 0;
        if (!read_varint(message, &position, &key)) return false;
        switch (key & 7) {
        case 0: if (!read_varint(message, &position, &length)) return false; break;
        case 1: position += 8; break;
        case 5: position += 4; break;
        case 2:
            if (!read_varint(message, &position, &length) || length > message.size() - position) return false;
            if ((key >> 3) == field) *result = message.substr(position, length);
            position += length;
            break;
        default: return false;  // groups are not used by SentencePiece
        }
        if (position > message.size()) return false;
    }
    return true;
}

// ---- Darts-clone double-array units, as SentencePiece's normalizer reads them. ----

bool has_leaf(uint32_t unit) { return ((unit >> 8) & 1) == 1; }
uint32_t value(uint32_t unit) { return unit & ((1U << 31) - 1); }
uint32_t label(uint32_t unit) { return unit & ((1U << 31) | 0xFF); }
uint32_t offset(uint32_t unit) { return (unit >> 10) << ((unit & (1U << 9)) >> 6); }

/// SentencePiece keeps at most this many prefix matches (Normalizer::kMaxTrieResultsSize) but
/// reads as many as the trie reports.
constexpr int max_matches = 32;
/// Longer keys than this are not plausible normalization rules; it also bounds the recursion.
constexpr int max_depth = 256;

struct TrieCheck {
    std::vector<uint32_t> units;
    std::string_view normalized;
    /// Per state (the base position a lookup continues from): 0 unvisited, 1 on the current path,
    /// 2 done; and for done states the most matches any key can still collect from there.
    std::vector<uint8_t> state;
    std::vector<uint8_t> matches_below;

    /// Checks every transition from the state at `base`; returns "" or the problem.
    std::string visit(size_t base, int depth, int *most_matches) {
        if (depth > max_depth) return "a key is longer than " + std::to_string(max_depth) + " bytes";
        if (state[base] == 1) return "the trie has a cycle";
        if (state[base] == 2) { *most_matches = matches_below[base]; return ""; }
        state[base] = 1;
        int most = 0;
        for (uint32_t byte = 0; byte < 256; ++byte) {
            const size_t position = base ^ byte;
            if (position >= units.size()) return "a lookup leaves the trie";
            const uint32_t unit = units[position];
            if (label(unit) != byte) continue;
            const size_t child = position ^ offset(unit);
            if (child >= units.size()) return "a lookup leaves the trie";
            int matches = has_leaf(unit) ? 1 : 0;
            if (has_leaf(unit)) {
                const uint32_t start = value(units[child]);
                if (start >= normalized.size() ||
                    std::memchr(normalized.data() + start, 0, normalized.size() - start) == nullptr) {
                    return "a replacement string lies outside the table";
                }
            }
            int below = 0;
            const std::string problem = visit(child, depth + 1, &below);
            if (!problem.empty()) return problem;
            matches += below;
            if (matches > max_matches) return "a key has more than " + std::to_string(max_matches) + " prefix matches";
            if (matches > most) most = matches;
        }
        state[base] = 2;
        matches_below[base] = static_cast<uint8_t>(most);
        *most_matches = most;
        return "";
    }
};

/// Checks one precompiled character map: <trie size: u32><double-array trie><NUL-terminated strings>.
std::string check_charsmap(std::string_view blob) {
    if (blob.empty()) return "";  // no table: the normalizer does not use a trie
    uint32_t trie_size = 0;
    if (blob.size() < 4) return "the table is cut off";
    std::memcpy(&trie_size, blob.data(), 4);  // little-endian, as SentencePiece writes it on x86 and ARM
    if (trie_size > blob.size() - 4) return "the trie runs past the table";
    TrieCheck check;
    check.units.resize(trie_size / 4);
    if (check.units.empty()) return "the trie is empty";
    std::memcpy(check.units.data(), blob.data() + 4, check.units.size() * 4);
    check.normalized = blob.substr(4 + trie_size);
    check.state.assign(check.units.size(), 0);
    check.matches_below.assign(check.units.size(), 0);
    const size_t root = offset(check.units[0]);
    if (root >= check.units.size()) return "a lookup leaves the trie";
    int most = 0;
    return check.visit(root, 0, &most);
}

}  // namespace

std::string check_normalization_tables(std::string_view serialized_model) {
    // ModelProto: normalizer_spec = 3, denormalizer_spec = 5; NormalizerSpec: precompiled_charsmap = 2.
    for (uint64_t spec_field : {3, 5}) {
        std::string_view spec, charsmap;
        if (!last_bytes_field(serialized_model, spec_field, &spec) || !last_bytes_field(spec, 2, &charsmap)) {
            return "the model's protobuf encoding is malformed";
        }
        const std::string problem = check_charsmap(charsmap);
        if (!problem.empty()) {
            return std::string(spec_field == 3 ? "normalization" : "denormalization") + " table is corrupt: " + problem;
        }
    }
    return "";
}

}  // namespace tessera
