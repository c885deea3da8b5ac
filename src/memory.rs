//! The binary's allocator: jemalloc, tuned so that peak memory follows the pages being
//! scored, not the length of the crawl.
//!
//! Scoring a page allocates and frees thousands of small blocks (keys, words, URL facts)
//! and a few large ones (its feature rows, megabytes for a long page). jemalloc serves
//! the small ones faster than glibc (detect on one core: held-out split 11 % faster, real
//! pages 12 %). Its defaults keep freed pages for 10 s; glibc, once a large block is
//! freed, serves blocks up to that size from its heaps, which fragment and seldom shrink.
//! Either way peak memory grew with the input, as the heaviest pages met one another
//! (audit on two threads, held-out pages repeated, glibc: 70 MB at 10 MB, 106 MB at
//! 1 GB). So: one arena (the threads' caches take the small blocks, so two threads barely
//! contend), freed pages returned after 50 ms, and none kept in the lazily-purged state.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc reads its options from this symbol at start-up (tikv-jemalloc-sys prefixes
/// its symbols with `_rjem_`); `_RJEM_MALLOC_CONF` in the environment still overrides it.
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
static MALLOC_CONF: &[u8; 45] = b"narenas:1,dirty_decay_ms:50,muzzy_decay_ms:0\0";
