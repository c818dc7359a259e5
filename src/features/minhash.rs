//! Near-duplicate grouping of texts by MinHash over character shingles with LSH banding.
//!
//! # Arguments
//! Distinct normalised texts (each carrying evidence).
//!
//! # Returns
//! For each text, its group: the smallest index of the texts it is joined to (itself when it
//! has no near-duplicate).
//!
//! # Method
//! Each text becomes the set of its character 5-grams (spaces included, so word order and
//! word boundaries both count; texts shorter than 5 characters are one shingle). A signature
//! is a one-permutation MinHash repeated in six groups of eight bins: each shingle is hashed
//! once, six cheap mixes of that hash each pick a bin of their group and compete for its
//! minimum, and empty bins are filled by optimal densification (16 bits kept per bin). LSH
//! splits it into `BANDS` bands of `ROWS` rows; texts sharing a band are candidates, so a pair
//! with Jaccard similarity J becomes a candidate with probability 1 - (1 - J^2)^24 (0.99998 at
//! J = 0.6, 0.62 at J = 0.2). A candidate is joined only when its estimated similarity (the
//! share of equal signature rows) reaches the threshold (0.5 by default). Paraphrases by word
//! swaps, emoji, punctuation, hashtag order or a changed name keep most 5-grams; different
//! texts on one topic share few.
//!
//! Never all pairs: within a band, each text is compared with the first and the previous text
//! (in text order) that had its key, so a bucket that a million texts fall into costs two
//! comparisons per text, not a million. A band's texts are found by a radix sort of (exact
//! band key, text index); bands run in parallel in rounds, and a round skips the comparisons
//! of texts the rounds before already grouped.
//!
//! # Complexity
//! Time O(C·6 + n·PERMS) for n texts with C characters in all (one hash and six mixes per
//! shingle, then three radix passes per band); memory O(n·(2·PERMS + 44)) bytes (signature,
//! shingle count, a 32-byte brief, label and union-find parent) plus 16n per band of a round.
//!
//! # Reference
//! Broder, "On the resemblance and containment of documents" (1997); Leskovec, Rajaraman &
//! Ullman, *Mining of Massive Datasets*, ch. 3; Li, Owen & Zhang, "One permutation hashing"
//! (NIPS 2012); Shrivastava, "Optimal densification for fast and accurate minwise hashing"
//! (ICML 2017).

use rayon::prelude::*;

/// Signature length.
pub const PERMS: usize = 48;
/// LSH bands.
pub const BANDS: usize = 24;
/// Rows per band.
pub const ROWS: usize = PERMS / BANDS;
/// Shingle length in characters.
pub const SHINGLE: usize = 5;

type Sig = [u16; PERMS];

/// One-permutation hashing is repeated in `GROUPS` independent groups of `GROUP_BINS` bins:
/// a short text (20-40 shingles) would leave most of 48 bins of a single permutation empty,
/// and bins filled by densification are copies, not samples, so the similarity estimate of
/// short texts got noisy enough to join unrelated posts (validation precision fell from 1.00
/// to 0.70 with one group of 48). Six groups of 8 keep almost every bin a real sample.
const GROUPS: usize = 6;
/// Bins per group (a power of two: the bin is the hash's top bits).
const GROUP_BINS: usize = PERMS / GROUPS;
const _: () = assert!(
    GROUPS * GROUP_BINS == PERMS && GROUP_BINS.is_power_of_two() && PERMS <= u64::BITS as usize
);

/// Random probes per empty bin before densification falls back to a scan.
const MAX_PROBES: u64 = 64;

