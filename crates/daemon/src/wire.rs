//! The wire format's primitives: numbers, padded strings, lists of strings, and frames
//! (see the crate's documentation).

use std::io::{self, Read, Write};

/// The longest string accepted from the daemon. Nothing this client reads comes near it;
/// the limit keeps a corrupt stream from asking for an absurd allocation.
pub const MAX_STRING_LEN: u64 = 64 << 20;

/// The longest list accepted from the daemon, for the same reason.
pub const MAX_LIST_LEN: u64 = 1 << 24;

/// The size of the frames [`FramedWriter`] sends.
pub const FRAME_SIZE: usize = 32 * 1024;

const ZEROS: [u8; 8] = [0; 8];

fn padding(len: usize) -> usize {
    (8 - len % 8) % 8
}

pub fn write_u64(w: &mut impl Write, n: u64) -> io::Result<()> {
    w.write_all(&n.to_le_bytes())
}

pub fn write_bool(w: &mut impl Write, b: bool) -> io::Result<()> {
    write_u64(w, u64::from(b))
}

/// A string: length, bytes, zero padding to a multiple of 8.
pub fn write_bytes(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    write_u64(w, bytes.len() as u64)?;
    w.write_all(bytes)?;
    w.write_all(&ZEROS[..padding(bytes.len())])
}

/// A list of strings.
pub fn write_strings<S: AsRef<[u8]>>(w: &mut impl Write, items: &[S]) -> io::Result<()> {
    write_u64(w, items.len() as u64)?;
    items.iter().try_for_each(|s| write_bytes(w, s.as_ref()))
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

pub fn read_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut buf = [0u8; 8];
    r.read_exact(&mut buf)?;
    Ok(u64::from_le_bytes(buf))
}

/// A number that must be 0 or 1.
pub fn read_bool(r: &mut impl Read) -> io::Result<bool> {
    match read_u64(r)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(invalid(format!("expected a boolean, got {n}"))),
    }
}

/// A string's bytes; its padding must be zeros.
pub fn read_bytes(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_u64(r)?;
    if len > MAX_STRING_LEN {
        return Err(invalid(format!("string of {len} bytes is too long")));
    }
    let len = len as usize;
    let mut bytes = vec![0u8; len];
    r.read_exact(&mut bytes)?;
    let mut pad = [0u8; 8];
    let pad = &mut pad[..padding(len)];
    r.read_exact(pad)?;
    if pad.iter().any(|&b| b != 0) {
        return Err(invalid("non-zero padding after a string".into()));
    }
    Ok(bytes)
}

/// A string, as text (invalid UTF-8 shown with replacement characters).
pub fn read_string(r: &mut impl Read) -> io::Result<String> {
    let bytes = read_bytes(r)?;
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

pub fn read_strings(r: &mut impl Read) -> io::Result<Vec<String>> {
    let n = read_u64(r)?;
    if n > MAX_LIST_LEN {
        return Err(invalid(format!("list of {n} elements is too long")));
    }
    (0..n).map(|_| read_string(r)).collect()
}

/// Writes data of unknown length as frames: each buffered piece goes out as its length
/// and its bytes; [`FramedWriter::finish`] sends the empty frame that ends the data.
pub struct FramedWriter<'a, W: Write> {
    inner: &'a mut W,
    buf: Vec<u8>,
}

impl<'a, W: Write> FramedWriter<'a, W> {
    pub fn new(inner: &'a mut W) -> Self {
        FramedWriter {
            inner,
            buf: Vec::with_capacity(FRAME_SIZE),
        }
    }

    fn send_frame(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        write_u64(self.inner, self.buf.len() as u64)?;
        self.inner.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// Sends what is buffered and the end of the data.
    pub fn finish(mut self) -> io::Result<()> {
        self.send_frame()?;
        write_u64(self.inner, 0)?;
        self.inner.flush()
    }
}

impl<W: Write> Write for FramedWriter<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(FRAME_SIZE - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == FRAME_SIZE {
            self.send_frame()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_frame()?;
        self.inner.flush()
    }
}

/// Reads data sent in frames, up to the empty frame that ends it (the daemon's side of
/// [`FramedWriter`]; used to test it).
pub fn read_framed(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let n = read_u64(r)?;
        if n == 0 {
            return Ok(out);
        }
        if n > MAX_STRING_LEN {
            return Err(invalid(format!("frame of {n} bytes is too long")));
        }
        let start = out.len();
        out.resize(start + n as usize, 0);
        r.read_exact(&mut out[start..])?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_little_endian_u64() {
        let mut out = Vec::new();
        write_u64(&mut out, 0x6e697863).unwrap();
        write_bool(&mut out, true).unwrap();
        assert_eq!(out, b"cxin\0\0\0\0\x01\0\0\0\0\0\0\0");
        let mut r = &out[..];
        assert_eq!(read_u64(&mut r).unwrap(), 0x6e697863);
        assert!(read_bool(&mut r).unwrap());
        assert!(read_u64(&mut r).is_err());
    }

    #[test]
    fn strings_are_padded_to_eight_bytes() {
        for (s, total) in [("", 8), ("a", 16), ("12345678", 16), ("123456789", 24)] {
            let mut out = Vec::new();
            write_bytes(&mut out, s.as_bytes()).unwrap();
            assert_eq!(out.len(), total, "{s:?}");
            assert_eq!(&out[..8], &(s.len() as u64).to_le_bytes());
            assert_eq!(&out[8..8 + s.len()], s.as_bytes());
            assert!(out[8 + s.len()..].iter().all(|&b| b == 0));
            assert_eq!(read_string(&mut &out[..]).unwrap(), s);
        }
    }

    #[test]
    fn bad_strings_are_refused() {
        let mut out = Vec::new();
        write_bytes(&mut out, b"abc").unwrap();
        out[12] = 1;
        assert!(read_bytes(&mut &out[..]).is_err(), "non-zero padding");
        let mut huge = Vec::new();
        write_u64(&mut huge, MAX_STRING_LEN + 1).unwrap();
        assert!(read_bytes(&mut &huge[..]).is_err(), "absurd length");
        let mut short = Vec::new();
        write_u64(&mut short, 5).unwrap();
        short.extend_from_slice(b"ab");
        assert!(read_bytes(&mut &short[..]).is_err(), "truncated");
    }

    #[test]
    fn string_lists_round_trip() {
        let mut out = Vec::new();
        write_strings(&mut out, &["/nix/store/a", "b"]).unwrap();
        assert_eq!(
            read_strings(&mut &out[..]).unwrap(),
            vec!["/nix/store/a", "b"]
        );
    }

    #[test]
    fn frames_carry_data_and_end_with_an_empty_frame() {
        let data: Vec<u8> = (0..FRAME_SIZE * 2 + 10).map(|i| i as u8).collect();
        let mut out = Vec::new();
        let mut w = FramedWriter::new(&mut out);
        // Written in odd pieces: frames are cut at FRAME_SIZE whatever the pieces.
        for piece in data.chunks(1000) {
            w.write_all(piece).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(out.len(), data.len() + 8 * 4);
        assert_eq!(&out[..8], &(FRAME_SIZE as u64).to_le_bytes());
        assert_eq!(&out[out.len() - 8..], &[0; 8]);
        assert_eq!(read_framed(&mut &out[..]).unwrap(), data);

        let mut empty = Vec::new();
        FramedWriter::new(&mut empty).finish().unwrap();
        assert_eq!(empty, [0; 8]);
    }
}
