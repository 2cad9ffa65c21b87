//! The on-disk corpus index: source documents with their fingerprints.
//!
//! Storage is a [tantivy](https://docs.rs/tantivy) index in a directory of
//! its own, plus a small manifest (`unspin-index.json`) that names the
//! format version and the fingerprint scheme. tantivy gives what an
//! embedded index needs and is hard to get right by hand: immutable
//! segments, atomic commits (a writer killed mid-way leaves the last
//! committed state), readers that keep working while a writer adds, deletes,
//! background merges, and compressed document storage.
//!
//! Each document is stored with its text (zstd-compressed), `id`, optional
//! `title`, `url`, `date` and metadata; its fingerprints are indexed as
//! 64-bit terms. Candidate sources of a query are the documents that share
//! the most idf-weighted fingerprints with it ([`SourceIndex::candidates`]).

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, Value,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexSettings, ReloadPolicy, Searcher, TantivyDocument,
    TantivyError, Term,
};

/// The name of the manifest file inside an index directory.
pub const MANIFEST: &str = "unspin-index.json";
/// The index format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The fingerprint scheme this build computes (see [`crate::fingerprints`]).
pub const FINGERPRINT_SCHEME: &str = "anchors-pairs-skips-function-runs-fnv1a-40/1";

const FORMAT_NAME: &str = "unspin-index";

/// Why an index operation failed. Messages are one line: what went wrong
/// and what to do.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The directory holds no index.
    #[error(
        "{}: not an unspin index (no {MANIFEST}); create one with `unspin index create --index {}`",
        .0.display(), .0.display()
    )]
    NotAnIndex(PathBuf),
    /// `create` on a directory that is not empty.
    #[error(
        "{}: the directory is not empty; give a new or empty directory, or add to the existing index with `unspin index add`",
        .0.display()
    )]
    NotEmpty(PathBuf),
    /// The index was written by a build with another format.
    #[error(
        "{}: index format {found} is not supported by this unspin (it reads format {FORMAT_VERSION}); use the unspin release that wrote it, or rebuild the index",
        .dir.display()
    )]
    Unsupported {
        /// The index directory.
        dir: PathBuf,
        /// What the manifest says.
        found: String,
    },
    /// Files of the index are damaged or missing.
    #[error(
        "{}: the index is damaged ({detail}); restore it from a backup or rebuild it with `unspin index create` and `unspin index add`",
        .dir.display()
    )]
    Corrupt {
        /// The index directory.
        dir: PathBuf,
        /// What was found wrong.
        detail: String,
    },
    /// Another process holds the write lock.
    #[error(
        "{}: another unspin process is writing to this index; wait for it to finish (readers are not affected)",
        .0.display()
    )]
    Locked(PathBuf),
    /// An id that is already in the index, added without `replace`.
    #[error("document id {0:?} is already in the index; use --replace to replace it")]
    DuplicateId(String),
    /// A file-system error.
    #[error("{}: {message}", .path.display())]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The system's description.
        message: String,
    },
}

/// A document to add.
#[derive(Debug, Clone, Copy)]
pub struct NewDoc<'a> {
    /// Unique id.
    pub id: &'a str,
    /// The text, as it will be compared with queries.
    pub text: &'a str,
    /// Title, if known.
    pub title: Option<&'a str>,
    /// Address, if known.
    pub url: Option<&'a str>,
    /// Date (any text; ISO 8601 sorts best), if known.
    pub date: Option<&'a str>,
    /// Other metadata as a JSON object, if any.
    pub meta: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    /// Unique id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Title, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Address, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Date, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Other metadata.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
}

/// Figures about an index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The index directory.
    pub index: String,
    /// Format version.
    pub format: u32,
    /// Fingerprint scheme.
    pub fingerprints: String,
    /// Documents (deleted ones not counted).
    pub documents: u64,
    /// Bytes of text held by those documents (UTF-8).
    pub text_bytes: u64,
    /// Bytes the index takes on disk.
    pub disk_bytes: u64,
    /// Segments (tantivy merges them in the background).
    pub segments: usize,
    /// The unspin version that created the index.
    pub created_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    fingerprints: String,
    created_by: String,
}