/// MinHash signature of `text` by one-permutation hashing in groups, and its shingle count.
///
/// Each shingle is hashed once; `GROUPS` mixes of that hash each pick one bin of their group
/// (top bits) and compete for its minimum (low bits). Bins no shingle fell into are filled by
/// optimal densification within their group: bin `i` probes bins `probe(i, 1), probe(i, 2),
/// ...` (a fixed sequence per bin) and copies the first non-empty one, so equal shingle sets
/// give equal signatures and the share of equal rows still estimates Jaccard similarity.
///
/// Complexity: O(C·GROUPS) cheap mixes for C characters (against `PERMS` permutations per
/// shingle before), plus O(PERMS) expected probes; no allocation.
fn signature(text: &str) -> (Sig, u32) {
    let mut bins = Bins::default();
    // The ASCII windows of `for_each_shingle` walked here, so that the per-shingle work
    // inlines into the loop.
    let shingles = if text.is_ascii() && text.len() > SHINGLE {
        for w in text.as_bytes().windows(SHINGLE) {
            bins.add(w);
        }
        (text.len() - SHINGLE + 1) as u32
    } else {
        for_each_shingle(text, &mut |s| bins.add(s))
    };
    let mut sig = [0u16; PERMS];
    if bins.all_filled() {
        // No bin to densify (almost every text of more than a few dozen shingles): each row
        // is its own bin's minimum, a loop the compiler vectorises.
        for (s, &m) in sig.iter_mut().zip(bins.mins.iter().flatten()) {
            *s = (m >> 16) as u16;
        }
        return (sig, shingles);
    }
    let filled = bins.filled();
    let mins = bins.mins;
    for (i, s) in sig.iter_mut().enumerate() {
        let j = donor(i, filled);
        *s = (mins[j / GROUP_BINS][j % GROUP_BINS] >> 16) as u16;
    }
    (sig, shingles)
}

/// The bin whose minimum fills bin `i` (optimal densification): `i` itself when filled (a
/// bit of `filled`), else the first filled bin of its group that `i`'s own probe sequence
/// hits, a bound on the probes and then a scan (every group has a filled bin).
fn donor(i: usize, filled: u64) -> usize {
    let base = i - i % GROUP_BINS;
    let mut j = i;
    let mut attempt = 0u64;
    while filled & (1u64 << j) == 0 {
        attempt += 1;
        j = if attempt <= MAX_PROBES {
            let r = super::mix64(((i as u64) << 32) | attempt);
            base + (r >> Bins::SHIFT) as usize
        } else {
            base + (j - base + 1) % GROUP_BINS
        };
    }
    j
}

/// The bins of one signature while its shingles are fed: per group, its bins' minima, each a
/// mix's low 32 bits held in a `u64` that starts at `u64::MAX`, so a bin no shingle fell into
/// is the one still above `u32::MAX` (no separate mask of filled bins to keep per shingle).
struct Bins {
    mins: [[u64; GROUP_BINS]; GROUPS],
}

impl Default for Bins {
    fn default() -> Self {
        Self {
            mins: [[u64::MAX; GROUP_BINS]; GROUPS],
        }
    }
}

impl Bins {
    /// A mix's top bits pick its bin within the group.
    const SHIFT: u32 = 64 - GROUP_BINS.trailing_zeros();

    /// Feeds one shingle: one hash, then one mix a group. The bin index is masked to the
    /// group, so no bounds check is left in the loop.
    #[inline(always)]
    fn add(&mut self, shingle: &[u8]) {
        let h = super::hash64(shingle);
        for (seed, group) in GROUP_SEEDS.iter().zip(self.mins.iter_mut()) {
            let x = super::mix64(h ^ seed);
            let b = (x >> Self::SHIFT) as usize & (GROUP_BINS - 1);
            group[b] = group[b].min(u64::from(x as u32));
        }
    }

    /// Whether a shingle fell into every bin (no minimum above `u32::MAX`).
    fn all_filled(&self) -> bool {
        self.mins
            .iter()
            .flatten()
            .fold(0, |high, &m| high | (m >> 32))
            == 0
    }

    /// Which bins a shingle fell into, one bit a bin (bit `g * GROUP_BINS + b`).
    fn filled(&self) -> u64 {
        let mut filled = 0u64;
        for (k, &m) in self.mins.iter().flatten().enumerate() {
            filled |= u64::from(m <= u64::from(u32::MAX)) << k;
        }
        filled
    }
}

