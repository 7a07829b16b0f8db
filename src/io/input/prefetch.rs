//! Read records on a helper thread, so that parsing the next records
//! overlaps redacting and writing the current ones.
//!
//! Records travel in batches (at most `MAX_RECORDS` records or about
//! `MAX_BYTES` of input each); batches and the records in them are handed
//! back and reused. At most three batches exist at once, so memory stays
//! bounded by a small multiple of the largest record.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use super::RecordPos;

const MAX_RECORDS: usize = 256;
const MAX_BYTES: usize = 1 << 20;

/// Something that reads records into reusable slots.
pub trait RecordSource: Send + 'static {
    type Item: Default + Send + 'static;

    /// Read the next record into `slot`: its position and its size in
    /// bytes, or `None` at the end of the input.
    fn read(&mut self, slot: &mut Self::Item) -> anyhow::Result<Option<(RecordPos, usize)>>;
}

struct Batch<T> {
    items: Vec<(T, RecordPos)>,
    len: usize,
}

/// Records from a `RecordSource` read ahead on a helper thread.
pub struct Prefetch<S: RecordSource> {
    from_reader: Receiver<anyhow::Result<Batch<S::Item>>>,
    give_back: SyncSender<Batch<S::Item>>,
    batch: Option<Batch<S::Item>>,
    next: usize,
    reader: Option<JoinHandle<S>>,
}

impl<S: RecordSource> Prefetch<S> {
    /// Start reading `source` on a helper thread.
    pub fn spawn(mut source: S) -> Prefetch<S> {
        let (to_main, from_reader) = sync_channel::<anyhow::Result<Batch<S::Item>>>(1);
        let (give_back, spare) = sync_channel::<Batch<S::Item>>(2);
        let reader = std::thread::Builder::new()
            .name("reader".into())
            .spawn(move || {
                loop {
                    let mut batch = spare.try_recv().unwrap_or(Batch {
                        items: Vec::new(),
                        len: 0,
                    });
                    batch.len = 0;
                    let mut bytes = 0;
                    let mut end = false;
                    while batch.len < MAX_RECORDS && bytes < MAX_BYTES {
                        if batch.len == batch.items.len() {
                            batch.items.push((S::Item::default(), RecordPos::default()));
                        }
                        match source.read(&mut batch.items[batch.len].0) {
                            Ok(Some((pos, size))) => {
                                batch.items[batch.len].1 = pos;
                                batch.len += 1;
                                bytes += size;
                            }
                            Ok(None) => {
                                end = true;
                                break;
                            }
                            Err(e) => {
                                // The records before the error first.
                                if batch.len > 0 && to_main.send(Ok(batch)).is_err() {
                                    return source;
                                }
                                let _ = to_main.send(Err(e));
                                return source;
                            }
                        }
                    }
                    // The main side stops listening when it fails.
                    if to_main.send(Ok(batch)).is_err() || end {
                        return source;
                    }
                }
            })
            .expect("cannot start a thread");
        Prefetch {
            from_reader,
            give_back,
            batch: None,
            next: 0,
            reader: Some(reader),
        }
    }

    /// The next record, or `None` at the end.
    pub fn next_record(&mut self) -> anyhow::Result<Option<(&mut S::Item, RecordPos)>> {
        loop {
            if let Some(batch) = &self.batch
                && self.next < batch.len
            {
                break;
            }
            if let Some(done) = self.batch.take() {
                let _ = self.give_back.try_send(done);
            }
            match self.from_reader.recv() {
                Ok(batch) => {
                    self.batch = Some(batch?);
                    self.next = 0;
                }
                Err(_) => return Ok(None),
            }
        }
        let batch = self.batch.as_mut().expect("a batch with records");
        let (item, pos) = &mut batch.items[self.next];
        self.next += 1;
        Ok(Some((item, *pos)))
    }

    /// Wait for the reader and give the source back.
    pub fn finish(mut self) -> anyhow::Result<S> {
        self.reader
            .take()
            .expect("finished once")
            .join()
            .map_err(|_| anyhow::anyhow!("the reading thread failed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Count {
        n: u64,
        fail_at: Option<u64>,
    }

    impl RecordSource for Count {
        type Item = u64;
        fn read(&mut self, slot: &mut u64) -> anyhow::Result<Option<(RecordPos, usize)>> {
            if Some(self.n) == self.fail_at {
                anyhow::bail!("bad record {}", self.n);
            }
            if self.n == 1000 {
                return Ok(None);
            }
            self.n += 1;
            *slot = self.n;
            Ok(Some((
                RecordPos {
                    record: self.n,
                    line: self.n,
                },
                8,
            )))
        }
    }

    #[test]
    fn yields_every_record_in_order_across_batches() {
        let mut p = Prefetch::spawn(Count {
            n: 0,
            fail_at: None,
        });
        let mut seen = Vec::new();
        while let Some((item, pos)) = p.next_record().unwrap() {
            assert_eq!(*item, pos.record);
            seen.push(*item);
        }
        assert_eq!(seen, (1..=1000).collect::<Vec<_>>());
        assert_eq!(p.finish().unwrap().n, 1000);
    }

    #[test]
    fn an_error_arrives_after_the_records_before_it() {
        let mut p = Prefetch::spawn(Count {
            n: 0,
            fail_at: Some(300),
        });
        let mut n = 0;
        let err = loop {
            match p.next_record() {
                Ok(Some(_)) => n += 1,
                Ok(None) => panic!("the error is lost"),
                Err(e) => break e,
            }
        };
        assert_eq!(n, 300);
        assert!(err.to_string().contains("bad record 300"));
    }
}