/// What is kept beside each commit (tantivy's commit payload), so figures
/// change atomically with the documents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Payload {
    text_bytes: u64,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    fp: Field,
    text: Field,
    title: Field,
    url: Field,
    date: Field,
    meta: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        fp: b.add_u64_field("fp", NumericOptions::default() | INDEXED),
        text: b.add_text_field("text", STORED),
        title: b.add_text_field("title", STORED),
        url: b.add_text_field("url", STORED),
        date: b.add_text_field("date", STORED),
        meta: b.add_text_field("meta", STORED),
    };
    (b.build(), fields)
}

fn fields_of(schema: &Schema, dir: &Path) -> Result<Fields, IndexError> {
    let get = |name: &str| {
        schema.get_field(name).map_err(|_| IndexError::Corrupt {
            dir: dir.to_path_buf(),
            detail: format!("the schema has no field {name:?}"),
        })
    };
    Ok(Fields {
        id: get("id")?,
        fp: get("fp")?,
        text: get("text")?,
        title: get("title")?,
        url: get("url")?,
        date: get("date")?,
        meta: get("meta")?,
    })
}

fn io_err(path: &Path, e: &std::io::Error) -> IndexError {
    let mut message = e.to_string();
    if let Some(cut) = message.rfind(" (os error ") {
        message.truncate(cut);
    }
    IndexError::Io {
        path: path.to_path_buf(),
        message,
    }
}

/// Maps a tantivy error to ours: a lock failure, or damage.
fn tv_err(dir: &Path, e: TantivyError) -> IndexError {
    match e {
        TantivyError::LockFailure(..) => IndexError::Locked(dir.to_path_buf()),
        TantivyError::IoError(io) => io_err(dir, &io),
        other => IndexError::Corrupt {
            dir: dir.to_path_buf(),
            detail: one_line(&other.to_string()),
        },
    }
}

fn one_line(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s
    }
}

thread_local! {
    /// Set while this thread runs storage code under [`guarded`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the panic hook quiet about panics that [`SourceIndex`] turns into
/// [`IndexError::Corrupt`] (the storage engine can panic on damaged
/// files); other panics still reach the hook that was installed before.
/// A program calls this once, at start-up.
pub fn quiet_storage_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(std::cell::Cell::get) {
            previous(info);
        }
    }));
}

/// Runs `f`, turning a panic inside the storage engine (possible on
/// damaged files) into [`IndexError::Corrupt`].
fn guarded<T>(dir: &Path, f: impl FnOnce() -> Result<T, IndexError>) -> Result<T, IndexError> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unreadable data");
            Err(IndexError::Corrupt {
                dir: dir.to_path_buf(),
                detail: one_line(detail),
            })
        }
    }
}

/// Fingerprints are stored as their top 40 bits: the term dictionary
/// shares the zero tail, which keeps the index small, and 2^40 values
/// leave chance collisions rare (and the aligner verifies every
/// candidate anyway).
const FP_MASK: u64 = !0xff_ffff;

/// Anchors spanned by the window of [`SourceIndex::candidates`]' score
/// (about 150 words of news).
pub const WINDOW: u32 = 48;

/// The best sum of idf over hits (in position order) within [`WINDOW`]
/// positions.
fn window_score(hits: &[(u32, f32)]) -> f64 {
    let (mut best, mut sum, mut lo) = (0f64, 0f64, 0);
    for &(pos, idf) in hits {
        sum += f64::from(idf);
        while hits[lo].0 + WINDOW <= pos {
            sum -= f64::from(hits[lo].1);
            lo += 1;
        }
        best = best.max(sum);
    }
    best
}

