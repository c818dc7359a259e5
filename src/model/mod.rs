//! The in-memory corpus every later stage reads: interned ids, columnar post arrays, accounts.
//!
//! Invariants:
//! - every id is dense and assigned in first-seen order, so a given input always gives the
//!   same ids;
//! - post columns (`account`, `time`, `text`, `lang`, the list columns, `reshare_of`,
//!   `reply_to`) all have exactly `len()` entries; `accounts` columns have one entry per
//!   interned account id;
//! - times are milliseconds since the Unix epoch, UTC.
//!
//! Text is stored once, in one arena; list fields are CSR (`offsets` plus `values`), so a post
//! costs about the size of its text plus a few dozen bytes.

mod canonical;
mod intern;

pub use canonical::canonical;
pub use intern::{Interner, spread};

/// Sentinel for "no value" in `u32` columns (`lang`, `reshare_of`, `reply_to`).
pub const NONE: u32 = u32::MAX;

/// A dense account id (index into `Corpus::account_ids` and the `Accounts` columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub u32);

/// A dense post id (row index in the post columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PostId(pub u32);

/// Text of all posts in one arena, addressed by row.
///
/// The arena holds texts in the order they were pushed; `reordered` gives the rows a new
/// order through a table of arena rows instead of copying the texts (the canonical order
/// would otherwise copy every byte of text once more: 2.5 GB and 4 s at 10M posts).
#[derive(Debug, Default, Clone)]
pub struct TextColumn {
    data: String,
    ends: Vec<u64>,
    /// Row `i`'s text is arena row `rows[i]`; `None`: row `i` is arena row `i`.
    rows: Option<Vec<u32>>,
}

impl TextColumn {
    /// An empty column with room for `rows` rows of `bytes` bytes in all.
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        Self {
            data: String::with_capacity(bytes),
            ends: Vec::with_capacity(rows),
            rows: None,
        }
    }

    /// Appends the text of the next row.
    pub fn push(&mut self, s: &str) {
        self.data.push_str(s);
        self.ends.push(self.data.len() as u64);
        if let Some(rows) = &mut self.rows {
            rows.push((self.ends.len() - 1) as u32);
        }
    }

    /// The text of row `i`.
    pub fn get(&self, i: usize) -> &str {
        let i = self.rows.as_ref().map_or(i, |r| r[i] as usize);
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.data[start..self.ends[i] as usize]
    }

    /// The same texts with row `i` holding the text of row `order[i]` (`order` indexes this
    /// column's rows). The texts are not copied.
    pub fn reordered(self, order: &[u32]) -> Self {
        let rows = match &self.rows {
            Some(r) => order.iter().map(|&o| r[o as usize]).collect(),
            None => order.to_vec(),
        };
        Self {
            data: self.data,
            ends: self.ends,
            rows: Some(rows),
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.ends.len(), Vec::len)
    }

    /// Whether the column has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total bytes of text.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    fn heap_bytes(&self) -> usize {
        self.data.capacity()
            + self.ends.capacity() * 8
            + self.rows.as_ref().map_or(0, |r| r.capacity() * 4)
    }
}

/// A list-valued column in CSR form: the values of row `i` are `values[offsets[i]..offsets[i+1]]`.
#[derive(Debug, Clone)]
pub struct ListColumn {
    offsets: Vec<u32>,
    values: Vec<u32>,
}

impl Default for ListColumn {
    fn default() -> Self {
        Self {
            offsets: vec![0],
            values: Vec::new(),
        }
    }
}

impl ListColumn {
    /// An empty column with room for `rows` rows and `values` values.
    pub fn with_capacity(rows: usize, values: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        Self {
            offsets,
            values: Vec::with_capacity(values),
        }
    }

    /// Appends the next row from interned values. Fails when the column would pass 2^32 values.
    pub fn push(&mut self, row: impl IntoIterator<Item = u32>) -> Result<(), ColumnFull> {
        self.values.extend(row);
        let end = u32::try_from(self.values.len()).map_err(|_| ColumnFull)?;
        self.offsets.push(end);
        Ok(())
    }

