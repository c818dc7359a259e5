//! String interning: each distinct string gets a dense `u32` id in first-seen order.
//!
//! Strings are stored once, in one arena (`String` plus end offsets); the hash table holds
//! only ids and looks the bytes up in the arena. Ids therefore depend only on the order in
//! which strings are offered, never on the hasher, so output built from them is deterministic
//! while the hasher itself is randomly seeded (hostile input cannot aim for collisions).

use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use hashbrown::HashTable;

/// Interns strings to dense `u32` ids and resolves ids back to strings.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    arena: String,
    /// `ends[i]` is the end offset of string `i` in `arena`; its start is `ends[i - 1]`.
    ends: Vec<u64>,
    table: HashTable<u32>,
    hasher: RandomState,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of distinct strings interned.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no string has been interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of `s`, interning it if it is new. Returns `(id, was_new)`.
    ///
    /// # Panics
    /// Only past `u32::MAX` distinct strings, which the ingest stage refuses earlier.
    pub fn intern(&mut self, s: &str) -> (u32, bool) {
        let hash = self.hasher.hash_one(s);
        let Self {
            arena, ends, table, ..
        } = self;
        if let Some(&id) = table.find(hash, |&id| resolve(arena, ends, id) == s) {
            return (id, false);
        }
        let id = u32::try_from(ends.len()).expect("invariant: fewer than 2^32 distinct strings");
        arena.push_str(s);
        ends.push(arena.len() as u64);
        let hasher = &self.hasher;
        table.insert_unique(hash, id, |&other| {
            hasher.hash_one(resolve(arena, ends, other))
        });
        (id, true)
    }

    /// The id of `s` if it was interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(s);
        self.table.find(hash, |&id| self.resolve(id) == s).copied()
    }

    /// The string behind `id`.
    ///
    /// # Panics
    /// If `id` was not returned by this interner.
    pub fn resolve(&self, id: u32) -> &str {
        resolve(&self.arena, &self.ends, id)
    }

    /// Iterates over `(id, string)` in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        (0..self.ends.len() as u32).map(move |id| (id, self.resolve(id)))
    }

    /// Bytes held by the arena and tables (an estimate, for `-v` memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity() + self.ends.capacity() * 8 + self.table.capacity() * 5
    }
}

fn resolve<'a>(arena: &'a str, ends: &[u64], id: u32) -> &'a str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &arena[start..ends[i] as usize]
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
}
