#include <png.h>

/// Swift does not import the PNG_FORMAT_* macros (they are expressions): re-export them.
static const unsigned int TESSERA_PNG_FORMAT_GRAY = PNG_FORMAT_GRAY;
static const unsigned int TESSERA_PNG_FORMAT_GA = PNG_FORMAT_GA;
static const unsigned int TESSERA_PNG_FORMAT_RGB = PNG_FORMAT_RGB;
static const unsigned int TESSERA_PNG_FORMAT_RGBA = PNG_FORMAT_RGBA;
static const unsigned int TESSERA_PNG_IMAGE_VERSION = PNG_IMAGE_VERSION;

/// Bytes in one row of a simplified-API image with the given format and width.
static inline unsigned int tessera_png_row_stride(unsigned int format, unsigned int width) {
    return PNG_IMAGE_ROW_STRIDE(((png_image){ .format = format, .width = width }));
}
