//! Turns raw records into corpus rows: validates required fields, parses timestamps, interns
//! ids and list items, and accounts for every record.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hash};

use anyhow::{Result, bail};
use rayon::prelude::*;

use super::accounting::{Reason, Rejection, StrictError};
use super::fields::{ACCOUNT_FIELDS, FieldSet, POST_FIELDS, account, post};
use super::record::{RawRecord, Val, split_list};
use super::{Bad, IngestConfig, Ingested, RecordSink, time};
use crate::model::{AccountId, Corpus, Interner, ListColumn, NONE, spread};

/// Builds posts or accounts from one source into an `Ingested`.
pub struct Builder<'a> {
    file: &'a str,
    is_post: bool,
    cfg: &'a IngestConfig,
    out: &'a mut Ingested,
    /// Reused across records for list fields given as one string.
    scratch: Vec<String>,
    preset: Option<String>,
}

impl<'a> Builder<'a> {
    pub fn new(file: &'a str, is_post: bool, cfg: &'a IngestConfig, out: &'a mut Ingested) -> Self {
        Self {
            file,
            is_post,
            cfg,
            out,
            scratch: Vec::new(),
            preset: None,
        }
    }

    /// Adds a batch of post records with the corpus's interners filled in parallel, one
    /// thread per interner, each taking its strings in record order: the ids, rows,
    /// accounting and rejections are those of adding the records one by one. Returns
    /// `false`, having changed nothing, when that equivalence needs the sequential path: a
    /// post id already seen (a merge or a duplicate) or, under `--strict`, a bad record.
    fn add_posts_parallel(
        &mut self,
        batch: &[(u64, std::result::Result<RawRecord<'_>, Bad>)],
    ) -> Result<bool> {
        let cfg = self.cfg;
        let preps: Vec<std::result::Result<Prep<'_>, Bad>> = batch
            .par_iter()
            .with_min_len(256)
            .map(|(_, r)| match r {
                Ok(rec) => prepare_post(rec, cfg),
                Err(bad) => Err(bad.clone()),
            })
            .collect();
        if cfg.strict && preps.iter().any(std::result::Result::is_err) {
            return Ok(false);
        }
        let c = &mut self.out.corpus;
        {
            let known = &c.post_ids;
            let seen_before = preps.par_iter().any(|p| {
                p.as_ref()
                    .is_ok_and(|p| known.get_hashed(&p.pid, p.hashes[0]).is_some())
            });
            if seen_before {
                return Ok(false);
            }
            // Keyed by the hashes already taken: no string is hashed again.
            let mut here = hashbrown::HashTable::<(u32, &str)>::with_capacity(preps.len());
            for p in preps.iter().filter_map(|p| p.as_ref().ok()) {
                let h = p.hashes[0];
                if here
                    .find(spread(h), |&(oh, s)| oh == h && s == p.pid)
                    .is_some()
                {
                    return Ok(false);
                }
                here.insert_unique(spread(h), (h, &p.pid), |&(oh, _)| spread(oh));
            }
        }
        let ok: Vec<(usize, &Prep<'_>)> = preps
            .iter()
            .enumerate()
            .filter_map(|(k, p)| p.as_ref().ok().map(|p| (k, p)))
            .collect();
        let rec = |k: usize| batch.get(k).and_then(|(_, r)| r.as_ref().ok());
        let Corpus {
            post_ids,
            account_ids,
            langs,
            urls,
            url_values,
            hashtags,
            hashtag_values,
            mentions,
            mention_values,
            media,
            media_values,
            targets,
            ..
        } = c;
        let list = |col: &mut ListColumn, values: &mut Interner, field: usize| {
            let mut scratch = Vec::new();
            let mut row = Vec::new();
            for &(k, _) in &ok {
                row.clear();
                for_items(rec(k).and_then(|r| r.get(field)), &mut scratch, |s| {
                    row.push(values.intern(s).0);
                });
                if col.push(row.iter().copied()).is_err() {
                    return Some(k);
                }
            }
            None
        };
        let (((), acct), ((lang, tgt), ((full_u, full_h), (full_m, full_d)))) = rayon::join(
            || {
                rayon::join(
                    || {
                        // Checked above: every id is new and distinct.
                        for (_, p) in &ok {
                            post_ids.push_unique(&p.pid, p.hashes[0]);
                        }
                    },
                    || {
                        ok.iter()
                            .map(|(_, p)| account_ids.intern_hashed(&p.aid, p.hashes[1]).0)
                            .collect::<Vec<u32>>()
                    },
                )
            },
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || {
                                ok.iter()
                                    .map(|(_, p)| p.lang.map_or(NONE, |l| langs.intern(l).0))
                                    .collect::<Vec<u32>>()
                            },
                            || {
                                ok.iter()
                                    .map(|(_, p)| {
                                        let mut id = |t: &Option<Cow<'_, str>>, h: u32| {
                                            t.as_deref()
                                                .map_or(NONE, |t| targets.intern_hashed(t, h).0)
                                        };
                                        let r = id(&p.reshare, p.hashes[2]);
                                        (r, id(&p.reply, p.hashes[3]))
                                    })
                                    .collect::<Vec<(u32, u32)>>()
                            },
                        )
                    },
                    || {
                        rayon::join(
                            || {
                                rayon::join(
                                    || list(urls, url_values, post::URLS),
                                    || list(hashtags, hashtag_values, post::HASHTAGS),
                                )
                            },
                            || {
                                rayon::join(
                                    || list(mentions, mention_values, post::MENTIONS),
                                    || list(media, media_values, post::MEDIA),
                                )
                            },
                        )
                    },
                )
            },
        );
        if let Some(k) = [full_u, full_h, full_m, full_d].into_iter().flatten().min() {
            bail!(
                "{}:{}: the corpus passed 2^32 list values",
                self.file,
                batch.get(k).map_or(0, |b| b.0)
            );
        }
        let c = &mut self.out.corpus;
        for (((&(_, p), &a), &l), &(reshare, reply)) in ok.iter().zip(&acct).zip(&lang).zip(&tgt) {
            c.account.push(AccountId(a));
            c.time.push(p.time);
            c.text.push(&p.text);
            c.lang.push(l);
            c.reshare_of.push(reshare);
            c.reply_to.push(reply);
        }
        c.accounts.resize(c.account_ids.len());
        drop(ok);
        for (p, &(line, _)) in preps.into_iter().zip(batch) {
            match p {
                Ok(_) => self.out.accounting.accept(true),
                Err(bad) => self.reject(line, bad)?,
            }
        }
        Ok(true)
    }

    fn reject(&mut self, line: u64, mut bad: Bad) -> Result<()> {
        // The readers do not carry the limit; every `record_too_large` says which it passed.
        if bad.reason == Reason::RecordTooLarge && bad.detail.is_none() {
            bad = bad.detail(over_limit(self.cfg.max_record_bytes));
        }
        let r = Rejection {
            file: self.file.to_string(),
            line,
            reason: bad.reason,
            field: bad.field,
            detail: bad.detail,
            preset: self.preset.clone(),
        };
        if self.cfg.strict {
            return Err(StrictError(r).into());
        }
        self.out.accounting.reject(self.is_post, r);
        Ok(())
    }
}