/// A corpus index opened for reading (and, through [`SourceIndex::writer`],
/// for writing).
pub struct SourceIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// A candidate source found by shared fingerprints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Where the document is; read it with [`SourceIndex::doc`].
    pub address: DocAddress,
    /// The best idf sum of shared fingerprints within one window of the
    /// query.
    pub score: f64,
    /// How many fingerprints it shares.
    pub shared: u32,
}

impl SourceIndex {
    /// Creates a new index in `dir` (created if missing; it must be empty).
    pub fn create(dir: &Path) -> Result<SourceIndex, IndexError> {
        if dir.exists() {
            let mut entries = std::fs::read_dir(dir).map_err(|e| io_err(dir, &e))?;
            if entries.next().is_some() {
                return Err(IndexError::NotEmpty(dir.to_path_buf()));
            }
        } else {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, &e))?;
        }
        let (schema, _) = schema();
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
            docstore_blocksize: 64 * 1024,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|e| tv_err(dir, e))?;
        // An empty first commit, so the index opens with its payload.
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .map_err(|e| tv_err(dir, e))?;
        let mut prepared = writer.prepare_commit().map_err(|e| tv_err(dir, e))?;
        prepared.set_payload(&serde_json::to_string(&Payload::default()).expect("payload"));
        prepared.commit().map_err(|e| tv_err(dir, e))?;
        drop(writer);
        let manifest = Manifest {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            fingerprints: FINGERPRINT_SCHEME.to_owned(),
            created_by: format!("unspin {}", env!("CARGO_PKG_VERSION")),
        };
        // The manifest goes last: a directory without it is not an index.
        write_atomic(
            &dir.join(MANIFEST),
            serde_json::to_string_pretty(&manifest).expect("manifest") + "\n",
        )?;
        SourceIndex::open(dir)
    }

    /// Opens the index in `dir`, checking its format.
    pub fn open(dir: &Path) -> Result<SourceIndex, IndexError> {
        read_manifest(dir)?;
        guarded(dir, || {
            let directory = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
                path: dir.to_path_buf(),
                message: one_line(&e.to_string()),
            })?;
            let index = Index::open(directory).map_err(|e| tv_err(dir, e))?;
            let fields = fields_of(&index.schema(), dir)?;
            let reader = index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
                .map_err(|e| tv_err(dir, e))?;
            Ok(SourceIndex {
                dir: dir.to_path_buf(),
                index,
                reader,
                fields,
            })
        })
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sees the latest commit (a reader otherwise keeps the state it
    /// opened, whatever writers do meanwhile).
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload().map_err(|e| tv_err(&self.dir, e))
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Figures about the index as last committed.
    pub fn stats(&self) -> Result<Stats, IndexError> {
        let manifest = read_manifest(&self.dir)?;
        let searcher = self.searcher();
        let payload = self.payload()?;
        let mut disk_bytes = 0;
        for e in std::fs::read_dir(&self.dir).map_err(|e| io_err(&self.dir, &e))? {
            let e = e.map_err(|e| io_err(&self.dir, &e))?;
            if let Ok(m) = e.metadata()
                && m.is_file()
            {
                disk_bytes += m.len();
            }
        }
        Ok(Stats {
            index: self.dir.display().to_string(),
            format: manifest.version,
            fingerprints: manifest.fingerprints,
            documents: searcher.num_docs(),
            text_bytes: payload.text_bytes,
            disk_bytes,
            segments: searcher.segment_readers().len(),
            created_by: manifest.created_by,
        })
    }

    fn payload(&self) -> Result<Payload, IndexError> {
        let metas = self.index.load_metas().map_err(|e| tv_err(&self.dir, e))?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default())
    }

    /// Checks every file of the index against its checksum (reads the
    /// whole index).
    pub fn verify(&self) -> Result<(), IndexError> {
        guarded(&self.dir, || {
            let damaged = self
                .index
                .validate_checksum()
                .map_err(|e| tv_err(&self.dir, e))?;
            if damaged.is_empty() {
                return Ok(());
            }
            let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
            names.sort();
            Err(IndexError::Corrupt {
                dir: self.dir.clone(),
                detail: format!("checksum mismatch in {}", names.join(", ")),
            })
        })
    }

    /// The number of documents.
    pub fn len(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// Whether the index holds no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn find(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>, IndexError> {
        let term = Term::from_field_text(self.fields.id, id);
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let inv = seg
                .inverted_index(self.fields.id)
                .map_err(|e| tv_err(&self.dir, e))?;
            let Some(mut postings) = inv
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(|e| io_err(&self.dir, &e))?
            else {
                continue;
            };
            let alive = seg.alive_bitset();
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    return Ok(Some(DocAddress::new(ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }

    /// Whether a document with this id is in the index.
    pub fn contains(&self, id: &str) -> Result<bool, IndexError> {
        guarded(&self.dir, || Ok(self.find(&self.searcher(), id)?.is_some()))
    }

    /// The document with this id, if any.
    pub fn get(&self, id: &str) -> Result<Option<StoredDoc>, IndexError> {
        guarded(&self.dir, || {
            let searcher = self.searcher();
            match self.find(&searcher, id)? {
                Some(addr) => Ok(Some(self.read_doc(&searcher, addr)?)),
                None => Ok(None),
            }
        })
    }

    /// Reads a stored document.
    pub fn doc(&self, address: DocAddress) -> Result<StoredDoc, IndexError> {
        guarded(&self.dir, || self.read_doc(&self.searcher(), address))
    }

    fn read_doc(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredDoc, IndexError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| tv_err(&self.dir, e))?;
        let f = &self.fields;
        let get = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        let meta = match get(f.meta) {
            Some(m) => serde_json::from_str(&m).map_err(|e| IndexError::Corrupt {
                dir: self.dir.clone(),
                detail: format!("unreadable metadata: {e}"),
            })?,
            None => serde_json::Map::new(),
        };
        Ok(StoredDoc {
            id: get(f.id).ok_or_else(|| IndexError::Corrupt {
                dir: self.dir.clone(),
                detail: "a document without an id".to_owned(),
            })?,
            text: get(f.text).unwrap_or_default(),
            title: get(f.title),
            url: get(f.url),
            date: get(f.date),
            meta,
        })
    }

    /// The documents sharing the most idf-weighted fingerprints with a
    /// query, best first, at most `limit`. `query` holds fingerprints with
    /// their positions (anchor indices, ascending), as
    /// [`crate::located_fingerprints`] gives them. A candidate's score is
    /// the best sum of idf over shared fingerprints lying within
    /// [`WINDOW`] anchors of each other: a copied passage shares its
    /// fingerprints in one stretch of the query, while documents on the
    /// same subject share a few scattered ones. Fingerprints held by more
    /// than `max(20, 0.1%)` of the documents (boilerplate, common names)
    /// are ignored. Ties go to the earlier document.
    pub fn candidates(
        &self,
        query: &[(u64, u32)],
        limit: usize,
    ) -> Result<Vec<Candidate>, IndexError> {
        guarded(&self.dir, || {
            let searcher = self.searcher();
            let n = searcher.num_docs().max(1) as f64;
            let max_df = (n / 1000.0).max(20.0);
            let segments = searcher.segment_readers();
            let mut inverted = Vec::with_capacity(segments.len());
            for seg in segments {
                inverted.push(
                    seg.inverted_index(self.fields.fp)
                        .map_err(|e| tv_err(&self.dir, e))?,
                );
            }
            // Per document: (position, idf) of each shared fingerprint, in
            // position order.
            let mut hits: HashMap<DocAddress, Vec<(u32, f32)>> = HashMap::new();
            let mut infos = Vec::with_capacity(segments.len());
            for &(fp, pos) in query {
                let term = Term::from_field_u64(self.fields.fp, fp & FP_MASK);
                infos.clear();
                let mut df = 0u64;
                for inv in &inverted {
                    let info = inv
                        .get_term_info(&term)
                        .map_err(|e| io_err(&self.dir, &e))?;
                    df += info.as_ref().map_or(0, |i| u64::from(i.doc_freq));
                    infos.push(info);
                }
                if df == 0 || df as f64 > max_df {
                    continue;
                }
                let idf = (1.0 + n / df as f64).ln() as f32;
                for (ord, info) in infos.iter().enumerate() {
                    let Some(info) = info else { continue };
                    let mut postings = inverted[ord]
                        .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                        .map_err(|e| io_err(&self.dir, &e))?;
                    let alive = segments[ord].alive_bitset();
                    let mut doc = postings.doc();
                    while doc != tantivy::TERMINATED {
                        if alive.is_none_or(|a| a.is_alive(doc)) {
                            hits.entry(DocAddress::new(ord as u32, doc))
                                .or_default()
                                .push((pos, idf));
                        }
                        doc = postings.advance();
                    }
                }
            }
            let mut out: Vec<Candidate> = hits
                .into_iter()
                .map(|(address, h)| Candidate {
                    address,
                    score: window_score(&h),
                    shared: h.len() as u32,
                })
                .collect();
            out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.address.cmp(&b.address)));
            out.truncate(limit);
            Ok(out)
        })
    }

    /// Opens the index for writing. Only one writer at a time; readers
    /// keep working. `memory` is the indexing buffer in bytes (at least
    /// 15 MB).
    pub fn writer(&self, memory: usize) -> Result<Writer<'_>, IndexError> {
        let writer = self
            .index
            .writer_with_num_threads(1, memory.max(15_000_000))
            .map_err(|e| tv_err(&self.dir, e))?;
        let payload = self.payload()?;
        Ok(Writer {
            index: self,
            writer,
            payload,
            pending: HashMap::new(),
            removed: Vec::new(),
        })
    }
}

