//! The data formats as sinks that records stream into, each on a thread of
//! its own: the main thread reads and parses the next chunk while every
//! format writes the last one, so an export costs about as much as its
//! slowest format rather than the sum of them all. Chunks are shared, not
//! copied, and the channels hold two chunks at most, so memory stays flat.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use serde_json::Value;

use super::collection::Collection;
use super::csv::CsvTable;
use super::job::Target;
use super::output::WrittenFile;
use super::{csv, json, parquet, sqlite};
use crate::error::Result;
use crate::metadata::DataFormat;

/// What a sink has written once it is done.
#[derive(Default)]
pub(super) struct Written {
    pub files: Vec<WrittenFile>,
    pub tables: Vec<CsvTable>,
}

/// One format, fed collection by collection.
trait Sink<'c>: Send {
    fn start(&mut self, collection: &'c Collection) -> Result<()>;
    fn push(&mut self, collection: &'c Collection, records: &[Value]) -> Result<()>;
    fn end(&mut self, written: &mut Written) -> Result<()>;
    /// Closes what spans collections (the SQLite database).
    fn finish(self: Box<Self>, _written: &mut Written) -> Result<()> {
        Ok(())
    }
}

enum Message<'c> {
    Start(&'c Collection),
    Chunk(&'c Collection, Arc<Vec<Value>>),
    End,
}

/// The sinks of an export, each running on its own thread.
pub(super) struct Sinks<'c, 's> {
    senders: Vec<SyncSender<Message<'c>>>,
    handles: Vec<std::thread::ScopedJoinHandle<'s, Result<Written>>>,
}

/// Chunks waiting per sink: enough to keep it busy while the next chunk is
/// parsed, few enough that memory stays flat.
const QUEUE: usize = 2;

impl<'c, 's> Sinks<'c, 's> {
    /// Starts a thread for every format asked for.
    pub(super) fn spawn<'scope>(
        scope: &'s std::thread::Scope<'s, 'scope>,
        target: &Target<'c>,
    ) -> Result<Sinks<'c, 's>>
    where
        'c: 's,
    {
        let Target {
            dir,
            collections,
            formats,
            stamp,
            csv_safe: formula_safe,
        } = *target;
        let mut sinks: Vec<Box<dyn Sink<'c> + 'c>> = Vec::new();
        for format in formats.iter() {
            let name = |c: &Collection| c.table.collection.clone();
            sinks.push(match format {
                DataFormat::Json => PerCollection::boxed(move |c| {
                    json::Array::create(dir, &format!("json/{}.json", name(c)))
                }),
                DataFormat::Jsonl => PerCollection::boxed(move |c| {
                    json::Lines::create(dir, &format!("jsonl/{}.jsonl", name(c)))
                }),
                DataFormat::Csv => {
                    PerCollection::boxed(move |c| csv::Tables::create(dir, c, formula_safe))
                }
                DataFormat::Parquet => PerCollection::boxed(move |c| {
                    parquet::Writer::create(dir, &format!("parquet/{}.parquet", name(c)), c, stamp)
                }),
                DataFormat::Sqlite => {
                    Box::new(SqliteSink(sqlite::Writer::create(dir, collections)?))
                }
            });
        }
        let mut senders = Vec::new();
        let mut handles = Vec::new();
        for sink in sinks {
            let (sender, receiver) = sync_channel(QUEUE);
            senders.push(sender);
            handles.push(scope.spawn(move || run(sink, receiver)));
        }
        Ok(Sinks { senders, handles })
    }

    pub(super) fn start(&mut self, collection: &'c Collection) -> Result<()> {
        self.send(|| Message::Start(collection))
    }

    /// Hands a chunk to every sink and gives it back, shared, for the
    /// caller to read while they write.
    pub(super) fn push(
        &mut self,
        collection: &'c Collection,
        records: Vec<Value>,
    ) -> Result<Arc<Vec<Value>>> {
        let chunk = Arc::new(records);
        self.send(|| Message::Chunk(collection, chunk.clone()))?;
        Ok(chunk)
    }

    pub(super) fn end(&mut self) -> Result<()> {
        self.send(|| Message::End)
    }

    /// Waits for every sink and gathers what they wrote, in format order.
    pub(super) fn finish(self) -> Result<Written> {
        drop(self.senders);
        let mut all = Written::default();
        let mut failure = None;
        for handle in self.handles {
            match handle.join() {
                Ok(Ok(written)) => {
                    all.files.extend(written.files);
                    all.tables.extend(written.tables);
                }
                Ok(Err(e)) => {
                    failure.get_or_insert(e);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(all),
        }
    }

    /// Sends a message to every sink. A sink that stopped has failed: its
    /// error is what [`Sinks::finish`] reports, so a closed channel is
    /// reported the same way.
    fn send(&mut self, message: impl Fn() -> Message<'c>) -> Result<()> {
        let mut closed = false;
        for sender in &self.senders {
            closed |= sender.send(message()).is_err();
        }
        if closed {
            return Err(crate::error::Error::WriterStopped);
        }
        Ok(())
    }
}

fn run<'c>(mut sink: Box<dyn Sink<'c> + 'c>, messages: Receiver<Message<'c>>) -> Result<Written> {
    let mut written = Written::default();
    for message in messages {
        match message {
            Message::Start(collection) => sink.start(collection)?,
            Message::Chunk(collection, records) => sink.push(collection, &records)?,
            Message::End => sink.end(&mut written)?,
        }
    }
    sink.finish(&mut written)?;
    Ok(written)
}

/// A writer of one collection's file(s) in one format.
trait CollectionWriter: Send {
    fn push(&mut self, records: &[Value]) -> Result<()>;
    fn finish(self, written: &mut Written) -> Result<()>;
}

impl CollectionWriter for json::Array {
    fn push(&mut self, records: &[Value]) -> Result<()> {
        json::Array::push(self, records)
    }
    fn finish(self, written: &mut Written) -> Result<()> {
        written.files.push(json::Array::finish(self)?);
        Ok(())
    }
}

impl CollectionWriter for json::Lines {
    fn push(&mut self, records: &[Value]) -> Result<()> {
        json::Lines::push(self, records)
    }
    fn finish(self, written: &mut Written) -> Result<()> {
        written.files.push(json::Lines::finish(self)?);
        Ok(())
    }
}

impl CollectionWriter for parquet::Writer<'_> {
    fn push(&mut self, records: &[Value]) -> Result<()> {
        parquet::Writer::push(self, records)
    }
    fn finish(self, written: &mut Written) -> Result<()> {
        written.files.push(parquet::Writer::finish(self)?);
        Ok(())
    }
}

impl CollectionWriter for csv::Tables<'_> {
    fn push(&mut self, records: &[Value]) -> Result<()> {
        csv::Tables::push(self, records)
    }
    fn finish(self, written: &mut Written) -> Result<()> {
        written.tables.extend(csv::Tables::finish(self)?);
        Ok(())
    }
}

