//! The allocator's part in peak memory.
//!
//! glibc serves a block of at least `M_MMAP_THRESHOLD` bytes with a mapping of its own and
//! unmaps it when freed — but each time such a block is freed it raises the threshold to
//! that block's size (up to 32 MiB). After the first heavy page, a page's feature rows
//! (megabytes) come from the heap instead, and the heap keeps what it has held: peak
//! memory then grew with the length of the crawl, as the heaviest pages met one another
//! (bench/compare, two threads: 10 MB of input 70 MB peak, 1 GB 106 MB). Fixing the
//! threshold keeps it where it is: large blocks go back to the system when freed.

/// Serve blocks of 1 MiB and more with their own mappings, always. Blocks that large are
/// the buffers of long pages; a fresh mapping costs its page faults (detect on one core:
/// 5 % slower on the held-out split; 256 KiB cost 9 % and kept no less memory).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_large_blocks_to_the_system() {
    const THRESHOLD: libc::c_int = 1 << 20;
    // SAFETY: mallopt only sets an allocator parameter; it is called before any thread
    // starts, and a refusal (return 0) leaves glibc's default, which is only slower to
    // give memory back.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
}

/// Other allocators decide for themselves.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_blocks_to_the_system() {}