impl RecordSink for Builder<'_> {
    fn record(&mut self, line: u64, rec: std::result::Result<RawRecord<'_>, Bad>) -> Result<()> {
        let outcome = match rec {
            Err(bad) => Err(bad),
            Ok(rec) if self.is_post => add_post(
                &mut self.out.corpus,
                &mut self.out.repeats,
                &rec,
                self.cfg,
                &mut self.scratch,
            ),
            Ok(rec) => add_account(&mut self.out.corpus, &rec, self.cfg).map(|()| Added::New),
        };
        match outcome {
            Ok(Added::New) => {
                self.out.accounting.accept(self.is_post);
                Ok(())
            }
            Ok(Added::Merged { disagreed }) => {
                self.out.accounting.merge();
                if let Some(row) = disagreed {
                    self.out.accounting.disagree(row);
                }
                Ok(())
            }
            Err(bad) if bad.reason == Reason::BadValue && bad.field == Some(LIMIT) => {
                bail!("{}:{line}: the corpus passed 2^32 list values", self.file)
            }
            Err(bad) => self.reject(line, bad),
        }
    }

    fn records(
        &mut self,
        batch: Vec<(u64, std::result::Result<RawRecord<'_>, Bad>)>,
    ) -> Result<()> {
        if !self.is_post || !self.add_posts_parallel(&batch)? {
            for (line, rec) in batch {
                self.record(line, rec)?;
            }
        }
        Ok(())
    }

    fn set_preset(&mut self, preset: &str) {
        if self.preset.as_deref() != Some(preset) {
            self.preset = Some(preset.to_string());
        }
    }

    fn embedded_account(&mut self, _line: u64, rec: RawRecord<'_>) -> Result<()> {
        // A profile carried by a post: the first one seen for an account wins; it is not an
        // account record, so it is neither counted nor rejected.
        let _ = add_account_embedded(&mut self.out.corpus, &rec, self.cfg);
        Ok(())
    }
}

