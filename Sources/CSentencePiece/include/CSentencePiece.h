#ifndef TESSERA_CSENTENCEPIECE_H
#define TESSERA_CSENTENCEPIECE_H

/// A plain C API over libsentencepiece. Every call that can fail returns 0 on success
/// or -1 on failure and writes a message into `error` (at most `error_capacity` bytes).
#ifdef __cplusplus
extern "C" {
#endif

typedef struct spm_processor spm_processor;

/// Loads a `.model` file; returns NULL and fills `error` on failure.
spm_processor *spm_load(const char *model_path, char *error, int error_capacity);
/// Loads a model from its serialized bytes; returns NULL and fills `error` on failure.
spm_processor *spm_load_from_bytes(const char *bytes, int length, char *error, int error_capacity);
/// Releases a processor.
void spm_free(spm_processor *processor);

/// The number of pieces in the vocabulary.
int spm_vocab_size(const spm_processor *processor);
/// The id of `piece`, or the unknown id when the vocabulary does not hold it.
int spm_piece_to_id(const spm_processor *processor, const char *piece);
/// Copies the piece of `id` (NUL-terminated) into `out`; returns its length, or -1 if `id` is out of range.
int spm_id_to_piece(const spm_processor *processor, int id, char *out, int capacity);
/// The score of `id` (a log probability for unigram, a merge rank for BPE), or 0 if `id` is out of range.
float spm_score(const spm_processor *processor, int id);
/// The special ids; -1 when the model has no such piece.
int spm_bos_id(const spm_processor *processor);
int spm_eos_id(const spm_processor *processor);
int spm_unk_id(const spm_processor *processor);
int spm_pad_id(const spm_processor *processor);

/// Encodes `length` bytes of UTF-8 text (which may hold NUL bytes) into ids. Returns the number
/// of ids (which may exceed `capacity`; call again with a larger buffer), or -1 on failure.
int spm_encode(const spm_processor *processor, const char *text, long length, int *ids, int capacity,
               char *error, int error_capacity);
/// Decodes ids into UTF-8 text. Returns the text length (which may exceed `capacity`; the text may
/// hold NUL bytes), or -1 on failure, including an id outside the vocabulary.
long spm_decode(const spm_processor *processor, const int *ids, int count, char *out, long capacity,
                char *error, int error_capacity);

/// Trains a model with SentencePiece's command-line style arguments
/// (for example "--input=corpus.txt --model_prefix=m --vocab_size=1000").
int spm_train(const char *arguments, char *error, int error_capacity);

/// Trains a model from `count` trainer options given as names and values (SentencePiece's flag
/// names without dashes, for example "input" and "corpus.txt", "vocab_size" and "1000"); values may
/// hold spaces. Nothing is written to disk: on success `*model` points to the serialized model
/// (release it with spm_free_buffer) and `*model_length` holds its length.
int spm_train_to_buffer(const char *const *names, const char *const *values, int count,
                        char **model, long *model_length, char *error, int error_capacity);
/// Releases a buffer returned by spm_train_to_buffer.
void spm_free_buffer(char *buffer);

#ifdef __cplusplus
}
#endif
#endif
