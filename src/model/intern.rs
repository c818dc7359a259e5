//! String interning: each distinct string gets a dense `u32` id in first-seen order.
//!
//! Strings are stored once, in one arena (`String` plus end offsets); the hash table holds
//! each id with 32 bits of its string's hash, so a probe compares bytes only when the hashes
//! agree and growing the table never rereads the arena. Ids depend only on the order in which
//! strings are offered, never on the hasher, so output built from them is deterministic while
//! the hasher itself is randomly seeded per process (hostile input cannot aim for collisions).
//!
//! The hash of a string (`Interner::hash`) is the same for every interner of the process, so
//! it can be computed on other threads ahead of a sequential `intern_hashed`: parallel
//! readers and the feature stage hash in parallel and keep only the table probe sequential.
//!
//! The strings are a `TextColumn` (row = id), so `renumbered` gives them new ids without
//! copying or rehashing them: the column is reordered by its table of arena rows, and the
//! hash table's ids are rewritten in place (the canonical order renumbers every post id this
//! way; rebuilding took 2 s at 10M posts).

use std::hash::BuildHasher;
use std::sync::LazyLock;

use foldhash::fast::RandomState;
use hashbrown::HashTable;

use super::TextColumn;

/// One hasher, randomly seeded once per process, shared by every interner.
static HASHER: LazyLock<RandomState> = LazyLock::new(RandomState::default);

