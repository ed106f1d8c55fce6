#include "CSentencePiece.h"
#include "charsmap_check.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

struct spm_processor {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {
/// Copies `message` into a caller's buffer, always NUL-terminated.
void write_error(const std::string &message, char *error, int capacity) {
    if (error == nullptr || capacity <= 0) return;
    std::strncpy(error, message.c_str(), static_cast<size_t>(capacity) - 1);
    error[capacity - 1] = '\0';
}

/// Copies `text` into `out` (NUL-terminated, cut to fit) and returns its full length.
long write_string(const std::string &text, char *out, long capacity) {
    if (out != nullptr && capacity > 0) {
        size_t copied = std::min(text.size(), static_cast<size_t>(capacity) - 1);
        std::memcpy(out, text.data(), copied);
        out[copied] = '\0';
    }
    return static_cast<long>(text.size());
}

/// Returns the processor when it loaded and its normalization tables are sound (libsentencepiece
/// would read a corrupt table out of bounds); otherwise frees it and reports why.
spm_processor *finish_load(spm_processor *processor, const sentencepiece::util::Status &status,
                           char *error, int error_capacity) {
    std::string problem = status.ok() ? tessera::check_normalization_tables(processor->processor.serialized_model_proto())
                                      : status.ToString();
    if (problem.empty()) return processor;
    write_error(problem, error, error_capacity);
    delete processor;
    return nullptr;
}
}  // namespace

extern "C" {

spm_processor *spm_load(const char *model_path, char *error, int error_capacity) {
    auto *processor = new spm_processor();
    return finish_load(processor, processor->processor.Load(model_path), error, error_capacity);
}

spm_processor *spm_load_from_bytes(const char *bytes, int length, char *error, int error_capacity) {
    auto *processor = new spm_processor();
    auto status = processor->processor.LoadFromSerializedProto(std::string(bytes, static_cast<size_t>(length)));
    return finish_load(processor, status, error, error_capacity);
}

void spm_free(spm_processor *processor) { delete processor; }

int spm_vocab_size(const spm_processor *processor) { return processor->processor.GetPieceSize(); }

int spm_piece_to_id(const spm_processor *processor, const char *piece) {
    return processor->processor.PieceToId(piece);
}

int spm_id_to_piece(const spm_processor *processor, int id, char *out, int capacity) {
    if (id < 0 || id >= processor->processor.GetPieceSize()) return -1;
    return static_cast<int>(write_string(processor->processor.IdToPiece(id), out, capacity));
}

float spm_score(const spm_processor *processor, int id) {
    if (id < 0 || id >= processor->processor.GetPieceSize()) return 0;
    return processor->processor.GetScore(id);
}

int spm_bos_id(const spm_processor *processor) { return processor->processor.bos_id(); }
int spm_eos_id(const spm_processor *processor) { return processor->processor.eos_id(); }
int spm_unk_id(const spm_processor *processor) { return processor->processor.unk_id(); }
int spm_pad_id(const spm_processor *processor) { return processor->processor.pad_id(); }

int spm_encode(const spm_processor *processor, const char *text, long length, int *ids, int capacity,
               char *error, int error_capacity) {
    std::vector<int> encoded;
    auto status = processor->processor.Encode(absl::string_view(text, static_cast<size_t>(length)), &encoded);
    if (!status.ok()) {
        write_error(status.ToString(), error, error_capacity);
        return -1;
    }
    if (ids != nullptr) std::memcpy(ids, encoded.data(), sizeof(int) * std::min(encoded.size(), static_cast<size_t>(capacity)));
    return static_cast<int>(encoded.size());
}

long spm_decode(const spm_processor *processor, const int *ids, int count, char *out, long capacity,
                char *error, int error_capacity) {
    // SentencePiece indexes its piece table without a bounds check, so ids are checked here.
    const int size = processor->processor.GetPieceSize();
    for (int index = 0; index < count; ++index) {
        if (ids[index] < 0 || ids[index] >= size) {
            write_error("id " + std::to_string(ids[index]) + " at position " + std::to_string(index) +
                            " is outside the vocabulary of " + std::to_string(size) + " pieces",
                        error, error_capacity);
            return -1;
        }
    }
    std::vector<int> pieces(ids, ids + count);
    std::string text;
    auto status = processor->processor.Decode(pieces, &text);
    if (!status.ok()) {
        write_error(status.ToString(), error, error_capacity);
        return -1;
    }
    return write_string(text, out, capacity);
}

int spm_train(const char *arguments, char *error, int error_capacity) {
    auto status = sentencepiece::SentencePieceTrainer::Train(arguments);
    if (status.ok()) return 0;
    write_error(status.ToString(), error, error_capacity);
    return -1;
}

int spm_train_to_buffer(const char *const *names, const char *const *values, int count,
                        char **model, long *model_length, char *error, int error_capacity) {
    std::unordered_map<std::string, std::string> options;
    for (int index = 0; index < count; ++index) options[names[index]] = values[index];
    std::string serialized;
    auto status = sentencepiece::SentencePieceTrainer::Train(options, nullptr, &serialized);
    if (!status.ok()) {
        write_error(status.ToString(), error, error_capacity);
        return -1;
    }
    *model = static_cast<char *>(std::malloc(serialized.size() == 0 ? 1 : serialized.size()));
    if (*model == nullptr) {
        write_error("out of memory for the trained model", error, error_capacity);
        return -1;
    }
    std::memcpy(*model, serialized.data(), serialized.size());
    *model_length = static_cast<long>(serialized.size());
    return 0;
}

void spm_free_buffer(char *buffer) { std::free(buffer); }

}  // extern "C"