/// Adds and removes documents; nothing is visible (or kept after a crash)
/// until [`Writer::commit`].
pub struct Writer<'a> {
    index: &'a SourceIndex,
    writer: tantivy::IndexWriter<TantivyDocument>,
    payload: Payload,
    /// Ids added since the last commit, with their text length.
    pending: HashMap<String, u64>,
    /// Ids removed since the last commit.
    removed: Vec<String>,
}

/// What a commit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommitSummary {
    /// Documents added (replacements included).
    pub added: u64,
    /// Documents removed or replaced.
    pub removed: u64,
}

impl Writer<'_> {
    /// Adds a document with its fingerprints. An id already in the index
    /// (or added since the last commit) is an error unless `replace`.
    pub fn add(
        &mut self,
        doc: NewDoc<'_>,
        fingerprints: &[u64],
        replace: bool,
    ) -> Result<(), IndexError> {
        let dir = &self.index.dir;
        let existing = if self.pending.contains_key(doc.id) {
            None
        } else {
            self.index.get(doc.id)?
        };
        if (self.pending.contains_key(doc.id) || existing.is_some()) && !replace {
            return Err(IndexError::DuplicateId(doc.id.to_owned()));
        }
        let f = self.index.fields;
        if let Some(old) = self.pending.remove(doc.id) {
            self.payload.text_bytes = self.payload.text_bytes.saturating_sub(old);
            self.writer.delete_term(Term::from_field_text(f.id, doc.id));
        } else if let Some(old) = existing {
            self.payload.text_bytes = self
                .payload
                .text_bytes
                .saturating_sub(old.text.len() as u64);
            self.writer.delete_term(Term::from_field_text(f.id, doc.id));
            self.removed.push(doc.id.to_owned());
        }
        let mut d = TantivyDocument::new();
        d.add_text(f.id, doc.id);
        d.add_text(f.text, doc.text);
        if let Some(t) = doc.title {
            d.add_text(f.title, t);
        }
        if let Some(u) = doc.url {
            d.add_text(f.url, u);
        }
        if let Some(t) = doc.date {
            d.add_text(f.date, t);
        }
        if let Some(m) = doc.meta.filter(|m| !m.is_empty()) {
            d.add_text(f.meta, serde_json::to_string(m).expect("JSON map"));
        }
        for &fp in fingerprints {
            d.add_u64(f.fp, fp & FP_MASK);
        }
        self.writer.add_document(d).map_err(|e| tv_err(dir, e))?;
        self.payload.text_bytes += doc.text.len() as u64;
        self.pending
            .insert(doc.id.to_owned(), doc.text.len() as u64);
        Ok(())
    }

    /// Removes the document with this id; false if there is none.
    pub fn remove(&mut self, id: &str) -> Result<bool, IndexError> {
        let term = Term::from_field_text(self.index.fields.id, id);
        if let Some(len) = self.pending.remove(id) {
            self.payload.text_bytes = self.payload.text_bytes.saturating_sub(len);
            self.writer.delete_term(term);
            return Ok(true);
        }
        if self.removed.iter().any(|r| r == id) {
            return Ok(false);
        }
        match self.index.get(id)? {
            Some(old) => {
                self.payload.text_bytes = self
                    .payload
                    .text_bytes
                    .saturating_sub(old.text.len() as u64);
                self.writer.delete_term(term);
                self.removed.push(id.to_owned());
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Documents added since the last commit.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Makes every change since the last commit durable and visible to
    /// readers that reload, atomically.
    pub fn commit(&mut self) -> Result<CommitSummary, IndexError> {
        let dir = &self.index.dir;
        let mut prepared = self.writer.prepare_commit().map_err(|e| tv_err(dir, e))?;
        prepared.set_payload(&serde_json::to_string(&self.payload).expect("payload"));
        prepared.commit().map_err(|e| tv_err(dir, e))?;
        let summary = CommitSummary {
            added: self.pending.len() as u64,
            removed: self.removed.len() as u64,
        };
        self.pending.clear();
        self.removed.clear();
        self.index.reload()?;
        Ok(summary)
    }

    /// Waits for background merges to finish, then closes the writer.
    pub fn finish(self) -> Result<(), IndexError> {
        let dir = self.index.dir.clone();
        self.writer
            .wait_merging_threads()
            .map_err(|e| tv_err(&dir, e))
    }
}

fn read_manifest(dir: &Path) -> Result<Manifest, IndexError> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !dir.exists() {
                return Err(IndexError::Io {
                    path: dir.to_path_buf(),
                    message:
                        "No such file or directory; create the index with `unspin index create`"
                            .to_owned(),
                });
            }
            return Err(IndexError::NotAnIndex(dir.to_path_buf()));
        }
        Err(e) => return Err(io_err(&path, &e)),
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| IndexError::Corrupt {
            dir: dir.to_path_buf(),
            detail: format!("{MANIFEST} is not valid JSON: {e}"),
        })?;
    let format = value.get("format").and_then(|v| v.as_str());
    let version = value.get("version").and_then(|v| v.as_u64());
    match (format, version) {
        (Some(FORMAT_NAME), Some(v)) if v == u64::from(FORMAT_VERSION) => {}
        (Some(FORMAT_NAME), Some(v)) => {
            return Err(IndexError::Unsupported {
                dir: dir.to_path_buf(),
                found: v.to_string(),
            });
        }
        _ => {
            return Err(IndexError::Corrupt {
                dir: dir.to_path_buf(),
                detail: format!("{MANIFEST} does not name format {FORMAT_NAME:?} with a version"),
            });
        }
    }
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| IndexError::Corrupt {
        dir: dir.to_path_buf(),
        detail: format!("{MANIFEST}: {e}"),
    })?;
    if manifest.fingerprints != FINGERPRINT_SCHEME {
        return Err(IndexError::Unsupported {
            dir: dir.to_path_buf(),
            found: format!(
                "{} with fingerprints {}",
                manifest.version, manifest.fingerprints
            ),
        });
    }
    Ok(manifest)
}

