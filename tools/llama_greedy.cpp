// Greedy continuation of a prompt of token ids with llama.cpp, for comparing `tessera sample
// --greedy` with a GGUF export (and timing llama.cpp's decoding).
//
// Build against a llama.cpp source tree built with cmake (see docs/lm.md):
//   g++ -O2 -std=c++17 tools/llama_greedy.cpp -I$LLAMA/include -I$LLAMA/ggml/include \
//       -L$LLAMA/build/bin -lllama -lggml -lggml-base -Wl,-rpath,$LLAMA/build/bin -o .build/llama_greedy
// Usage: llama_greedy MODEL.gguf MAX_NEW THREADS ID...
// Prints the new ids on one line (stopping after an end-of-generation id, as tessera stops at
// eos); on stderr, the decode rate in tokens/s (the prompt excluded).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "llama.h"

int main(int argc, char **argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s MODEL.gguf MAX_NEW THREADS ID...\n", argv[0]);
        return 2;
    }
    const int maxNew = std::atoi(argv[2]), threads = std::atoi(argv[3]);
    std::vector<llama_token> prompt;
    for (int index = 4; index < argc; ++index) prompt.push_back(std::atoi(argv[index]));

    llama_backend_init();
    llama_model *model = llama_model_load_from_file(argv[1], llama_model_default_params());
    if (!model) return 1;
    llama_context_params parameters = llama_context_default_params();
    parameters.n_ctx = 0;  // the model's context
    parameters.n_batch = parameters.n_ubatch = static_cast<uint32_t>(prompt.size());
    parameters.n_threads = parameters.n_threads_batch = threads;
    llama_context *context = llama_init_from_model(model, parameters);
    if (!context) return 1;
    const llama_vocab *vocab = llama_model_get_vocab(model);
    const int vocabularySize = llama_vocab_n_tokens(vocab);

    std::vector<llama_token> generated;
    llama_token next = 0;
    llama_batch batch = llama_batch_get_one(prompt.data(), static_cast<int32_t>(prompt.size()));
    auto decodeStart = std::chrono::steady_clock::now();
    for (int step = 0; step < maxNew; ++step) {
        if (llama_decode(context, batch) != 0) return 1;
        if (step == 0) decodeStart = std::chrono::steady_clock::now();  // time decoding, not the prompt
        const float *logits = llama_get_logits_ith(context, -1);
        next = 0;
        for (int id = 1; id < vocabularySize; ++id) if (logits[id] > logits[next]) next = id;
        generated.push_back(next);
        if (llama_vocab_is_eog(vocab, next)) break;
        batch = llama_batch_get_one(&next, 1);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - decodeStart).count();
    for (size_t index = 0; index < generated.size(); ++index) std::printf(index ? " %d" : "%d", generated[index]);
    std::printf("\n");
    std::fprintf(stderr, "decode %.1f tokens/s\n", generated.size() > 1 ? (generated.size() - 1) / seconds : 0.0);
    llama_free(context);
    llama_model_free(model);
    return 0;
}