/// A format written as files of their own per collection: a writer is
/// opened when a collection starts and finished when it ends.
struct PerCollection<'c, W> {
    open: Option<W>,
    create: Box<dyn Fn(&'c Collection) -> Result<W> + Send + 'c>,
}

impl<'c, W: CollectionWriter> PerCollection<'c, W> {
    fn boxed(create: impl Fn(&'c Collection) -> Result<W> + Send + 'c) -> Box<Self> {
        Box::new(PerCollection {
            open: None,
            create: Box::new(create),
        })
    }
}

impl<'c, W: CollectionWriter> Sink<'c> for PerCollection<'c, W> {
    fn start(&mut self, collection: &'c Collection) -> Result<()> {
        self.open = Some((self.create)(collection)?);
        Ok(())
    }

    fn push(&mut self, _: &'c Collection, records: &[Value]) -> Result<()> {
        self.open.as_mut().map_or(Ok(()), |w| w.push(records))
    }

    fn end(&mut self, written: &mut Written) -> Result<()> {
        self.open.take().map_or(Ok(()), |w| w.finish(written))
    }
}

struct SqliteSink(sqlite::Writer);

impl<'c> Sink<'c> for SqliteSink {
    fn start(&mut self, _: &'c Collection) -> Result<()> {
        Ok(())
    }

    fn push(&mut self, collection: &'c Collection, records: &[Value]) -> Result<()> {
        self.0.push(collection, records)
    }

    fn end(&mut self, _: &mut Written) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, written: &mut Written) -> Result<()> {
        written.files.push(self.0.finish()?);
        Ok(())
    }
}