/// Fills the profile of an account from a post's embedded copy, unless already described.
fn add_account_embedded(
    c: &mut Corpus,
    rec: &RawRecord<'_>,
    cfg: &IngestConfig,
) -> Result<(), Bad> {
    let Some(aid) = rec.get(account::ACCOUNT_ID) else {
        return Ok(());
    };
    let aid = id_str(aid, "account_id")?;
    if let Some(i) = c.account_ids.get(&aid) {
        if c.accounts.has_profile.get(i as usize) == Some(&true) {
            return Ok(());
        }
    }
    add_account(c, rec, cfg)
}

/// Flag on the field code of `pending_set` keys that hold a long row's original values.
const SEEDED: u8 = 0x80;

/// Marker field for a corpus capacity limit (not a record problem).
const LIMIT: &str = "<capacity>";

/// An id-like value as a string: strings exactly as given, integers in decimal.
///
/// Ids are not trimmed: `"\t=1+1"` and `" =1+1"` are two accounts, as the source wrote them,
/// and outputs show them apart. Only a blank id (empty or all whitespace) is missing, which
/// `RawRecord::get` has already decided.
fn id_str<'v>(v: &'v Val<'_>, field: &'static str) -> Result<Cow<'v, str>, Bad> {
    match v {
        Val::Str(s) => Ok(Cow::Borrowed(s)),
        Val::Int(n) => Ok(Cow::Owned(n.to_string())),
        Val::UInt(n) => Ok(Cow::Owned(n.to_string())),
        other => Err(Bad::new(Reason::BadValue)
            .field(field)
            .detail(describe(other))),
    }
}

/// A `bad_value` for the first id field holding a NUL (JSON's `"\u0000"`, a CSV or TSV cell's
/// raw NUL byte; a raw one in JSON is `malformed_json`): an id with a NUL would be an account
/// or post no one can type, shown apart from the one it imitates. Texts, handles and lists
/// keep it as data (every output escapes it), in every format.
fn no_nul(rec: &RawRecord<'_>, names: &FieldSet, ids: &[usize]) -> Result<(), Bad> {
    match rec.nul_at(ids) {
        None => Ok(()),
        Some((i, at)) => Err(Bad::new(Reason::BadValue)
            .field(names.name(i))
            .detail(format!("NUL (U+0000) at byte {at}"))),
    }
}

/// `record_too_large`'s detail: the limit, as `--max-record-mib` gives it.
fn over_limit(max: usize) -> String {
    const MIB: usize = 1 << 20;
    if max >= MIB && max % MIB == 0 {
        format!("over the {} MiB limit set by --max-record-mib", max / MIB)
    } else {
        format!("over the {max}-byte limit set by --max-record-mib")
    }
}

fn describe(v: &Val<'_>) -> String {
    match v {
        Val::Str(s) => s.to_string(),
        Val::Int(n) => n.to_string(),
        Val::UInt(n) => n.to_string(),
        Val::Float(f) => f.to_string(),
        Val::Bool(b) => b.to_string(),
        Val::List(_) => "a list".to_string(),
        Val::Other => "an object".to_string(),
    }
}

/// What became of an accepted record.
enum Added {
    /// A new row.
    New,
    /// Merged into an earlier row of the same post: it adds list items or differs in a
    /// value (which the post keeps is `prefer`'s choice). `disagreed` names the post's row
    /// when this row and the post held two different values of one field
    /// (`Accounting::disagree`).
    Merged { disagreed: Option<u32> },
}

/// A post record that passed every check, reduced to what the corpus stores (lists are read
/// from the record itself).
struct Prep<'v> {
    pid: Cow<'v, str>,
    aid: Cow<'v, str>,
    time: i64,
    reshare: Option<Cow<'v, str>>,
    reply: Option<Cow<'v, str>>,
    text: Cow<'v, str>,
    lang: Option<&'v str>,
    /// `Interner::hash` of the post id, the account id, and the reshare and reply targets
    /// (0 when absent), taken on the thread that prepared the record, so that the
    /// sequential interning only probes.
    hashes: [u32; 4],
}

