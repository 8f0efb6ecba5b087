//! A gzip bomb built at test time: a few megabytes on the wire that inflate
//! to hundreds of megabytes of NUL bytes. Written by hand (one fixed-Huffman
//! deflate block of length-258, distance-1 matches, 13 bits per 258 bytes) so
//! making it costs a few milliseconds, not a pass over the inflated size.

/// Packs bits least-significant first, as deflate wants.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn new(capacity: usize) -> Bits {
        Bits {
            out: Vec::with_capacity(capacity),
            acc: 0,
            n: 0,
        }
    }

    /// `count` bits of `value`, low bit first (block headers, extra bits).
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(u64::from(reversed), len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A gzip member that inflates to `size` NUL bytes (`size` a multiple of
/// 64 KiB), with a correct CRC and length so a decoder that reads it to the
/// end accepts it.
pub fn gzip_zeros(size: u64) -> Vec<u8> {
    assert!(size > 0 && size.is_multiple_of(65536));
    let matches = (size - 1) / 258;
    let tail = (size - 1) % 258;
    let mut bits = Bits::new((matches * 13 / 8) as usize + 64);
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE 01: fixed Huffman codes
    let literal_zero = || (0x30u32, 8u32);
    let (c, l) = literal_zero();
    bits.code(c, l);
    for _ in 0..matches {
        bits.code(0xC5, 8); // length symbol 285: 258 bytes, no extra bits
        bits.code(0, 5); // distance symbol 0: distance 1
    }
    for _ in 0..tail {
        bits.code(c, l);
    }
    bits.code(0, 7); // end of block (symbol 256)
    let deflate = bits.finish();

    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    gz.extend_from_slice(&deflate);
    gz.extend_from_slice(&crc_of_zeros(size).to_le_bytes());
    gz.extend_from_slice(&(size as u32).to_le_bytes());
    gz
}

/// CRC-32 of `size` NUL bytes by doubling a 64 KiB block with CRC
/// combination, instead of hashing every byte.
fn crc_of_zeros(size: u64) -> u32 {
    let mut block = crc32fast::Hasher::new();
    block.update(&[0u8; 65536]);
    let mut acc = crc32fast::Hasher::new();
    let mut n = size / 65536;
    while n > 0 {
        if n & 1 == 1 {
            acc.combine(&block);
        }
        let copy = block.clone();
        block.combine(&copy);
        n >>= 1;
    }
    acc.finalize()
}

#[test]
fn the_bomb_is_a_valid_gzip_of_zeros() {
    use std::io::Read;
    let size = 3 * 65536;
    let gz = gzip_zeros(size);
    assert!(gz.len() < 2_000, "{} bytes compressed", gz.len());
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .expect("a valid gzip member");
    assert_eq!(out.len() as u64, size);
    assert!(out.iter().all(|b| *b == 0));
}