    /// The values of row `i`.
    pub fn get(&self, i: usize) -> &[u32] {
        &self.values[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// All values, in row order.
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.offsets.len() - 1
    }

    fn heap_bytes(&self) -> usize {
        (self.offsets.capacity() + self.values.capacity()) * 4
    }
}

impl ListColumn {
    /// Puts the values of row `r` in the order of their strings in `values` (distinct ids
    /// of one interner have distinct strings, so the order is total).
    pub fn sort_row(&mut self, r: usize, values: &Interner) {
        if let (Some(&s), Some(&e)) = (self.offsets.get(r), self.offsets.get(r + 1)) {
            if let Some(row) = self.values.get_mut(s as usize..e as usize) {
                row.sort_unstable_by(|&a, &b| values.resolve(a).cmp(values.resolve(b)));
            }
        }
    }

    /// Adds `extra` values (`(row, value)`, any order) to their rows, skipping values a row
    /// already holds. Rebuilds the column in one pass.
    ///
    /// Complexity: O(n log n) for the sort of the `n` extras, then linear: each row's
    /// original values are looked up in a hash set when the row is long, never rescanned per
    /// extra (one post repeated on a million rows took 153 s when they were).
    pub fn merge_extras(&mut self, extra: &mut Vec<(u32, u32)>) -> Result<(), ColumnFull> {
        if extra.is_empty() {
            return Ok(());
        }
        extra.sort_unstable();
        extra.dedup();
        let rows = self.rows();
        let mut offsets = Vec::with_capacity(rows + 1);
        let mut values = Vec::with_capacity(self.values.len() + extra.len());
        offsets.push(0u32);
        let mut rest = &extra[..];
        for r in 0..rows {
            let original = self.get(r);
            values.extend_from_slice(original);
            let n = rest.iter().take_while(|e| e.0 as usize == r).count();
            let (mine, tail) = rest.split_at(n);
            rest = tail;
            if !mine.is_empty() {
                let long: Option<std::collections::HashSet<u32>> =
                    (original.len() > 16).then(|| original.iter().copied().collect());
                for &(_, v) in mine {
                    let held = match &long {
                        Some(set) => set.contains(&v),
                        None => original.contains(&v),
                    };
                    if !held {
                        values.push(v);
                    }
                }
            }
            offsets.push(u32::try_from(values.len()).map_err(|_| ColumnFull)?);
        }
        self.offsets = offsets;
        self.values = values;
        extra.clear();
        Ok(())
    }
}

/// A list column passed 2^32 values.
#[derive(Debug, Clone, Copy)]
pub struct ColumnFull;

/// Profile data per account, one entry per interned account id; `None` where unknown.
#[derive(Debug, Default, Clone)]
pub struct Accounts {
    /// Whether the accounts file described this account.
    pub has_profile: Vec<bool>,
    pub handle: Vec<Option<Box<str>>>,
    pub display_name: Vec<Option<Box<str>>>,
    /// Creation time, ms since the epoch, UTC.
    pub created_at: Vec<Option<i64>>,
    pub followers: Vec<Option<u64>>,
    pub following: Vec<Option<u64>>,
    pub bio: Vec<Option<Box<str>>>,
    pub has_default_avatar: Vec<Option<bool>>,
    pub verified: Vec<Option<bool>>,
    pub posts_total: Vec<Option<u64>>,
}

impl Accounts {
    /// Grows every column to `n` entries.
    pub fn resize(&mut self, n: usize) {
        self.has_profile.resize(n, false);
        self.handle.resize(n, None);
        self.display_name.resize(n, None);
        self.created_at.resize(n, None);
        self.followers.resize(n, None);
        self.following.resize(n, None);
        self.bio.resize(n, None);
        self.has_default_avatar.resize(n, None);
        self.verified.resize(n, None);
        self.posts_total.resize(n, None);
    }

