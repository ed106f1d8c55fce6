#ifndef TESSERA_CHARSMAP_CHECK_H
#define TESSERA_CHARSMAP_CHECK_H

#include <string>
#include <string_view>

namespace tessera {

/// Checks the normalization tables of a serialized SentencePiece ModelProto (the precompiled
/// character maps of its normalizer and denormalizer specs). libsentencepiece reads them with no
/// bounds checks, so a corrupt table crashes encoding; this walks every lookup the normalizer can
/// make and returns "" when all stay inside the table, or else what is wrong.
std::string check_normalization_tables(std::string_view serialized_model);

}  // namespace tessera

#endif