/// Spreads a 32-bit hash (`Interner::hash`) over 64 bits for a hash table (bucket from the
/// low bits, tag from the high ones); bijective, so equal table hashes mean equal stored
/// hashes. Other tables keyed by the same hashes use it too.
pub fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Interns strings to dense `u32` ids and resolves ids back to strings.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    /// String `id` is row `id`.
    strings: TextColumn,
    /// `(id, hash)` of every string.
    table: HashTable<(u32, u32)>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty interner with room for `n` strings of `bytes` bytes in all.
    pub fn with_capacity(n: usize, bytes: usize) -> Self {
        Self {
            strings: TextColumn::with_capacity(n, bytes),
            table: HashTable::with_capacity(n),
        }
    }

    /// The hash `intern_hashed` and `get_hashed` expect for `s` (the same in every interner
    /// of this process; never use it for output order).
    pub fn hash(s: &str) -> u32 {
        (HASHER.hash_one(s) >> 32) as u32
    }

    /// The number of distinct strings interned.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether no string has been interned.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of `s`, interning it if it is new. Returns `(id, was_new)`.
    ///
    /// # Panics
    /// Only past `u32::MAX` distinct strings, which the ingest stage refuses earlier.
    pub fn intern(&mut self, s: &str) -> (u32, bool) {
        self.intern_hashed(s, Self::hash(s))
    }

    /// `intern` with `h = Interner::hash(s)` computed by the caller.
    ///
    /// # Panics
    /// As `intern`.
    pub fn intern_hashed(&mut self, s: &str, h: u32) -> (u32, bool) {
        debug_assert_eq!(h, Self::hash(s));
        let Self { strings, table } = self;
        if let Some(&(id, _)) = table.find(spread(h), |&(id, oh)| {
            oh == h && strings.get(id as usize) == s
        }) {
            return (id, false);
        }
        (self.push_unique(s, h), true)
    }

    /// Appends `s`, known to be absent, as the next id (`h = Interner::hash(s)`), without
    /// probing: for rebuilding an interner from distinct strings.
    ///
    /// # Panics
    /// As `intern`.
    pub fn push_unique(&mut self, s: &str, h: u32) -> u32 {
        debug_assert!(self.get_hashed(s, h).is_none());
        // Ids are u32 by design (every column holds them); 2^32 distinct strings would take
        // 32 GiB of string ends alone before this line is reached.
        #[allow(clippy::expect_used)]
        let id = u32::try_from(self.len()).expect("invariant: fewer than 2^32 distinct strings");
        self.strings.push(s);
        self.table
            .insert_unique(spread(h), (id, h), |&(_, oh)| spread(oh));
        id
    }

    /// The strings `old[0], old[1], ...` as ids 0, 1, ... (`old` holds distinct ids of this
    /// interner; the others are dropped), without copying a string or hashing one again.
    ///
    /// Complexity: O(len + table capacity), the table's ids rewritten in place.
    pub fn renumbered(mut self, old: &[u32]) -> Interner {
        let mut new_of = vec![u32::MAX; self.len()];
        for (new, &o) in old.iter().enumerate() {
            debug_assert_eq!(new_of[o as usize], u32::MAX, "id {o} listed twice");
            new_of[o as usize] = new as u32;
        }
        self.table.retain(|(id, _)| {
            *id = new_of[*id as usize];
            *id != u32::MAX
        });
        self.strings = self.strings.reordered(old);
        self
    }

    /// The id of `s` if it was interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.get_hashed(s, Self::hash(s))
    }

    /// `get` with `h = Interner::hash(s)` computed by the caller.
    pub fn get_hashed(&self, s: &str, h: u32) -> Option<u32> {
        self.table
            .find(spread(h), |&(id, oh)| oh == h && self.resolve(id) == s)
            .map(|&(id, _)| id)
    }

    /// The string behind `id`.
    ///
    /// # Panics
    /// If `id` was not returned by this interner.
    pub fn resolve(&self, id: u32) -> &str {
        self.strings.get(id as usize)
    }

    /// Iterates over `(id, string)` in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        (0..self.len() as u32).map(move |id| (id, self.resolve(id)))
    }

    /// Bytes held by the strings and the table (an estimate, for `-v` memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.strings.heap_bytes() + self.table.capacity() * 9
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dense_and_first_seen() {
        let mut i = Interner::new();
        assert_eq!(i.intern("b"), (0, true));
        assert_eq!(i.intern("a"), (1, true));
        assert_eq!(i.intern("b"), (0, false));
        assert_eq!(i.intern(""), (2, true));
        assert_eq!(i.len(), 3);
        assert_eq!(i.resolve(1), "a");
        assert_eq!(i.resolve(2), "");
        assert_eq!(i.get("a"), Some(1));
        assert_eq!(i.get("zz"), None);
    }

    #[test]
    fn round_trip_many_with_unicode() {
        let mut i = Interner::new();
        let words: Vec<String> = (0..5000).map(|n| format!("été-{n}-🎉")).collect();
        for w in &words {
            i.intern(w);
        }
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.get(w), Some(n as u32));
            assert_eq!(i.resolve(n as u32), w);
        }
        let collected: Vec<_> = i.iter().map(|(_, s)| s.to_string()).collect();
        assert_eq!(collected, words);
    }

    #[test]
    fn renumbered_keeps_the_strings_given_in_their_new_order() {
        let mut i = Interner::new();
        for w in ["a", "b", "c", "d"] {
            i.intern(w);
        }
        // "c" first, then "a", then "d"; "b" dropped.
        let mut r = i.renumbered(&[2, 0, 3]);
        assert_eq!(r.len(), 3);
        let all: Vec<_> = r.iter().map(|(id, s)| (id, s.to_string())).collect();
        assert_eq!(all, [(0, "c".into()), (1, "a".into()), (2, "d".into())]);
        assert_eq!(
            (r.get("c"), r.get("a"), r.get("d"), r.get("b")),
            (Some(0), Some(1), Some(2), None)
        );
        // New strings follow, old ones are found, and a second renumbering composes.
        assert_eq!(r.intern("b"), (3, true));
        assert_eq!(r.intern("a"), (1, false));
        let r = r.renumbered(&[3, 1]);
        assert_eq!(r.iter().map(|(_, s)| s).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(
            (r.get("b"), r.get("a"), r.get("c")),
            (Some(0), Some(1), None)
        );
    }
}
