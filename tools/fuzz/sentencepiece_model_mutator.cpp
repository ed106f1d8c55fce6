// Mutation tester for SentencePiece models through Tessera's C API (Sources/CSentencePiece):
// each mutant (bit flips, a cut, random bytes, or a run of 0xFF) is loaded, used to encode and
// decode, and looked up, in a forked child, so crashes are counted and saved as crash-SEED-N.model.
// libsentencepiece is not instrumented, so libFuzzer coverage would not help; this is blind mutation.
//
// Build: g++ -O1 -std=c++17 -I Sources/CSentencePiece/include -I Sources/CSentencePiece \
//            tools/fuzz/sentencepiece_model_mutator.cpp Sources/CSentencePiece/*.cpp \
//            -lsentencepiece -lsentencepiece_train -o /tmp/spm-mutate
// Run:   /tmp/spm-mutate MODEL ITERATIONS SEED
#include "CSentencePiece.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

static int exercise(const std::string &model) {
    char error[512];
    spm_processor *p = spm_load_from_bytes(model.data(), (int)model.size(), error, sizeof error);
    if (!p) return 0;
    const char *texts[] = {"Hello, world! 🙂", "Tous les êtres humains ☃ 人人生而自由", "", "a\tb  c"};
    int ids[4096];
    for (const char *t : texts) {
        int n = spm_encode(p, t, (long)strlen(t), ids, 4096, error, sizeof error);
        if (n > 0 && n <= 4096) {
            char out[65536];
            spm_decode(p, ids, n, out, sizeof out, error, sizeof error);
        }
    }
    int size = spm_vocab_size(p);
    std::vector<int> all;
    for (int i = 0; i < size && i < 2000; ++i) all.push_back(i);
    static char out[1 << 20];
    spm_decode(p, all.data(), (int)all.size(), out, sizeof out, error, sizeof error);
    char piece[256];
    for (int i = 0; i < size && i < 2000; ++i) { spm_id_to_piece(p, i, piece, sizeof piece); spm_piece_to_id(p, piece); }
    spm_free(p);
    return 1;
}

int main(int argc, char **argv) {
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream buffer; buffer << in.rdbuf();
    const std::string original = buffer.str();
    const int iterations = atoi(argv[2]);
    std::mt19937 rng(atoi(argv[3]));
    int loaded = 0, crashed = 0;
    for (int it = 0; it < iterations; ++it) {
        std::string model = original;
        int kind = rng() % 4;
        if (kind == 0) { int flips = 1 + rng() % 8; for (int f = 0; f < flips; ++f) model[rng() % model.size()] ^= (char)(1 << (rng() % 8)); }
        else if (kind == 1) { model.resize(rng() % model.size()); }
        else if (kind == 2) { size_t at = rng() % model.size(); model[at] = (char)(rng() % 256); if (at + 1 < model.size()) model[at + 1] = (char)(rng() % 256); }
        else { size_t a = rng() % model.size(), n = 1 + rng() % 64; for (size_t i = 0; i < n && a + i < model.size(); ++i) model[a + i] = (char)0xFF; }
        pid_t child = fork();
        if (child == 0) _exit(exercise(model) ? 3 : 4);
        int status; waitpid(child, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 3) ++loaded;
        else if (!WIFEXITED(status)) {
            ++crashed;
            char name[64]; snprintf(name, sizeof name, "crash-%d-%d.model", atoi(argv[3]), it);
            std::ofstream(name, std::ios::binary) << model;
        }
    }
    printf("%d mutants: %d loaded, %d crashed\n", iterations, loaded, crashed);
}