    /// Number of accounts with a profile record.
    pub fn profiles(&self) -> usize {
        self.has_profile.iter().filter(|&&b| b).count()
    }
}

/// The whole dataset, columnar. Row `i` of every post column is post `PostId(i)`.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    /// Account id strings; also the index space of `accounts`.
    pub account_ids: Interner,
    /// Post id strings; the post with `PostId(i)` has id string `post_ids.resolve(i)`.
    pub post_ids: Interner,
    pub account: Vec<AccountId>,
    /// Milliseconds since the Unix epoch, UTC.
    pub time: Vec<i64>,
    pub text: TextColumn,
    /// Interned language code per post, or `NONE`.
    pub lang: Vec<u32>,
    pub langs: Interner,
    pub urls: ListColumn,
    pub url_values: Interner,
    pub hashtags: ListColumn,
    pub hashtag_values: Interner,
    pub mentions: ListColumn,
    pub mention_values: Interner,
    pub media: ListColumn,
    pub media_values: Interner,
    /// Interned id of the post reshared, or `NONE`; resolved in `targets`.
    pub reshare_of: Vec<u32>,
    /// Interned id of the post replied to, or `NONE`; resolved in `targets`.
    pub reply_to: Vec<u32>,
    /// Post ids named by `reshare_of` and `reply_to` (they may lie outside the corpus).
    pub targets: Interner,
    pub accounts: Accounts,
    /// List values of rows that repeat an earlier post (long-format exports), merged by
    /// `apply_pending` once reading ends: `(field, row, value)` with field 0..4 = urls,
    /// hashtags, mentions, media.
    pub pending: Vec<(u8, u32, u32)>,
    /// The same values, for membership tests while reading.
    pub pending_set: std::collections::HashSet<(u8, u32, u32)>,
    /// Texts of posts whose first row had none, from a later row of the same post
    /// (long-format exports that write the text on one row only), set by `apply_pending`.
    pub pending_text: std::collections::HashMap<u32, String>,
    /// Rows of posts that a later row added to (merged): `apply_pending` puts their list
    /// values in string order, so the post does not depend on which row came first.
    pub repeated: std::collections::HashSet<u32>,
}

impl Corpus {
    /// Merges the pending texts and list values into their posts.
    pub fn apply_pending(&mut self) -> Result<(), ColumnFull> {
        if !self.pending_text.is_empty() {
            let fills = std::mem::take(&mut self.pending_text);
            let old = std::mem::take(&mut self.text);
            let extra: usize = fills.values().map(String::len).sum();
            let mut text = TextColumn::with_capacity(self.len(), old.bytes() + extra);
            for i in 0..self.len() {
                match u32::try_from(i).ok().and_then(|r| fills.get(&r)) {
                    Some(t) => text.push(t),
                    None => text.push(old.get(i)),
                }
            }
            self.text = text;
        }
        let repeated = std::mem::take(&mut self.repeated);
        if self.pending.is_empty() {
            self.sort_lists(&repeated);
            return Ok(());
        }
        let mut by: [Vec<(u32, u32)>; 4] = Default::default();
        for &(f, r, v) in &self.pending {
            by[f as usize].push((r, v));
        }
        self.pending = Vec::new();
        self.pending_set = Default::default();
        let [u, h, m, d] = &mut by;
        self.urls.merge_extras(u)?;
        self.hashtags.merge_extras(h)?;
        self.mentions.merge_extras(m)?;
        self.media.merge_extras(d)?;
        self.sort_lists(&repeated);
        Ok(())
    }

    /// Puts the list values of `rows` in string order.
    fn sort_lists(&mut self, rows: &std::collections::HashSet<u32>) {
        for &r in rows {
            let r = r as usize;
            self.urls.sort_row(r, &self.url_values);
            self.hashtags.sort_row(r, &self.hashtag_values);
            self.mentions.sort_row(r, &self.mention_values);
            self.media.sort_row(r, &self.media_values);
        }
    }

    /// Number of posts.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether the corpus holds no post.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// The account id string of `a`.
    pub fn account_name(&self, a: AccountId) -> &str {
        self.account_ids.resolve(a.0)
    }

    /// Interns an account id string, growing the account columns when it is new.
    pub fn intern_account(&mut self, s: &str) -> AccountId {
        let (id, new) = self.account_ids.intern(s);
        if new {
            self.accounts.resize(self.account_ids.len());
        }
        AccountId(id)
    }