/// Every check of a post record, in the order they reject; touches no corpus, so records are
/// prepared on any thread.
fn prepare_post<'v>(rec: &'v RawRecord<'_>, cfg: &IngestConfig) -> Result<Prep<'v>, Bad> {
    no_nul(
        rec,
        &POST_FIELDS,
        &[
            post::POST_ID,
            post::ACCOUNT_ID,
            post::RESHARE_OF,
            post::REPLY_TO,
        ],
    )?;
    let pid = rec
        .get(post::POST_ID)
        .ok_or_else(|| Bad::new(Reason::MissingPostId).field("post_id"))?;
    let pid = id_str(pid, "post_id")?;
    let aid = rec
        .get(post::ACCOUNT_ID)
        .ok_or_else(|| Bad::new(Reason::MissingAccountId).field("account_id"))?;
    let aid = id_str(aid, "account_id")?;
    let ts = rec
        .get(post::TIMESTAMP)
        .ok_or_else(|| Bad::new(Reason::MissingTimestamp).field("timestamp"))?;
    let time = time::parse(ts, cfg.zone).ok_or_else(|| {
        Bad::new(Reason::BadTimestamp)
            .field("timestamp")
            .detail(describe(ts))
    })?;
    let reshare = optional_id(rec, post::RESHARE_OF)?;
    let reply = optional_id(rec, post::REPLY_TO)?;
    let text = text_of(rec.get(post::TEXT))?;
    let lang = match rec.get(post::LANG) {
        Some(Val::Str(s)) => Some(s.trim()),
        Some(other) => {
            return Err(Bad::new(Reason::BadValue)
                .field("lang")
                .detail(describe(other)));
        }
        None => None,
    };
    for f in [post::URLS, post::HASHTAGS, post::MENTIONS, post::MEDIA] {
        check_list(rec.get(f), POST_FIELDS.name(f))?;
    }
    let target = |t: &Option<Cow<'_, str>>| t.as_deref().map_or(0, Interner::hash);
    let hashes = [
        Interner::hash(&pid),
        Interner::hash(&aid),
        target(&reshare),
        target(&reply),
    ];
    Ok(Prep {
        pid,
        aid,
        time,
        reshare,
        reply,
        text,
        lang,
        hashes,
    })
}

/// What the rows of the posts read more than once held, so that which rows merge and which
/// posts disagree does not depend on their order: a row identical to an earlier row of its
/// post (the same text, language, targets and list items, as sets) is a duplicate, any other
/// row of the same post id, account and time is merged; a post disagrees when two of its
/// rows give two different values of one field, neither missing (a language only between
/// rows of the same text). Values are kept as 64-bit hashes (0: none), about 100 bytes a
/// repeated post; a post read once costs nothing.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    /// Per post row: the first text, reshare and reply target, and whether it disagrees.
    posts: hashbrown::HashMap<u32, Fields>,
    /// (post row, row fingerprint) of every distinct row of a repeated post.
    rows: hashbrown::HashSet<(u32, u64)>,
    /// (post row, text hash): the first language rows of that text gave.
    langs: hashbrown::HashMap<(u32, u64), u64>,
}

/// The first values of a repeated post's rows (hashes, 0 while none was seen).
#[derive(Debug, Default)]
struct Fields {
    text: u64,
    reshare: u64,
    reply: u64,
    disagreed: bool,
}

/// Notes value `v` (0: missing) of a field whose first value is `first`; whether the two
/// differ.
fn see(first: &mut u64, v: u64) -> bool {
    if *first == 0 {
        *first = v;
    }
    v != 0 && *first != v
}

/// One row of a post as `Repeats` compares it: values that are there, list items as sets.
struct Row<'a> {
    text: Option<&'a str>,
    lang: Option<&'a str>,
    reshare: Option<&'a str>,
    reply: Option<&'a str>,
    lists: [Vec<&'a str>; 4],
}

/// A fixed hash (the same in every run), never 0.
fn hash_of(v: impl Hash) -> u64 {
    foldhash::fast::FixedState::with_seed(0x6c6f_636b_7374_6570).hash_one(v) | 1
}

/// A value's hash, 0 when it is missing.
fn value(v: Option<&str>) -> u64 {
    v.map_or(0, hash_of)
}

