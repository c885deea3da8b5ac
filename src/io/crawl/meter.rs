//! Counting the bytes read from the inputs as they are stored (before decompression), so
//! that a progress bar can say how far through the files a crawl is.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A shared count of the bytes read so far. Clones count into the same total, so the
/// reader (on one thread) can add while a progress bar (on another) reads.
#[derive(Debug, Clone, Default)]
pub struct ByteMeter(Arc<AtomicU64>);

impl ByteMeter {
    pub fn new() -> ByteMeter {
        ByteMeter::default()
    }

    /// Bytes read so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn add(&self, n: usize) {
        self.0.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// A reader that adds what it reads to a [`ByteMeter`].
pub(super) struct Metered<R> {
    pub inner: R,
    pub meter: ByteMeter,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.meter.add(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_count() {
        let meter = ByteMeter::new();
        let mut r = Metered {
            inner: "hello world".as_bytes(),
            meter: meter.clone(),
        };
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(meter.get(), 11);
    }
}
