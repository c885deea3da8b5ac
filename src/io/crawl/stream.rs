//! Byte-stream plumbing shared by the layouts: reading lines with a size limit (so a file
//! without newlines cannot fill memory), counting the bytes consumed (for WARC offsets),
//! and reading a file's first bytes without losing them or their read error.

use std::io::{self, BufRead, Cursor, Read};

/// A boxed byte stream, `Send` so that a crawl can be handed to another thread.
pub type ByteStream = Box<dyn BufRead + Send>;

/// How a bounded line read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRead {
    /// End of input before any byte.
    Eof,
    /// A line (with its `\n`, if it had one) is in the buffer.
    Line,
    /// The line was longer than the limit: it was consumed up to its `\n` and dropped.
    /// Holds its length in bytes.
    TooLong(u64),
}

/// Read one line into `buf` (cleared first), holding at most `limit` bytes of it.
pub fn read_line_bounded<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long && buf.len() + take <= limit {
            buf.extend_from_slice(&available[..take]);
        } else if !too_long {
            too_long = true;
            buf.clear();
        }
        total += take as u64;
        reader.consume(take);
        if done {
            break;
        }
    }
    Ok(if too_long {
        LineRead::TooLong(total)
    } else if total == 0 {
        LineRead::Eof
    } else {
        LineRead::Line
    })
}

/// A line without its `\n` or `\r\n`.
pub fn chomp(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Read up to `limit` bytes into a buffer. An error part way is returned with the bytes
/// read before it, so that the caller can still use them.
pub fn read_up_to<R: Read + ?Sized>(reader: &mut R, limit: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut buf = Vec::new();
    let result = reader.take(limit as u64).read_to_end(&mut buf);
    (buf, result.err())
}

/// A stream that gives `head` again, then the rest of `rest`, so that a file's first
/// bytes can be inspected without seeking. If reading the head failed, the error is
/// raised where it happened in the stream (after the head bytes), not before them: a
/// truncated gzip file still yields the lines that decompressed.
pub fn replay<R: Read + Send + 'static>(
    head: Vec<u8>,
    error: Option<io::Error>,
    rest: R,
) -> Box<dyn Read + Send> {
    match error {
        None => Box::new(Cursor::new(head).chain(rest)),
        Some(e) => Box::new(Cursor::new(head).chain(FailOnce(Some(e)))),
    }
}

/// A reader that fails once with a stored error, then reports end of input.
struct FailOnce(Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// A buffered reader that counts the bytes its user has consumed: the offset of the next
/// byte in the (decompressed) stream.
pub struct Counting<R> {
    inner: R,
    offset: u64,
}

impl<R: BufRead> Counting<R> {
    pub fn new(inner: R) -> Self {
        Counting { inner, offset: 0 }
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.offset += amt as u64;
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_dropped_whole_and_counted() {
        let mut r = io::BufReader::with_capacity(4, "ab\nlong line here\n\nlast".as_bytes());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line
        );
        assert_eq!(buf, b"ab\n");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            LineRead::TooLong(15)
        );
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line
        );
        assert_eq!(buf, b"\n");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line
        );
        assert_eq!(buf, b"last");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            LineRead::Eof
        );
    }

    #[test]
    fn replay_raises_the_head_error_after_the_head() {
        let err = io::Error::new(io::ErrorKind::UnexpectedEof, "cut");
        let mut r = replay(b"abc".to_vec(), Some(err), io::empty());
        let mut buf = [0u8; 8];
        assert_eq!(r.read(&mut buf).unwrap(), 3);
        assert!(r.read(&mut buf).is_err());
        assert_eq!(r.read(&mut buf).unwrap(), 0);
    }

    #[test]
    fn counting_follows_reads_and_consumes() {
        let mut c = Counting::new("hello\nworld".as_bytes());
        let mut buf = Vec::new();
        read_line_bounded(&mut c, &mut buf, 100).unwrap();
        assert_eq!(c.offset(), 6);
        let mut rest = String::new();
        c.read_to_string(&mut rest).unwrap();
        assert_eq!(c.offset(), 11);
    }
}