/// Calls `feed` with the bytes of every shingle of `text` (its character `SHINGLE`-grams, or
/// the whole text when it is shorter) and returns how many there were.
///
/// ASCII text (one byte a character) takes its byte windows: the same byte slices, in the same
/// order, as the character walk of `for_each_shingle_chars`, without decoding.
fn for_each_shingle(text: &str, feed: &mut impl FnMut(&[u8])) -> u32 {
    if !text.is_ascii() {
        return for_each_shingle_chars(text, feed);
    }
    let bytes = text.as_bytes();
    if bytes.len() <= SHINGLE {
        feed(bytes);
        return 1;
    }
    for w in bytes.windows(SHINGLE) {
        feed(w);
    }
    (bytes.len() - SHINGLE + 1) as u32
}

/// `for_each_shingle` for any text, by characters.
fn for_each_shingle_chars(text: &str, feed: &mut impl FnMut(&[u8])) -> u32 {
    let bytes = text.as_bytes();
    // Start offsets of the last SHINGLE + 1 characters, as a ring: no per-text allocation.
    let mut ring = [0usize; SHINGLE + 1];
    let mut chars = 0usize;
    for (i, _) in text.char_indices() {
        ring[chars % (SHINGLE + 1)] = i;
        chars += 1;
        if chars > SHINGLE {
            let start = ring[(chars - SHINGLE - 1) % (SHINGLE + 1)];
            feed(&bytes[start..i]);
        }
    }
    if chars <= SHINGLE {
        feed(bytes);
        1
    } else {
        let start = ring[(chars - SHINGLE) % (SHINGLE + 1)];
        feed(&bytes[start..]);
        (chars - SHINGLE + 1) as u32
    }
}

/// Seeds of the per-group mixes (SplitMix64 steps from a fixed start).
const GROUP_SEEDS: [u64; GROUPS] = [
    0x9e37_79b9_7f4a_7c15,
    0x3c6e_f372_fe94_f82a,
    0xdaa6_6d2c_7ddf_743f,
    0x78dd_e6e5_fd29_f054,
    0x1715_609f_7c74_6c69,
    0xb54c_da59_fbbe_e87e,
];

/// Whether two texts are near-duplicates: estimated Jaccard similarity at `threshold`, or the
/// shorter text at least `CONTAINED` inside the longer one (with Jaccard at least
/// `MIN_JACCARD_CONTAINED`), which is how a claim reads when operators wrap it in a different
/// opener and closer each time.
fn similar(a: &(Sig, u32), b: &(Sig, u32), threshold: f64) -> bool {
    similar_by(equal_rows(&a.0, &b.0), a.1, b.1, threshold)
}

/// `similar` for texts of `na` and `nb` shingles whose signatures have `equal` equal rows.
/// Monotone in `equal`: true at some count stays true at every larger one (the estimate
/// `equal / PERMS` only rises, and so does the containment it implies), which is what lets
/// `may_be_similar` reject on an upper bound of `equal`.
fn similar_by(equal: u32, na: u32, nb: u32, threshold: f64) -> bool {
    let j = f64::from(equal) / PERMS as f64;
    if j >= threshold {
        return true;
    }
    if j < MIN_JACCARD_CONTAINED {
        return false;
    }
    let (na, nb) = (f64::from(na), f64::from(nb));
    let common = j * (na + nb) / (1.0 + j);
    common / na.min(nb) >= CONTAINED
}

/// Share of the shorter text's shingles that must lie in the longer one.
pub const CONTAINED: f64 = 0.8;
/// Least Jaccard similarity for the containment rule (keeps a short slogan inside a long
/// unrelated post from joining it).
pub const MIN_JACCARD_CONTAINED: f64 = 0.3;

/// Equal rows of two signatures (`equal / PERMS` estimates their Jaccard similarity).
fn equal_rows(a: &Sig, b: &Sig) -> u32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as u32
}