impl Repeats {
    /// Notes a row of the post at `row`, whose first row was `first` (asked for only the
    /// first time the post repeats). `None` when the row is identical to an earlier one (a
    /// duplicate), else whether the post's rows now disagree.
    fn see<'r>(&mut self, row: u32, first: impl FnOnce() -> Row<'r>, new: Row<'_>) -> Option<bool> {
        if !self.posts.contains_key(&row) {
            self.note(row, &first());
        }
        if !self.rows.insert((row, fingerprint(&new))) {
            return None;
        }
        Some(self.note(row, &new))
    }

    /// Adds a row's values to its post's; whether the post's rows now disagree.
    fn note(&mut self, row: u32, r: &Row<'_>) -> bool {
        self.rows.insert((row, fingerprint(r)));
        let lang = see(
            self.langs.entry((row, hash_of(r.text))).or_default(),
            value(r.lang),
        );
        let f = self.posts.entry(row).or_default();
        let text = see(&mut f.text, value(r.text));
        let reshare = see(&mut f.reshare, value(r.reshare));
        let reply = see(&mut f.reply, value(r.reply));
        f.disagreed |= lang || text || reshare || reply;
        f.disagreed
    }
}

/// A row's identity among its post's rows.
fn fingerprint(r: &Row<'_>) -> u64 {
    let mut lists = r.lists.clone();
    for l in &mut lists {
        l.sort_unstable();
        l.dedup();
    }
    hash_of((r.text, r.lang, r.reshare, r.reply, lists))
}

