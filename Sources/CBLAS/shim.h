#include <cblas.h>

/// OpenBLAS extensions that Debian's cblas.h declares; repeated here in case a build lacks them.
char *openblas_get_corename(void);
char *openblas_get_config(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);

/// Whether this CPU executes AVX-512F instructions (for choosing OpenBLAS kernels).
static inline int tessera_cpu_has_avx512f(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

#include <malloc.h>

/// Keeps freed memory in glibc's heap (no mmap for blocks under 32 MB, the most glibc allows, no trimming), so a new
/// tensor of a size seen before reuses pages that are already mapped.
static inline void tessera_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
}
