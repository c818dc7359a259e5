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
//! keeps the minimum of `PERMS` hash permutations (16 bits of each). LSH splits it into
//! `BANDS` bands of `ROWS` rows; texts sharing a band are candidates, so a pair with Jaccard
//! similarity J becomes a candidate with probability 1 - (1 - J^3)^16 (0.98 at J = 0.6, 0.12
//! at J = 0.2). A candidate is joined only when its estimated similarity (the share of equal
//! signature rows) reaches the threshold (0.5 by default). Paraphrases by word swaps, emoji,
//! punctuation, hashtag order or a changed name keep most 5-grams; different texts on one
//! topic share few.
//!
//! Never all pairs: within a band, texts with one key are sorted together and each is compared
//! with the first and the previous text of its run, so a bucket that a million texts fall into
//! costs two comparisons per text, not a million.
//!
//! # Complexity
//! Time O(C·PERMS + BANDS·n log n) for n texts with C characters in all; memory
//! O(n·(2·PERMS + 20)) bytes.
//!
//! # Reference
//! Broder, "On the resemblance and containment of documents" (1997); Leskovec, Rajaraman &
//! Ullman, *Mining of Massive Datasets*, ch. 3.

use rayon::prelude::*;

use super::hash64;

/// Signature length.
pub const PERMS: usize = 48;
/// LSH bands.
pub const BANDS: usize = 24;
/// Rows per band.
pub const ROWS: usize = PERMS / BANDS;
/// Shingle length in characters.
pub const SHINGLE: usize = 5;

type Sig = [u16; PERMS];

fn params() -> [(u64, u64); PERMS] {
    let mut p = [(0u64, 0u64); PERMS];
    let mut x = 0x5eed_u64;
    for slot in &mut p {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let a = super::mix64(x) | 1;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        *slot = (a, super::mix64(x));
    }
    p
}

fn signature(text: &str, p: &[(u64, u64); PERMS]) -> (Sig, u32) {
    let mut mins = [u64::MAX; PERMS];
    let idx: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let chars = idx.len() - 1;
    let mut feed = |s: &str| {
        let h = hash64(s.as_bytes());
        for (m, (a, b)) in mins.iter_mut().zip(p) {
            let v = h.wrapping_mul(*a).wrapping_add(*b);
            let v = v ^ (v >> 29);
            if v < *m {
                *m = v;
            }
        }
    };
    let shingles = if chars <= SHINGLE {
        feed(text);
        1
    } else {
        for i in 0..=chars - SHINGLE {
            feed(&text[idx[i]..idx[i + SHINGLE]]);
        }
        (chars - SHINGLE + 1) as u32
    };
    let mut sig = [0u16; PERMS];
    for (s, m) in sig.iter_mut().zip(mins) {
        *s = (m >> 48) as u16;
    }
    (sig, shingles)
}

/// Whether two texts are near-duplicates: estimated Jaccard similarity at `threshold`, or the
/// shorter text at least `CONTAINED` inside the longer one (with Jaccard at least
/// `MIN_JACCARD_CONTAINED`), which is how a claim reads when operators wrap it in a different
/// opener and closer each time.
fn similar(a: &(Sig, u32), b: &(Sig, u32), threshold: f64) -> bool {
    let j = similarity(&a.0, &b.0);
    if j >= threshold {
        return true;
    }
    if j < MIN_JACCARD_CONTAINED {
        return false;
    }
    let (na, nb) = (f64::from(a.1), f64::from(b.1));
    let common = j * (na + nb) / (1.0 + j);
    common / na.min(nb) >= CONTAINED
}

/// Share of the shorter text's shingles that must lie in the longer one.
pub const CONTAINED: f64 = 0.8;
/// Least Jaccard similarity for the containment rule (keeps a short slogan inside a long
/// unrelated post from joining it).
pub const MIN_JACCARD_CONTAINED: f64 = 0.3;

/// Estimated Jaccard similarity of two signatures.
fn similarity(a: &Sig, b: &Sig) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / PERMS as f64
}

/// Groups near-duplicate texts; see the module documentation.
pub fn group(texts: &[&str], threshold: f64) -> Vec<u32> {
    let p = params();
    let sigs: Vec<(Sig, u32)> = texts.par_iter().map(|t| signature(t, &p)).collect();
    let mut uf = UnionFind::new(texts.len());
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(texts.len());
    for band in 0..BANDS {
        keys.clear();
        keys.par_extend(sigs.par_iter().enumerate().map(|(i, s)| {
            let rows = &s.0[band * ROWS..(band + 1) * ROWS];
            let mut k = band as u64;
            for r in rows {
                k = super::mix64(k ^ u64::from(*r));
            }
            (k, i as u32)
        }));
        keys.par_sort_unstable();
        // Buckets are found sequentially (cheap), verified in parallel (the costly part), and
        // joined in order; union-find labels do not depend on the order of unions anyway.
        let mut buckets = Vec::new();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            if end - start > 1 {
                buckets.push((start, end));
            }
            start = end;
        }
        let (keys, sigs) = (&keys, &sigs);
        let joins: Vec<(usize, usize)> = buckets
            .par_iter()
            .flat_map_iter(|&(start, end)| {
                let first = keys[start].1 as usize;
                (start + 1..end).filter_map(move |w| {
                    let i = keys[w].1 as usize;
                    let prev = keys[w - 1].1 as usize;
                    if similar(&sigs[i], &sigs[first], threshold) {
                        Some((i, first))
                    } else if prev != first && similar(&sigs[i], &sigs[prev], threshold) {
                        Some((i, prev))
                    } else {
                        None
                    }
                })
            })
            .collect();
        for (i, j) in joins {
            uf.union(i, j);
        }
    }
    uf.min_labels()
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
        (0..self.parent.len())
            .map(|i| self.find(i) as u32)
            .collect()
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
    fn union_find_order_free() {
        let mut a = UnionFind::new(5);
        a.union(3, 4);
        a.union(4, 1);
        let mut b = UnionFind::new(5);
        b.union(1, 4);
        b.union(4, 3);
        assert_eq!(a.min_labels(), b.min_labels());
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
