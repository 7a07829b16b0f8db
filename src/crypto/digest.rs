//! SHA-256 for the manifest, the ledger and `verify`.
//!
//! Every byte of every input and output is hashed, so this is on the hot
//! path: it uses ring's assembly SHA-256 (SHA extensions where the CPU has
//! them, AVX2 otherwise), and `Sha256Stream` hashes on a helper thread so
//! that reading, redacting and hashing overlap on machines with more than
//! one core.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use ring::digest::{Context, SHA256};

/// The SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(ring::digest::digest(&SHA256, bytes))
}

/// An incremental SHA-256 on the current thread; also a `Write` sink.
pub struct Sha256 {
    context: Context,
}

impl Default for Sha256 {
    fn default() -> Self {
        Sha256 {
            context: Context::new(&SHA256),
        }
    }
}

impl Sha256 {
    pub fn update(&mut self, bytes: &[u8]) {
        self.context.update(bytes);
    }

    /// The digest as lowercase hex.
    pub fn finish_hex(self) -> String {
        hex::encode(self.context.finish())
    }
}

impl Write for Sha256 {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes gathered before a chunk goes to the hashing thread.
const CHUNK: usize = 256 * 1024;
/// Buffers a stream owns: the memory it holds is `BUFFERS * CHUNK` (1 MiB).
const BUFFERS: usize = 4;

/// A SHA-256 computed on a helper thread. `update` copies the bytes into
/// one of a fixed set of buffers and hands full ones over; the thread gives
/// each buffer back once hashed, so nothing is allocated after the start.
/// `finish` waits for the digest.
pub struct Sha256Stream {
    buf: Vec<u8>,
    bytes: u64,
    to_hasher: Option<SyncSender<Vec<u8>>>,
    spare: Receiver<Vec<u8>>,
    hasher: Option<JoinHandle<ring::digest::Digest>>,
}

impl Default for Sha256Stream {
    fn default() -> Self {
        Sha256Stream::new()
    }
}

impl Sha256Stream {
    pub fn new() -> Sha256Stream {
        let (to_hasher, from_main) = sync_channel::<Vec<u8>>(BUFFERS);
        let (give_back, spare) = sync_channel::<Vec<u8>>(BUFFERS);
        for _ in 1..BUFFERS {
            let _ = give_back.send(Vec::with_capacity(CHUNK));
        }
        let hasher = std::thread::Builder::new()
            .name("sha256".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                let mut context = Context::new(&SHA256);
                for mut chunk in from_main {
                    context.update(&chunk);
                    chunk.clear();
                    // The main side may have finished and gone; then the
                    // buffer is simply freed.
                    let _ = give_back.send(chunk);
                }
                context.finish()
            })
            .expect("cannot start a thread");
        Sha256Stream {
            buf: Vec::with_capacity(CHUNK),
            bytes: 0,
            to_hasher: Some(to_hasher),
            spare,
            hasher: Some(hasher),
        }
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        self.bytes += bytes.len() as u64;
        while !bytes.is_empty() {
            let room = CHUNK - self.buf.len();
            let take = room.min(bytes.len());
            self.buf.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.buf.len() == CHUNK {
                self.send();
            }
        }
    }

    fn send(&mut self) {
        // Wait for a hashed buffer to come back: the stream owns exactly
        // `BUFFERS` of them, so the give-back channel can never fill up.
        let next = self
            .spare
            .recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.buf, next);
        if let Some(tx) = &self.to_hasher {
            // The thread only stops when the sender is dropped.
            let _ = tx.send(full);
        }
    }

    /// The digest as lowercase hex, and the number of bytes hashed.
    pub fn finish(mut self) -> (String, u64) {
        if !self.buf.is_empty() {
            self.send();
        }
        drop(self.to_hasher.take());
        let digest = self
            .hasher
            .take()
            .and_then(|h| h.join().ok())
            .expect("the hashing thread does not fail");
        (hex::encode(digest), self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_matches_one_shot_across_chunk_boundaries() {
        let data: Vec<u8> = (0..(CHUNK * 3 + 17))
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        let mut stream = Sha256Stream::new();
        for piece in data.chunks(1000) {
            stream.update(piece);
        }
        let (hex, len) = stream.finish();
        assert_eq!(hex, sha256_hex(&data));
        assert_eq!(len, data.len() as u64);
        assert_eq!(Sha256Stream::new().finish().0, sha256_hex(b""));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