/// Groups near-duplicate texts; see the module documentation.
pub fn group(texts: &[&str], threshold: f64) -> Vec<u32> {
    let (sigs, briefs): (Vec<(Sig, u32)>, Vec<Brief>) = texts
        .par_iter()
        .map(|t| {
            let sig = signature(t);
            let b = brief(&sig);
            (sig, b)
        })
        .unzip();
    // Bands run in rounds of one band a thread; each band of a round is scanned on its own
    // thread, in key order, and yields the pairs it joins; the unions then run in band order
    // and the labels are refreshed, so a later round skips the comparisons of texts already
    // in one group (and a round's buffers are freed before the next one's are taken). The
    // labels do not depend on the round size: a skipped comparison could only have joined two
    // texts already joined, and the union-find's labels (smallest member) do not depend on
    // the order of unions.
    let mut uf = UnionFind::new(texts.len());
    let mut labels = Vec::new();
    uf.labels_into(&mut labels);
    let round = rayon::current_num_threads().clamp(1, BANDS);
    let mut start = 0;
    while start < BANDS {
        let end = (start + round).min(BANDS);
        let joins: Vec<Vec<(u32, u32)>> = (start..end)
            .into_par_iter()
            .map(|band| band_joins(&sigs, &briefs, band, threshold, &labels))
            .collect();
        for (i, j) in joins.into_iter().flatten() {
            uf.union(i as usize, j as usize);
        }
        uf.labels_into(&mut labels);
        start = end;
    }
    labels
}

/// The exact key of a text in one band: its `ROWS` (two) 16-bit rows side by side.
fn band_key(sig: &Sig, band: usize) -> u32 {
    const _: () = assert!(ROWS == 2);
    (u32::from(sig[band * ROWS]) << 16) | u32::from(sig[band * ROWS + 1])
}

