//! Media grouping: exact hashes, and near matches of 64-bit perceptual hashes.
//!
//! A media value is its content hash, lower-cased. Values of exactly 16 hex digits are read as
//! 64-bit perceptual hashes (pHash, dHash): two within `max_distance` bits (Hamming) show the
//! same picture re-encoded, cropped or watermarked, and join one group.
//!
//! # Method
//! Multi-index hashing: the 64 bits are cut into `max_distance + 1` blocks; by the pigeonhole
//! principle two hashes within that distance agree exactly on at least one block. Hashes are
//! bucketed by (block, value) and compared only within buckets, so no all-pairs comparison.
//!
//! # Complexity
//! O(n·(d+1)·log n) to bucket n distinct hashes, plus the comparisons within buckets (about
//! n²/2^(64/(d+1)) per block for random hashes). Memory O(n·(d+1)).
//!
//! # Reference
//! Norouzi, Punjani & Fleet, "Fast search in Hamming space with multi-index hashing" (2012).

use super::minhash::UnionFind;

/// Default largest Hamming distance between two copies of one picture.
pub const MAX_DISTANCE: u32 = 4;

/// Buckets larger than this are compared linearly.
const CROWDED: usize = 256;

/// Parses a 16-hex-digit perceptual hash.
pub fn perceptual(value: &str) -> Option<u64> {
    let v = value.trim();
    if v.len() == 16 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        u64::from_str_radix(v, 16).ok()
    } else {
        None
    }
}

/// Groups distinct media values; returns each value's group (smallest member index).
pub fn group(values: &[&str], max_distance: u32) -> Vec<u32> {
    let n = values.len();
    let mut uf = UnionFind::new(n);
    // Exact duplicates after lower-casing and trimming.
    let mut exact: Vec<(String, u32)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.trim().to_ascii_lowercase(), i as u32))
        .collect();
    exact.sort_unstable();
    for w in exact.windows(2) {
        if w[0].0 == w[1].0 {
            uf.union(w[0].1 as usize, w[1].1 as usize);
        }
    }
    let hashes: Vec<(u64, u32)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| perceptual(v).map(|h| (h, i as u32)))
        .collect();
    let mut value_hash = vec![0u64; n];
    for &(h, i) in &hashes {
        value_hash[i as usize] = h;
    }
    if max_distance > 0 && max_distance < 32 {
        let blocks = max_distance + 1;
        let width = 64 / blocks;
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(hashes.len());
        for b in 0..blocks {
            let shift = b * width;
            let bits = if b == blocks - 1 { 64 - shift } else { width };
            let mask = if bits >= 64 {
                u64::MAX
            } else {
                (1u64 << bits) - 1
            };
            keyed.clear();
            keyed.extend(
                hashes
                    .iter()
                    .map(|&(h, i)| (((h >> shift) & mask) | (u64::from(b) << 58), i)),
            );
            keyed.sort_unstable();
            let mut s = 0;
            while s < keyed.len() {
                let mut e = s + 1;
                while e < keyed.len() && keyed[e].0 == keyed[s].0 {
                    e += 1;
                }
                // A crowded bucket (hostile or degenerate hashes) is compared linearly: each
                // hash with the bucket's first and its predecessor.
                let crowded = e - s > CROWDED;
                for y in s + 1..e {
                    let partners: &[usize] = if crowded { &[s, y - 1] } else { &[] };
                    let range = if crowded { 0..0 } else { s..y };
                    for x in partners.iter().copied().chain(range) {
                        let (i, j) = (keyed[x].1 as usize, keyed[y].1 as usize);
                        if (value_hash[i] ^ value_hash[j]).count_ones() <= max_distance {
                            uf.union(i, j);
                        }
                    }
                }
                s = e;
            }
        }
    }
    uf.min_labels()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_copies_join_others_do_not() {
        let base = 0x0123_4567_89ab_cdefu64;
        let near = base ^ 0b1011; // 3 bits
        let far = base ^ 0xff; // 8 bits
        let vals = [
            format!("{base:016x}"),
            format!("{near:016x}"),
            format!("{far:016x}"),
            format!("{base:016X}"),
            "sha256:abc".to_string(),
            "SHA256:ABC".to_string(),
        ];
        let refs: Vec<&str> = vals.iter().map(String::as_str).collect();
        let g = group(&refs, MAX_DISTANCE);
        assert_eq!(g, vec![0, 0, 2, 0, 4, 4]);
    }

    #[test]
    fn distance_zero_is_exact_only() {
        let vals = ["00000000000000ff", "00000000000000fe"];
        assert_eq!(group(&vals, 0), vec![0, 1]);
    }
}