    /// First and last post time, if any post.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let min = self.time.iter().copied().min()?;
        let max = self.time.iter().copied().max()?;
        Some((min, max))
    }

    /// The clock's resolution, ms: the coarsest of a second, a minute, an hour and a day that
    /// 99% of post times are whole multiples of (exports that round times, or keep dates
    /// only); 1 ms when none, or when there are fewer than 100 posts to tell.
    pub fn clock_resolution_ms(&self) -> i64 {
        if self.time.len() < 100 {
            return 1;
        }
        [86_400_000, 3_600_000, 60_000, 1_000]
            .into_iter()
            .find(|&unit| {
                let whole = self
                    .time
                    .iter()
                    .filter(|&&t| t.rem_euclid(unit) == 0)
                    .count();
                100 * whole >= 99 * self.time.len()
            })
            .unwrap_or(1)
    }

    /// An estimate of the heap bytes held, for `-v` memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.account_ids.heap_bytes()
            + self.post_ids.heap_bytes()
            + self.account.capacity() * 4
            + self.time.capacity() * 8
            + self.text.heap_bytes()
            + self.lang.capacity() * 4
            + self.urls.heap_bytes()
            + self.url_values.heap_bytes()
            + self.hashtags.heap_bytes()
            + self.hashtag_values.heap_bytes()
            + self.mentions.heap_bytes()
            + self.mention_values.heap_bytes()
            + self.media.heap_bytes()
            + self.media_values.heap_bytes()
            + (self.reshare_of.capacity() + self.reply_to.capacity()) * 4
            + self.targets.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_resolution_is_the_coarsest_unit_times_are_whole_in() {
        let mut c = Corpus::default();
        let at = |c: &mut Corpus, times: Vec<i64>| c.time = times;
        // Seconds with milliseconds: 1 ms.
        at(
            &mut c,
            (0..200).map(|i| 1_700_000_000_123 + i * 1_001).collect(),
        );
        assert_eq!(c.clock_resolution_ms(), 1);
        // Whole seconds, whole minutes, whole hours, dates only.
        for unit in [1_000, 60_000, 3_600_000, 86_400_000i64] {
            at(
                &mut c,
                (0..200)
                    .map(|i| 19_000 * 86_400_000 + i * unit * 7)
                    .collect(),
            );
            assert_eq!(c.clock_resolution_ms(), unit);
        }
        // 1% of posts off the minute still reads as minutes; more does not.
        let mut t: Vec<i64> = (0..200).map(|i| i * 60_000).collect();
        t[0] += 1_000;
        t[1] += 1_000;
        at(&mut c, t.clone());
        assert_eq!(c.clock_resolution_ms(), 60_000);
        t[2] += 1_000;
        at(&mut c, t);
        assert_eq!(c.clock_resolution_ms(), 1_000);
        // Too few posts to tell.
        at(&mut c, vec![0, 60_000]);
        assert_eq!(c.clock_resolution_ms(), 1);
    }

    #[test]
    fn list_column_rows() {
        let mut c = ListColumn::default();
        c.push([1, 2]).unwrap();
        c.push([]).unwrap();
        c.push([7]).unwrap();
        assert_eq!(c.rows(), 3);
        assert_eq!(c.get(0), &[1, 2]);
        assert!(c.get(1).is_empty());
        assert_eq!(c.get(2), &[7]);
    }

    #[test]
    fn merge_extras_into_rows() {
        let mut c = ListColumn::default();
        c.push([1]).unwrap();
        c.push([]).unwrap();
        c.push([5]).unwrap();
        let mut extra = vec![(2, 6), (0, 1), (0, 2), (1, 9)];
        c.merge_extras(&mut extra).unwrap();
        assert_eq!(c.get(0), &[1, 2]);
        assert_eq!(c.get(1), &[9]);
        assert_eq!(c.get(2), &[5, 6]);
    }

    #[test]
    fn text_column_rows() {
        let mut t = TextColumn::default();
        t.push("héllo");
        t.push("");
        t.push("🎉");
        assert_eq!(t.get(0), "héllo");
        assert_eq!(t.get(1), "");
        assert_eq!(t.get(2), "🎉");
    }

    #[test]
    fn reordered_text_rows_follow_the_order_and_compose() {
        let mut t = TextColumn::default();
        for s in ["a", "bb", "", "dddd"] {
            t.push(s);
        }
        let t = t.reordered(&[3, 0, 2, 1]);
        assert_eq!(
            (t.get(0), t.get(1), t.get(2), t.get(3)),
            ("dddd", "a", "", "bb")
        );
        let mut t = t.reordered(&[1, 0, 3, 2]);
        assert_eq!(
            (t.get(0), t.get(1), t.get(2), t.get(3)),
            ("a", "dddd", "bb", "")
        );
        t.push("e");
        assert_eq!(t.get(4), "e");
    }
}