fn add_post(
    c: &mut Corpus,
    repeats: &mut Repeats,
    rec: &RawRecord<'_>,
    cfg: &IngestConfig,
    scratch: &mut Vec<String>,
) -> Result<Added, Bad> {
    let Prep {
        pid,
        aid,
        time,
        reshare,
        reply,
        text,
        lang,
        ..
    } = prepare_post(rec, cfg)?;
    // Every check is done: from here on the record is accepted.
    let (row, new) = c.post_ids.intern(&pid);
    if !new {
        // Long exports write one row per (post, shared object): a row that repeats a post's
        // id, account and time is a row of that post, and is merged. Anything else is a
        // conflicting duplicate. Rows may disagree on the text (with its language) and the
        // reshare and reply targets: some write them on one row only, some write two. The
        // post keeps, whichever row comes first, a value over none and else the smallest in
        // string order (`prefer`), so it does not depend on the order of the rows; a text
        // replaced is held aside until `apply_pending`.
        let i = row as usize;
        let held_text = c
            .pending_text
            .get(&row)
            .map_or_else(|| c.text.get(i), String::as_str)
            .to_string();
        // The interner and the post columns grow together, so every column has row `i`;
        // were one short, the record would be a conflicting duplicate, not a panic.
        let held = match (
            c.account.get(i),
            c.time.get(i),
            c.lang.get(i),
            c.reshare_of.get(i),
            c.reply_to.get(i),
        ) {
            (Some(a), Some(&t), Some(&l), Some(&rs), Some(&rp))
                if c.account_ids.get(&aid) == Some(a.0) && t == time =>
            {
                let name = |interner: &Interner, v: u32| {
                    (v != NONE).then(|| interner.resolve(v).to_string())
                };
                Some((
                    name(&c.langs, l),
                    name(&c.targets, rs),
                    name(&c.targets, rp),
                ))
            }
            _ => None,
        };
        let lists = [post::URLS, post::HASHTAGS, post::MENTIONS, post::MEDIA];
        if let Some((held_lang, held_reshare, held_reply)) = held {
            let held_pair = (present(&held_text), held_lang.as_deref().and_then(present));
            let (held_reshare, held_reply) = (
                held_reshare.as_deref().and_then(present),
                held_reply.as_deref().and_then(present),
            );
            let pair = (present(&text), lang.and_then(present));
            let reshare = reshare.as_deref().and_then(present);
            let reply = reply.as_deref().and_then(present);
            // Which rows merge and which posts disagree, whatever the order of the rows.
            let items: Vec<Vec<String>> = lists
                .iter()
                .map(|&f| list_items(rec.get(f), scratch))
                .collect();
            fn as_strs(l: Option<&Vec<String>>) -> Vec<&str> {
                l.map(|l| l.iter().map(String::as_str).collect())
                    .unwrap_or_default()
            }
            let new_row = Row {
                text: pair.0,
                lang: pair.1,
                reshare,
                reply,
                lists: [0, 1, 2, 3].map(|k| as_strs(items.get(k))),
            };
            let first_row = || Row {
                text: held_pair.0,
                lang: held_pair.1,
                reshare: held_reshare,
                reply: held_reply,
                lists: [
                    held_items(&c.urls, &c.url_values, i),
                    held_items(&c.hashtags, &c.hashtag_values, i),
                    held_items(&c.mentions, &c.mention_values, i),
                    held_items(&c.media, &c.media_values, i),
                ],
            };
            let Some(disagreed) = repeats.see(row, first_row, new_row) else {
                // Identical to an earlier row of the post: read twice, nothing to merge.
                return Err(Bad::new(Reason::DuplicatePostId)
                    .field("post_id")
                    .detail(pid.into_owned()));
            };
            let text_wins = if held_pair.0 == pair.0 {
                prefer(held_pair.1, pair.1)
            } else {
                prefer(held_pair.0, pair.0)
            };
            let reshare_wins = prefer(held_reshare, reshare);
            let reply_wins = prefer(held_reply, reply);
            let mut added = Vec::new();
            for (code, row_items) in items.into_iter().enumerate() {
                let (interner, column) = match code {
                    0 => (&mut c.url_values, &c.urls),
                    1 => (&mut c.hashtag_values, &c.hashtags),
                    2 => (&mut c.mention_values, &c.mentions),
                    _ => (&mut c.media_values, &c.media),
                };
                // A long original list is put in the set once (under a marker key), so
                // each item is one lookup, not a scan of the list.
                let original = column.get(i);
                let marker = (SEEDED | code as u8, row, 0);
                let long = original.len() > 16;
                if long && c.pending_set.insert(marker) {
                    c.pending_set
                        .extend(original.iter().map(|&v| (SEEDED | code as u8, row, v)));
                }
                for v in row_items {
                    let id = interner.intern(&v).0;
                    let key = (code as u8, row, id);
                    let held = if long {
                        c.pending_set.contains(&(SEEDED | code as u8, row, id))
                    } else {
                        original.contains(&id)
                    };
                    if !held && !c.pending_set.contains(&key) {
                        added.push(key);
                    }
                }
            }
            if text_wins {
                // The text's language comes with it.
                if pair.0 != held_pair.0 {
                    c.pending_text.insert(row, text.to_string());
                }
                if let Some(slot) = c.lang.get_mut(i) {
                    *slot = pair.1.map_or(NONE, |l| c.langs.intern(l).0);
                }
            }
            for (wins, value, column) in [
                (reshare_wins, reshare, &mut c.reshare_of),
                (reply_wins, reply, &mut c.reply_to),
            ] {
                if let (true, Some(t), Some(slot)) = (wins, value, column.get_mut(i)) {
                    *slot = c.targets.intern(t).0;
                }
            }
            // A merged row puts the post's lists in string order (`Corpus::repeated`),
            // whether or not it adds to them: the same posts are repeated in any order.
            c.repeated.insert(row);
            for k in added {
                if c.pending_set.insert(k) {
                    c.pending.push(k);
                }
            }
            return Ok(Added::Merged {
                disagreed: disagreed.then_some(row),
            });
        }
        return Err(Bad::new(Reason::DuplicatePostId)
            .field("post_id")
            .detail(pid.into_owned()));
    }
    let account = c.intern_account(&aid);
    c.account.push(account);
    c.time.push(time);
    c.text.push(&text);
    c.lang.push(lang.map_or(NONE, |l| c.langs.intern(l).0));
    let full = || Bad::new(Reason::BadValue).field(LIMIT);
    push_list(&mut c.urls, &mut c.url_values, rec.get(post::URLS), scratch).map_err(|_| full())?;
    push_list(
        &mut c.hashtags,
        &mut c.hashtag_values,
        rec.get(post::HASHTAGS),
        scratch,
    )
    .map_err(|_| full())?;
    push_list(
        &mut c.mentions,
        &mut c.mention_values,
        rec.get(post::MENTIONS),
        scratch,
    )
    .map_err(|_| full())?;
    push_list(
        &mut c.media,
        &mut c.media_values,
        rec.get(post::MEDIA),
        scratch,
    )
    .map_err(|_| full())?;
    c.reshare_of
        .push(reshare.map_or(NONE, |t| c.targets.intern(&t).0));
    c.reply_to
        .push(reply.map_or(NONE, |t| c.targets.intern(&t).0));
    Ok(Added::New)
}