/// Writes `content` to `path` through a temporary file and a rename, so a
/// crash leaves either the old or the new file.
fn write_atomic(path: &Path, content: String) -> Result<(), IndexError> {
    use std::io::Write;
    let tmp = path.with_extension("json.tmp");
    let mut f = std::fs::File::create(&tmp).map_err(|e| io_err(&tmp, &e))?;
    f.write_all(content.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| io_err(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_err(path, &e))?;
    if let Some(parent) = path.parent()
        && let Ok(d) = std::fs::File::open(parent)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Counts the documents whose id is `id` (for tests).
#[cfg(test)]
fn count_id(index: &SourceIndex, id: &str) -> usize {
    use tantivy::collector::Count;
    use tantivy::query::TermQuery;
    let q = TermQuery::new(
        Term::from_field_text(index.fields.id, id),
        IndexRecordOption::Basic,
    );
    index.searcher().search(&q, &Count).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("unspin-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn doc<'a>(id: &'a str, text: &'a str) -> NewDoc<'a> {
        NewDoc {
            id,
            text,
            title: None,
            url: None,
            date: None,
            meta: None,
        }
    }

    #[test]
    fn add_commit_find_remove() {
        let dir = tmp("basic");
        let index = SourceIndex::create(&dir).unwrap();
        let mut w = index.writer(20_000_000).unwrap();
        w.add(doc("a", "alpha text"), &[1 << 40, 2 << 40, 3 << 40], false)
            .unwrap();
        w.add(doc("b", "beta text"), &[3 << 40, 4 << 40], false)
            .unwrap();
        assert!(matches!(
            w.add(doc("a", "again"), &[], false),
            Err(IndexError::DuplicateId(_))
        ));
        // Not visible before the commit.
        assert_eq!(index.len(), 0);
        w.commit().unwrap();
        assert_eq!(index.len(), 2);
        assert_eq!(index.get("b").unwrap().unwrap().text, "beta text");
        let c = index
            .candidates(&[(1 << 40, 0), (2 << 40, 1), (3 << 40, 2)], 10)
            .unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(index.doc(c[0].address).unwrap().id, "a");
        assert_eq!(c[0].shared, 3);
        assert_eq!(c[1].shared, 1);
        // Replace, then remove.
        w.add(doc("a", "alpha two"), &[9 << 40], true).unwrap();
        assert!(w.remove("b").unwrap());
        assert!(!w.remove("zzz").unwrap());
        w.commit().unwrap();
        assert_eq!(index.len(), 1);
        assert_eq!(count_id(&index, "b"), 0);
        assert_eq!(index.get("a").unwrap().unwrap().text, "alpha two");
        assert_eq!(index.stats().unwrap().text_bytes, "alpha two".len() as u64);
        w.finish().unwrap();
        // Reopens with the same state.
        drop(index);
        let index = SourceIndex::open(&dir).unwrap();
        assert_eq!(index.len(), 1);
        assert!(index.contains("a").unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn format_errors() {
        let dir = tmp("format");
        assert!(matches!(
            SourceIndex::open(&dir),
            Err(IndexError::Io { .. })
        ));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(
            SourceIndex::open(&dir),
            Err(IndexError::NotAnIndex(_))
        ));
        drop(SourceIndex::create(&dir).unwrap());
        assert!(matches!(
            SourceIndex::create(&dir),
            Err(IndexError::NotEmpty(_))
        ));
        let manifest = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, text.replace("\"version\": 1", "\"version\": 7")).unwrap();
        let err = SourceIndex::open(&dir).err().unwrap();
        assert!(
            err.to_string().contains("format 7 is not supported"),
            "{err}"
        );
        std::fs::write(&manifest, "{").unwrap();
        assert!(matches!(
            SourceIndex::open(&dir),
            Err(IndexError::Corrupt { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