/// Sorts `v` by its high 32 bits (the band key), stably: entries of one key keep their order
/// (their low 32 bits, the text index, when `v` was built in text order). Least significant
/// digit first, three passes of 11 bits through `tmp` (resized to `v`'s length): 2,048
/// buckets a pass keep every bucket's write position in cache, where 65,536 did not; a pass
/// whose digit is the same for every entry is skipped.
///
/// Complexity: O(n + 2^11) time, n extra entries of memory.
fn radix_sort_high32(v: &mut Vec<u64>, tmp: &mut Vec<u64>) {
    const DIGIT: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT;
    const PASSES: usize = 32usize.div_ceil(DIGIT as usize);
    let mut counts = vec![[0usize; BUCKETS]; PASSES];
    for &x in v.iter() {
        let key = x >> 32;
        for (pass, count) in counts.iter_mut().enumerate() {
            count[((key >> (DIGIT * pass as u32)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    tmp.clear();
    tmp.resize(v.len(), 0);
    for (pass, count) in counts.iter_mut().enumerate() {
        if count.contains(&v.len()) {
            continue;
        }
        let shift = 32 + DIGIT * pass as u32;
        let mut sum = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = sum;
            sum += here;
        }
        for &x in v.iter() {
            let slot = &mut count[((x >> shift) as usize) & (BUCKETS - 1)];
            tmp[*slot] = x;
            *slot += 1;
        }
        std::mem::swap(v, tmp);
    }
}

/// The pairs one LSH band joins: each text against the first and the previous text (in text
/// order) with the same band key, skipping comparisons whose join would be a no-op because
/// `labels` (the groups of the rounds before) already put the texts together.
///
/// The texts are radix-sorted by (exact band key, text index), so each key's texts form a run
/// in text order: its first entry is every later one's first text, the entry before is its
/// previous text. A text alone with its key (most of them: keys are 32 bits) is never
/// compared, so each piece of the sorted array first keeps only the entries that share their
/// key with a neighbour. Which texts are first and previous depends only on the keys, never on
/// a comparison's outcome, and each decision depends only on `labels` and on the (pure)
/// similarity tests, so the runs are walked as they lie: the first text's brief and label
/// stay in registers for the whole run and the previous text's were read one step before,
/// leaving one brief and one label read per text, whose addresses come from the sorted array
/// (independent loads the processor overlaps). The pairs joined are the same in any order of
/// the walk, and the union-find's labels do not depend on the order of unions.
///
/// Complexity: O(n) time (radix passes) and at most 2n similarity checks for n texts;
/// O(n) memory.
fn band_joins(
    sigs: &[(Sig, u32)],
    briefs: &[Brief],
    band: usize,
    threshold: f64,
    labels: &[u32],
) -> Vec<(u32, u32)> {
    let mut sorted: Vec<u64> = sigs
        .iter()
        .enumerate()
        .map(|(i, s)| (u64::from(band_key(&s.0, band)) << 32) | i as u64)
        .collect();
    let mut tmp = Vec::new();
    radix_sort_high32(&mut sorted, &mut tmp);
    drop(tmp);
    let mut joins = Vec::new();
    // The current run's key, and its first and previous texts: (index, brief, label).
    let mut key = u64::MAX;
    let mut first = (0u32, Brief::default(), 0u32);
    let mut prev = first;
    let mut shared = vec![0u64; PIECE.min(sorted.len())];
    let mut gathered: Vec<(Brief, u32)> = Vec::with_capacity(PIECE.min(sorted.len()));
    for (n, piece) in sorted.chunks(PIECE).enumerate() {
        // The piece's entries whose key a neighbour (in the whole array) has too, kept
        // without a branch on the data.
        let start = n * PIECE;
        let mut kept = 0;
        for (k, &e) in piece.iter().enumerate() {
            let at = start + k;
            let before = at > 0 && sorted[at - 1] >> 32 == e >> 32;
            let after = sorted.get(at + 1).is_some_and(|&x| x >> 32 == e >> 32);
            shared[kept] = e;
            kept += usize::from(before | after);
        }
        // A branch-free gather in sorted order: the processor overlaps its cache misses,
        // which a walk that branches on every text's data cannot.
        gathered.clear();
        gathered.extend(shared[..kept].iter().map(|&e| {
            let i = e as u32 as usize;
            (briefs[i], labels[i])
        }));
        for (&e, &(bi, li)) in shared[..kept].iter().zip(&gathered) {
            let i = e as u32;
            if e >> 32 != key {
                key = e >> 32;
                first = (i, bi, li);
                prev = first;
                continue;
            }
            let (f, bf, lf) = first;
            let (p, bp, lp) = prev;
            // As without labels: join the first text when near, else the previous one when
            // near; a join of texts already in one group is left out, and so is a
            // comparison that could only lead to one.
            if li != lf || li != lp {
                if may_be_similar(&bi, &bf, threshold)
                    && similar(&sigs[i as usize], &sigs[f as usize], threshold)
                {
                    if li != lf {
                        joins.push((i, f));
                    }
                } else if p != f
                    && li != lp
                    && may_be_similar(&bi, &bp, threshold)
                    && similar(&sigs[i as usize], &sigs[p as usize], threshold)
                {
                    joins.push((i, p));
                }
            }
            prev = (i, bi, li);
        }
    }
    joins
}

/// Sorted entries of a band gathered at a time (their briefs and labels, 40 bytes each, then
/// stay in cache for the walk).
const PIECE: usize = 8192;

/// What the band walk reads of a text before its signature: the low four bits of every
/// signature row, packed, and the text's shingle count. 32 bytes a text, a third of the
/// signature, so the array of them mostly stays in cache while the signatures do not.
#[derive(Debug, Clone, Copy, Default)]
struct Brief {
    nibbles: [u64; PERMS / 16],
    shingles: u32,
}

fn brief(sig: &(Sig, u32)) -> Brief {
    let mut nibbles = [0u64; PERMS / 16];
    for (r, &v) in sig.0.iter().enumerate() {
        nibbles[r / 16] |= u64::from(v & 0xf) << (4 * (r % 16));
    }
    Brief {
        nibbles,
        shingles: sig.1,
    }
}

/// Whether two texts can be near-duplicates at all: rows that are equal have equal low bits,
/// so the equal nibbles are at least the equal rows, and `similar_by` (monotone in that
/// count) false on the nibbles means `similar` is false. Most candidates of a band are
/// unrelated texts that share one frequent shingle, or texts of one template that stay below
/// the threshold; this rejects them without reading their signatures.
fn may_be_similar(a: &Brief, b: &Brief, threshold: f64) -> bool {
    let mut equal = 0u32;
    for (x, y) in a.nibbles.iter().zip(&b.nibbles) {
        let d = x ^ y;
        let d = d | (d >> 1);
        let d = d | (d >> 2);
        equal += 16 - (d & 0x1111_1111_1111_1111).count_ones();
    }
    similar_by(equal, a.shingles, b.shingles, threshold)
}

/// Union-find with path halving; labels groups by their smallest member.
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let gp = self.parent[self.parent[x] as usize];
            self.parent[x] = gp;
            x = gp as usize;
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller root becomes the root, so the result does
    /// not depend on the order of unions.
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo as u32;
        }
    }

    /// Each element's group label: the smallest element of its set.
    pub fn min_labels(mut self) -> Vec<u32> {
        let mut out = Vec::new();
        self.labels_into(&mut out);
        out
    }

    /// Writes each element's group label (the smallest element of its set) into `out`,
    /// reusing its memory, and points every element at its root.
    ///
    /// One pass in index order: a parent is never larger than its child (unions hang the
    /// larger root under the smaller, path halving only moves to ancestors), so an element's
    /// parent is labelled before it.
    pub fn labels_into(&mut self, out: &mut Vec<u32>) {
        out.clear();
        out.reserve(self.parent.len());
        for i in 0..self.parent.len() {
            let p = self.parent[i];
            let root = if p as usize == i { p } else { out[p as usize] };
            self.parent[i] = root;
            out.push(root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::text::normalize;

    fn norm(s: &str) -> String {
        let mut o = String::new();
        normalize(s, &mut o);
        o
    }

    #[test]
    fn paraphrases_group_unrelated_do_not() {
        let raw = [
            "Boycottez les JO de Paris ! La France n'est même pas capable de protéger ses rues",
            "Boycottez les JO de Paris !! La France n'est pas même capable de protéger ses rues 🚫",
            "BOYCOTT les JO de la France ! La France n'est même pas capable de protéger ses rues",
            "Boycottez les JO de Macron. La France n'est même pas capable de protéger ses rues ⚠️",
            "Les JO de Paris seront une grande fête, venez nombreux profiter des épreuves",
            "Energy prices will double this winter because of sanctions, experts warn",
            "BREAKING: Energy prices will double this winter because of sanctions, experts warn RT",
            "They won't tell you: Energy prices will double this winter because sanctions, of experts warn Share before it's deleted.",
            "Le métro est encore en retard ce matin, vraiment fatigué de cette ligne",
        ];
        let texts: Vec<String> = raw.iter().map(|s| norm(s)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let g = group(&refs, 0.5);
        assert_eq!(g[0], 0);
        assert_eq!(&g[..4], &[0, 0, 0, 0], "paraphrases join: {g:?}");
        assert_eq!(g[4], 4, "same topic, other text: {g:?}");
        assert_eq!(g[5], 5);
        assert_eq!(g[6], 5, "reworded narrative joins: {g:?}");
        assert_eq!(g[7], 5, "wrapped narrative joins: {g:?}");
        assert_eq!(g[8], 8);
    }

    #[test]
    fn huge_bucket_is_linear() {
        // 200k identical texts fall into one bucket per band: two comparisons each.
        let texts: Vec<&str> = vec!["the very same slogan copied by everyone"; 200_000];
        let g = group(&texts, 0.5);
        assert!(g.iter().all(|&x| x == 0));
    }

    #[test]
    fn ascii_shingles_are_the_character_shingles() {
        let collect = |t: &str, by_chars: bool| {
            let mut out: Vec<Vec<u8>> = Vec::new();
            let mut feed = |b: &[u8]| out.push(b.to_vec());
            let n = if by_chars {
                for_each_shingle_chars(t, &mut feed)
            } else {
                for_each_shingle(t, &mut feed)
            };
            (n, out)
        };
        for t in [
            "",
            "a",
            "abcd",
            "abcde",
            "abcdef",
            "the same slogan, copied 100 times!",
        ] {
            assert_eq!(collect(t, false), collect(t, true), "{t:?}");
        }
        let (n, s) = collect("abcdefg", false);
        assert_eq!(n, 3);
        assert_eq!(s, [b"abcde".to_vec(), b"bcdef".to_vec(), b"cdefg".to_vec()]);
        // Non-ASCII goes by characters: "é" is two bytes, one character.
        let (n, s) = collect("ééééééé", false);
        assert_eq!(n, 3);
        assert!(s.iter().all(|x| x.len() == 10));
    }

    #[test]
    fn radix_sort_by_key_keeps_index_order() {
        let entry = |k: u32, i: u32| (u64::from(k) << 32) | u64::from(i);
        let keys = [
            0x0001_ffff,
            7,
            0xffff_0000,
            7,
            0,
            0x0001_ffff,
            0x0002_0000,
            7,
        ];
        let mut v: Vec<u64> = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| entry(k, i as u32))
            .collect();
        let mut tmp = Vec::new();
        radix_sort_high32(&mut v, &mut tmp);
        let want = [
            entry(0, 4),
            entry(7, 1),
            entry(7, 3),
            entry(7, 7),
            entry(0x0001_ffff, 0),
            entry(0x0001_ffff, 5),
            entry(0x0002_0000, 6),
            entry(0xffff_0000, 2),
        ];
        assert_eq!(v, want);
        // One digit the same everywhere (its pass is skipped), and an empty input.
        let mut v = vec![
            entry(0x0005_0003, 0),
            entry(0x0005_0001, 1),
            entry(0x0005_0003, 2),
        ];
        radix_sort_high32(&mut v, &mut tmp);
        assert_eq!(
            v,
            [
                entry(0x0005_0001, 1),
                entry(0x0005_0003, 0),
                entry(0x0005_0003, 2)
            ]
        );
        let mut v: Vec<u64> = Vec::new();
        radix_sort_high32(&mut v, &mut tmp);
        assert!(v.is_empty());
    }

    #[test]
    fn exact_band_key_partitions_like_the_hashed_key() {
        // The keys were mix64(mix64(band ^ r0) ^ r1): two row pairs share such a key only if
        // mix64(band ^ r0) of two r0 agree above the low 16 bits (mix64 is a bijection and
        // r1 < 2^16). They never do for any band, so the exact key (r0, r1) groups the texts
        // of a band exactly as the hashed key did.
        for band in 0..BANDS as u64 {
            let mut high: Vec<u64> = (0..=u64::from(u16::MAX))
                .map(|r0| crate::features::mix64(band ^ r0) >> 16)
                .collect();
            high.sort_unstable();
            assert!(high.windows(2).all(|w| w[0] != w[1]), "band {band}");
        }
        let mut sig = [0u16; PERMS];
        sig[2] = 0xabcd;
        sig[3] = 0x0102;
        assert_eq!(band_key(&sig, 1), 0xabcd_0102);
    }

    #[test]
    fn labels_into_reuses_and_matches_find() {
        let mut uf = UnionFind::new(7);
        uf.union(6, 2);
        uf.union(5, 6);
        uf.union(4, 1);
        uf.union(3, 0);
        let mut out = vec![9; 20];
        uf.labels_into(&mut out);
        assert_eq!(out, [0, 1, 2, 0, 1, 2, 2]);
        uf.union(6, 0);
        uf.labels_into(&mut out);
        assert_eq!(out, [0, 1, 0, 0, 1, 0, 0]);
        let found: Vec<u32> = (0..7).map(|i| uf.find(i) as u32).collect();
        assert_eq!(found, out);
        assert_eq!(uf.min_labels(), out);
    }

    #[test]
    fn union_find_order_free() {
        let mut a = UnionFind::new(5);
        a.union(3, 4);
        a.union(4, 1);
        let mut b = UnionFind::new(5);
        b.union(1, 4);
        b.union(4, 3);
        assert_eq!(a.min_labels(), b.min_labels());
    }

    /// The signature as it was computed before the bins became `u64` minima: `u32` minima
    /// and a mask of filled bins updated per shingle (densified by the same `donor`, which
    /// did not change). The two must agree bit for bit.
    fn signature_with_mask(text: &str) -> (Sig, u32) {
        let mut mins = [[u32::MAX; GROUP_BINS]; GROUPS];
        let mut filled = 0u64;
        let shingles = for_each_shingle(text, &mut |s: &[u8]| {
            let h = crate::features::hash64(s);
            for (g, (seed, group)) in GROUP_SEEDS.iter().zip(mins.iter_mut()).enumerate() {
                let x = crate::features::mix64(h ^ seed);
                let b = (x >> Bins::SHIFT) as usize & (GROUP_BINS - 1);
                filled |= 1u64 << (g * GROUP_BINS + b);
                group[b] = group[b].min(x as u32);
            }
        });
        let mut sig = [0u16; PERMS];
        for (i, s) in sig.iter_mut().enumerate() {
            let j = donor(i, filled);
            *s = (mins[j / GROUP_BINS][j % GROUP_BINS] >> 16) as u16;
        }
        (sig, shingles)
    }

    #[test]
    fn signature_matches_the_masked_bins() {
        let alphabet: Vec<char> = "abc xyz0é ß€😀#@".chars().collect();
        let mut seed = 0x1234_5678_u64;
        let mut texts: Vec<String> = vec![String::new(), "a".into(), "abcde".into()];
        for n in 0..20_000u64 {
            let len = (n % 297) as usize;
            let t: String = (0..len)
                .map(|_| {
                    seed = crate::features::mix64(seed);
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            texts.push(t);
        }
        for t in &texts {
            assert_eq!(signature(t), signature_with_mask(t), "{t:?}");
        }
    }
}

/// Precision and recall of the grouping on generated paraphrases: the measurement quoted in
/// the README. Run with `cargo test --release near_duplicate_quality -- --nocapture`.
#[cfg(test)]
mod quality {
    use super::group;
    use crate::eval::generate::rng::Rng;
    use crate::eval::generate::text;
    use crate::features::text::normalize;

    #[test]
    fn near_duplicate_quality() {
        let mut rng = Rng::new(99);
        // (text, source): paraphrases of campaign templates and reworded narratives share a
        // source; organic texts each have their own.
        let mut items: Vec<(String, usize)> = Vec::new();
        for (l, lang) in ["fr", "en", "es"].into_iter().enumerate() {
            for (t, tpl) in text::campaign_templates(lang).iter().enumerate() {
                for _ in 0..20 {
                    let base = tpl.replace("{P}", rng.pick(text::PLACES));
                    items.push((text::paraphrase(&mut rng, &base), 1000 * (l + 1) + t));
                }
            }
        }
        for (k, n) in text::NARRATIVES.iter().enumerate() {
            for _ in 0..20 {
                let once = text::reword(&mut rng, n);
                items.push((text::reword(&mut rng, &once), 500 + k));
            }
        }
        for i in 0..3000 {
            let lang = rng.pick(&["fr", "en", "es", "de"]);
            items.push((text::organic_text(&mut rng, lang), 100_000 + i));
        }
        let normed: Vec<String> = items
            .iter()
            .map(|(t, _)| {
                let mut s = String::new();
                normalize(t, &mut s);
                s
            })
            .collect();
        let refs: Vec<&str> = normed.iter().map(String::as_str).collect();
        let g = group(&refs, 0.5);
        let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                let same_truth = items[i].1 == items[j].1;
                let same_group = g[i] == g[j];
                match (same_truth, same_group) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    _ => {}
                }
            }
        }
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        println!(
            "near-duplicate pairs: precision {precision:.4}, recall {recall:.4} ({} texts)",
            items.len()
        );
        assert!(precision >= 0.95, "precision {precision}");
        assert!(recall >= 0.85, "recall {recall}");
    }
}