/// A value that is there: `None` for an empty one.
fn present(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

/// Whether a merged row's value of a field replaces the one the post holds: a value beats
/// none, and of two the smaller in string order wins. The post then ends with the same
/// value whichever of its rows came first (the least of the values its rows give).
fn prefer(held: Option<&str>, new: Option<&str>) -> bool {
    match (held, new) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(h), Some(n)) => n < h,
    }
}

/// A list field must be a list, a string of items or a number: an object (`"urls": {...}`),
/// a boolean or a fraction is a `bad_value`, never silently an empty list.
fn check_list(v: Option<&Val<'_>>, field: &'static str) -> Result<(), Bad> {
    match v {
        Some(other @ (Val::Other | Val::Bool(_) | Val::Float(_))) => {
            Err(Bad::new(Reason::BadValue)
                .field(field)
                .detail(describe(other)))
        }
        _ => Ok(()),
    }
}

/// The items the post at row `i` holds in a list column, as stored.
fn held_items<'c>(col: &ListColumn, values: &'c Interner, i: usize) -> Vec<&'c str> {
    col.get(i).iter().map(|&v| values.resolve(v)).collect()
}

/// The items of a list value as owned strings (for merged rows).
fn list_items(v: Option<&Val<'_>>, scratch: &mut Vec<String>) -> Vec<String> {
    match v {
        Some(Val::List(items)) => items
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Val::Str(s)) => {
            scratch.clear();
            split_list(s, scratch);
            scratch.clone()
        }
        Some(Val::Int(n)) => vec![n.to_string()],
        Some(Val::UInt(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn optional_id<'v>(rec: &'v RawRecord<'_>, field: usize) -> Result<Option<Cow<'v, str>>, Bad> {
    match rec.get(field) {
        None => Ok(None),
        Some(v) => id_str(v, POST_FIELDS.name(field)).map(Some),
    }
}

/// The text of a post: a string, a number, or a list of pieces (Telegram's entity lists) joined.
fn text_of<'v>(v: Option<&'v Val<'_>>) -> Result<Cow<'v, str>, Bad> {
    Ok(match v {
        None => Cow::Borrowed(""),
        Some(Val::Str(s)) => Cow::Borrowed(s),
        Some(Val::List(parts)) => Cow::Owned(parts.concat()),
        Some(Val::Int(n)) => Cow::Owned(n.to_string()),
        Some(Val::UInt(n)) => Cow::Owned(n.to_string()),
        Some(Val::Float(f)) => Cow::Owned(f.to_string()),
        Some(other) => {
            return Err(Bad::new(Reason::BadValue)
                .field("text")
                .detail(describe(other)));
        }
    })
}

fn push_list(
    col: &mut ListColumn,
    values: &mut Interner,
    v: Option<&Val<'_>>,
    scratch: &mut Vec<String>,
) -> Result<(), crate::model::ColumnFull> {
    let mut row = Vec::new();
    for_items(v, scratch, |s| row.push(values.intern(s).0));
    col.push(row)
}

/// Calls `f` on every item of a list value, as it is stored: trimmed, blanks dropped, a string
/// split into items, a number in decimal.
fn for_items(v: Option<&Val<'_>>, scratch: &mut Vec<String>, mut f: impl FnMut(&str)) {
    match v {
        // `check_list` rejected the other shapes before the record was accepted.
        None | Some(Val::Bool(_) | Val::Float(_) | Val::Other) => {}
        Some(Val::List(items)) => {
            for s in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                f(s);
            }
        }
        Some(Val::Str(s)) => {
            scratch.clear();
            split_list(s, scratch);
            for s in scratch.iter() {
                f(s);
            }
        }
        Some(Val::Int(n)) => f(&n.to_string()),
        Some(Val::UInt(n)) => f(&n.to_string()),
    }
}

// `intern_account` resizes every profile column to the number of accounts, so the id it
// returns indexes each of them.
#[allow(clippy::indexing_slicing)]
fn add_account(c: &mut Corpus, rec: &RawRecord<'_>, cfg: &IngestConfig) -> Result<(), Bad> {
    no_nul(rec, &ACCOUNT_FIELDS, &[account::ACCOUNT_ID])?;
    let aid = rec
        .get(account::ACCOUNT_ID)
        .ok_or_else(|| Bad::new(Reason::MissingAccountId).field("account_id"))?;
    let aid = id_str(aid, "account_id")?;
    let text = |i: usize| -> Result<Option<Box<str>>, Bad> {
        match rec.get(i) {
            None => Ok(None),
            Some(Val::Str(s)) => Ok(Some(s.trim().into())),
            Some(Val::Int(n)) => Ok(Some(n.to_string().into())),
            Some(Val::UInt(n)) => Ok(Some(n.to_string().into())),
            Some(other) => Err(Bad::new(Reason::BadValue)
                .field(ACCOUNT_FIELDS.name(i))
                .detail(describe(other))),
        }
    };
    let count = |i: usize| -> Result<Option<u64>, Bad> {
        rec.get(i)
            .map(|v| {
                parse_count(v).ok_or_else(|| {
                    Bad::new(Reason::BadValue)
                        .field(ACCOUNT_FIELDS.name(i))
                        .detail(describe(v))
                })
            })
            .transpose()
    };
    let flag = |i: usize| -> Result<Option<bool>, Bad> {
        rec.get(i)
            .map(|v| {
                parse_bool(v).ok_or_else(|| {
                    Bad::new(Reason::BadValue)
                        .field(ACCOUNT_FIELDS.name(i))
                        .detail(describe(v))
                })
            })
            .transpose()
    };
    let created_at = rec
        .get(account::CREATED_AT)
        .map(|v| {
            time::parse(v, cfg.zone).ok_or_else(|| {
                Bad::new(Reason::BadTimestamp)
                    .field("created_at")
                    .detail(describe(v))
            })
        })
        .transpose()?;
    let handle = text(account::HANDLE)?;
    let display_name = text(account::DISPLAY_NAME)?;
    let bio = text(account::BIO)?;
    let followers = count(account::FOLLOWERS)?;
    let following = count(account::FOLLOWING)?;
    let posts_total = count(account::POSTS_TOTAL)?;
    let has_default_avatar = flag(account::HAS_DEFAULT_AVATAR)?;
    let verified = flag(account::VERIFIED)?;

    let AccountId(i) = c.intern_account(&aid);
    let a = &mut c.accounts;
    let i = i as usize;
    if a.has_profile[i] {
        return Err(Bad::new(Reason::DuplicateAccount)
            .field("account_id")
            .detail(aid.into_owned()));
    }
    a.has_profile[i] = true;
    a.handle[i] = handle;
    a.display_name[i] = display_name;
    a.created_at[i] = created_at;
    a.followers[i] = followers;
    a.following[i] = following;
    a.bio[i] = bio;
    a.has_default_avatar[i] = has_default_avatar;
    a.verified[i] = verified;
    a.posts_total[i] = posts_total;
    Ok(())
}

/// A non-negative count: an integer, an integral float, or a string of one.
fn parse_count(v: &Val<'_>) -> Option<u64> {
    match v {
        Val::UInt(n) => Some(*n),
        Val::Int(n) => u64::try_from(*n).ok(),
        Val::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f < 1.8e19 => Some(*f as u64),
        Val::Str(s) => {
            let t = s.trim();
            t.parse::<u64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .and_then(|f| parse_count(&Val::Float(f)))
            })
        }
        _ => None,
    }
}

/// A flag: a boolean, 0/1, or true/false/yes/no/t/f in any case.
fn parse_bool(v: &Val<'_>) -> Option<bool> {
    match v {
        Val::Bool(b) => Some(*b),
        Val::Int(0) | Val::UInt(0) => Some(false),
        Val::Int(1) | Val::UInt(1) => Some(true),
        Val::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" => Some(true),
            "false" | "f" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count(&Val::Str("12".into())), Some(12));
        assert_eq!(parse_count(&Val::Str("12.0".into())), Some(12));
        assert_eq!(parse_count(&Val::Float(3.0)), Some(3));
        assert_eq!(parse_count(&Val::Int(-1)), None);
        assert_eq!(parse_count(&Val::Str("many".into())), None);
        assert_eq!(parse_count(&Val::Float(f64::NAN)), None);
    }

    #[test]
    fn flags() {
        assert_eq!(parse_bool(&Val::Str("TRUE".into())), Some(true));
        assert_eq!(parse_bool(&Val::Str("0".into())), Some(false));
        assert_eq!(parse_bool(&Val::Int(1)), Some(true));
        assert_eq!(parse_bool(&Val::Str("maybe".into())), None);
    }
}
