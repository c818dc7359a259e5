//! `lockstep score`: compares detected networks with ground-truth labels.
//!
//! Metrics (all in 0..1):
//! - **account precision / recall / F1** of "flagged as coordinated": flagged = in any
//!   detected network; coordinated = labelled with a non-empty network. Accounts a report
//!   names but the labels lack count as organic.
//! - **best-match recall** per true network: the largest share of its members that one
//!   detected network holds (with that network's precision).
//! - **pairwise precision / recall / F1** over unordered account pairs placed in the same
//!   network.
//! - **adjusted Rand index** (Hubert & Arabie, 1985) of the two partitions over the union of
//!   flagged and truly coordinated accounts, each unclustered account a singleton.
//! - **false-positive networks**: detected networks more than half of whose members are
//!   organic.
//!
//! Empty sets score as perfect on the side that is empty (nothing flagged and nothing to
//! find is precision 1, recall 1), so a clean corpus with a clean report scores 1.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::report::escape::csv_cell_decode;

/// Ground truth: account id to (network, tactic); network empty for organic accounts.
#[derive(Debug, Default, Clone)]
pub struct Truth {
    pub labels: BTreeMap<String, (String, String)>,
}

/// Detected networks: id and member account ids.
#[derive(Debug, Default, Clone)]
pub struct Detected {
    pub networks: Vec<(String, Vec<String>)>,
}

/// The positions of the named columns in a CSV header (case-insensitive).
fn columns<R: Read, const N: usize>(
    rdr: &mut csv::Reader<R>,
    name: &str,
    wanted: [&str; N],
) -> Result<[Option<usize>; N]> {
    let headers = rdr.headers().with_context(|| format!("reading {name}"))?;
    Ok(wanted.map(|w| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(w))
    }))
}

/// Reads `labels.csv` (`account_id,network[,tactic]`, with a header).
///
/// # Errors
/// An unreadable file, a missing column, or a repeated account.
pub fn read_truth(path: &Path) -> Result<Truth> {
    let name = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot open {name}"))?;
    let [a, nw, tactic] = columns(&mut rdr, &name, ["account_id", "network", "tactic"])?;
    let (Some(a), Some(nw)) = (a, nw) else {
        bail!("{name}: the header needs account_id and network columns");
    };
    let mut t = Truth::default();
    for (i, row) in rdr.records().enumerate() {
        let row = row.with_context(|| format!("reading {name}"))?;
        // Exactly as written, as ingest keeps ids: `" =1+1"` and `"\t=1+1"` are two accounts.
        let id = row.get(a).unwrap_or("").to_string();
        if id.trim().is_empty() {
            bail!("{name}:{}: empty account_id", i + 2);
        }
        let network = row.get(nw).unwrap_or("").trim().to_string();
        let tac = tactic
            .and_then(|c| row.get(c))
            .unwrap_or("")
            .trim()
            .to_string();
        if t.labels.insert(id.clone(), (network, tac)).is_some() {
            bail!("{name}:{}: account {id} labelled twice", i + 2);
        }
    }
    if t.labels.is_empty() {
        // Every measure would be a vacuous 1.0, and a `--min-f1` gate would pass.
        bail!("{name}: no labelled account (a header without rows)");
    }
    Ok(t)
}

/// Reads detected networks from a lockstep JSON report (`networks[].id`,
/// `networks[].accounts`) or a CSV with `account_id` and `network` columns; `-` is stdin.
///
/// # Errors
/// An unreadable file or neither shape.
pub fn read_detected(path: &Path) -> Result<Detected> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("cannot open {name}"))?;
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') {
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).with_context(|| format!("{name}: not valid JSON"))?;
        // Another tool's JSON, or another version of the report, may mean other things by
        // the same names: only this version's, or a document without a schema, is read.
        if let Some(schema) = v.get("schema") {
            if schema.as_str() != Some(crate::report::network::SCHEMA) {
                bail!(
                    "{name}: schema {schema} is not {}",
                    crate::report::network::SCHEMA
                );
            }
        }
        let Some(nets) = v.get("networks").and_then(|n| n.as_array()) else {
            bail!("{name}: a JSON report needs a \"networks\" array");
        };
        let mut d = Detected::default();
        let mut ids = std::collections::BTreeSet::new();
        for (i, n) in nets.iter().enumerate() {
            let id = n
                .get("id")
                .and_then(|x| x.as_str())
                .map_or_else(|| format!("N{}", i + 1), str::to_string);
            if !ids.insert(id.clone()) {
                // Two networks under one id would be scored as one.
                bail!("{name}: network id {id} appears twice");
            }
            let listed = n
                .get("accounts")
                .and_then(|a| a.as_array())
                .with_context(|| format!("{name}: network {id} has no accounts array"))?;
            let mut accounts = Vec::with_capacity(listed.len());
            for (k, a) in listed.iter().enumerate() {
                let Some(a) = a.as_str() else {
                    bail!("{name}: network {id}: account {k} is {a}, not a string id");
                };
                accounts.push(a.to_string());
            }
            d.networks.push((id, accounts));
        }
        return Ok(d);
    }
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[..]);
    let [a, nw] = columns(&mut rdr, &name, ["account_id", "network"])?;
    let (Some(a), Some(nw)) = (a, nw) else {
        bail!(
            "{name}: expected a lockstep JSON report or a CSV with account_id and network columns"
        );
    };
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rdr.records() {
        let row = row.with_context(|| format!("reading {name}"))?;
        // A lockstep CSV report guards formula-like cells with a leading `'` and escapes
        // control characters: undo both, or an id such as `=1+1` or `\t=1+1` would never
        // match its label. Account ids are kept exactly (`" =1+1"` is not `"=1+1"`).
        let net = csv_cell_decode(row.get(nw).unwrap_or("").trim());
        let acc = csv_cell_decode(row.get(a).unwrap_or(""));
        if !net.is_empty() && !acc.trim().is_empty() {
            by.entry(net.into_owned())
                .or_default()
                .push(acc.into_owned());
        }
    }
    Ok(Detected {
        networks: by.into_iter().collect(),
    })
}

/// Every score, as printed by `lockstep score --format json` (schema `lockstep/score/v1`).
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub schema: &'static str,
    pub accounts: AccountScore,
    pub networks: Vec<NetworkMatch>,
    pub pairs: PairScore,
    pub adjusted_rand_index: f64,
    pub detected_networks: usize,
    pub false_positive_networks: usize,
    /// Ids of the detected networks whose majority is organic.
    pub false_positive_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountScore {
    pub labelled: usize,
    pub coordinated: usize,
    pub flagged: usize,
    pub true_positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkMatch {
    pub network: String,
    pub tactic: String,
    pub size: usize,
    /// The detected network holding most of its members, if any.
    pub best_match: Option<String>,
    /// Share of the true network's members in `best_match`.
    pub recall: f64,
    /// Share of `best_match`'s members that belong to this network.
    pub precision: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairScore {
    pub true_pairs: u64,
    pub detected_pairs: u64,
    pub common_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores `det` against `truth`.
pub fn score(truth: &Truth, det: &Detected) -> Score {
    let net_of = |a: &str| truth.labels.get(a).map_or("", |(n, _)| n.as_str());
    // Each account's detected network: the first that lists it.
    let mut det_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (id, accs) in &det.networks {
        for a in accs {
            det_of.entry(a.as_str()).or_insert(id.as_str());
        }
    }
    let coordinated: BTreeSet<&str> = truth
        .labels
        .iter()
        .filter(|(_, (n, _))| !n.is_empty())
        .map(|(a, _)| a.as_str())
        .collect();
    let flagged: BTreeSet<&str> = det_of.keys().copied().collect();
    let tp = flagged.intersection(&coordinated).count();
    let (p, r) = (ratio(tp, flagged.len()), ratio(tp, coordinated.len()));

    // Contingency table between detected and true networks.
    let mut cont: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for (&a, &d) in &det_of {
        let t = net_of(a);
        if !t.is_empty() {
            *cont.entry((d, t)).or_default() += 1;
        }
    }
    let mut true_sizes: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for (n, tac) in truth.labels.values() {
        if !n.is_empty() {
            true_sizes.entry(n.as_str()).or_insert((0, tac.as_str())).0 += 1;
        }
    }
    // Members and organic members of each detected network, in one pass.
    let mut det_sizes: BTreeMap<&str, usize> = det
        .networks
        .iter()
        .map(|(id, _)| (id.as_str(), 0))
        .collect();
    let mut det_organic: BTreeMap<&str, usize> = BTreeMap::new();
    for (&a, &d) in &det_of {
        *det_sizes.entry(d).or_default() += 1;
        if net_of(a).is_empty() {
            *det_organic.entry(d).or_default() += 1;
        }
    }
    let networks = true_sizes
        .iter()
        .map(|(&t, &(size, tac))| {
            let best = cont
                .iter()
                .filter(|((_, tn), _)| *tn == t)
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.0.cmp(a.0.0)));
            let (best_match, recall, precision) = match best {
                Some(((d, _), &k)) => (
                    Some(d.to_string()),
                    r4(k as f64 / size as f64),
                    r4(k as f64 / det_sizes[d].max(1) as f64),
                ),
                None => (None, 0.0, 0.0),
            };
            NetworkMatch {
                network: t.to_string(),
                tactic: tac.to_string(),
                size,
                best_match,
                recall,
                precision,
            }
        })
        .collect();

    let true_pairs: u64 = true_sizes.values().map(|&(s, _)| pairs(s as u64)).sum();
    let detected_pairs: u64 = det_sizes.values().map(|&s| pairs(s as u64)).sum();
    let common_pairs: u64 = cont.values().map(|&k| pairs(k)).sum();
    let pp = if detected_pairs == 0 {
        1.0
    } else {
        common_pairs as f64 / detected_pairs as f64
    };
    let pr = if true_pairs == 0 {
        1.0
    } else {
        common_pairs as f64 / true_pairs as f64
    };

    let fp_ids: Vec<String> = det
        .networks
        .iter()
        .filter(|(id, _)| {
            let organic = det_organic.get(id.as_str()).copied().unwrap_or(0);
            organic * 2 > det_sizes[id.as_str()]
        })
        .map(|(id, _)| id.clone())
        .collect();

    Score {
        schema: "lockstep/score/v1",
        accounts: AccountScore {
            labelled: truth.labels.len(),
            coordinated: coordinated.len(),
            flagged: flagged.len(),
            true_positives: tp,
            precision: r4(p),
            recall: r4(r),
            f1: r4(f1(p, r)),
        },
        networks,
        pairs: PairScore {
            true_pairs,
            detected_pairs,
            common_pairs,
            precision: r4(pp),
            recall: r4(pr),
            f1: r4(f1(pp, pr)),
        },
        adjusted_rand_index: r4(ari(&flagged, &coordinated, &det_of, net_of)),
        detected_networks: det.networks.len(),
        false_positive_networks: fp_ids.len(),
        false_positive_ids: fp_ids,
    }
}

/// Adjusted Rand index over flagged ∪ coordinated; unclustered accounts are singletons.
fn ari<'a>(
    flagged: &BTreeSet<&'a str>,
    coordinated: &BTreeSet<&'a str>,
    det_of: &BTreeMap<&str, &str>,
    net_of: impl Fn(&str) -> &'a str,
) -> f64 {
    let universe: BTreeSet<&str> = flagged.union(coordinated).copied().collect();
    let n = universe.len() as u64;
    if n < 2 {
        return 1.0;
    }
    let mut cont: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    let mut cols: BTreeMap<String, u64> = BTreeMap::new();
    for a in &universe {
        let d = det_of
            .get(a)
            .map_or_else(|| format!("\0single:{a}"), |d| format!("d:{d}"));
        let t = net_of(a);
        let t = if t.is_empty() {
            format!("\0single:{a}")
        } else {
            format!("t:{t}")
        };
        *cont.entry((d.clone(), t.clone())).or_default() += 1;
        *rows.entry(d).or_default() += 1;
        *cols.entry(t).or_default() += 1;
    }
    let index: f64 = cont.values().map(|&k| pairs(k) as f64).sum();
    let sa: f64 = rows.values().map(|&k| pairs(k) as f64).sum();
    let sb: f64 = cols.values().map(|&k| pairs(k) as f64).sum();
    let expected = sa * sb / pairs(n) as f64;
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return if (index - expected).abs() < 1e-12 {
            1.0
        } else {
            0.0
        };
    }
    (index - expected) / (max - expected)
}

/// Writes the human table.
pub fn write_table(s: &Score, w: &mut dyn Write) -> io::Result<()> {
    let a = &s.accounts;
    writeln!(
        w,
        "accounts   precision {:.3}  recall {:.3}  F1 {:.3}   ({} flagged, {} coordinated, {} both, {} labelled)",
        a.precision, a.recall, a.f1, a.flagged, a.coordinated, a.true_positives, a.labelled
    )?;
    let p = &s.pairs;
    writeln!(
        w,
        "pairs      precision {:.3}  recall {:.3}  F1 {:.3}",
        p.precision, p.recall, p.f1
    )?;
    writeln!(w, "ARI        {:.3}", s.adjusted_rand_index)?;
    writeln!(
        w,
        "networks   {} detected, {} false-positive{}",
        s.detected_networks,
        s.false_positive_networks,
        if s.false_positive_ids.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.false_positive_ids.join(", "))
        }
    )?;
    if !s.networks.is_empty() {
        writeln!(
            w,
            "{:<16} {:>5}  {:<8} {:>7} {:>9}",
            "true network", "size", "best", "recall", "precision"
        )?;
        for n in &s.networks {
            writeln!(
                w,
                "{:<16} {:>5}  {:<8} {:>7.3} {:>9.3}",
                crate::report::escape::terminal(&n.network),
                n.size,
                n.best_match
                    .as_deref()
                    .map_or("-".into(), crate::report::escape::terminal),
                n.recall,
                n.precision
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(rows: &[(&str, &str)]) -> Truth {
        Truth {
            labels: rows
                .iter()
                .map(|(a, n)| (a.to_string(), (n.to_string(), String::new())))
                .collect(),
        }
    }

    fn det(nets: &[(&str, &[&str])]) -> Detected {
        Detected {
            networks: nets
                .iter()
                .map(|(id, a)| (id.to_string(), a.iter().map(|s| s.to_string()).collect()))
                .collect(),
        }
    }

    const T: &[(&str, &str)] = &[
        ("a", "x"),
        ("b", "x"),
        ("c", "x"),
        ("d", "y"),
        ("e", "y"),
        ("o1", ""),
        ("o2", ""),
        ("o3", ""),
    ];

    #[test]
    fn perfect_detection_scores_one() {
        let s = score(
            &truth(T),
            &det(&[("N1", &["a", "b", "c"]), ("N2", &["d", "e"])]),
        );
        assert_eq!(
            (s.accounts.precision, s.accounts.recall, s.accounts.f1),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(
            (s.pairs.precision, s.pairs.recall, s.pairs.f1),
            (1.0, 1.0, 1.0)
        );
        assert_eq!(s.adjusted_rand_index, 1.0);
        assert_eq!(s.false_positive_networks, 0);
        assert!(
            s.networks
                .iter()
                .all(|n| n.recall == 1.0 && n.precision == 1.0)
        );
    }

    #[test]
    fn hand_checked_partial_case() {
        // N1 = {a, b, o1}: two of x and an organic. N2 = {o2, o3}: all organic.
        let s = score(
            &truth(T),
            &det(&[("N1", &["a", "b", "o1"]), ("N2", &["o2", "o3"])]),
        );
        // flagged 5, coordinated 5, tp 2.
        assert_eq!(s.accounts.precision, 0.4);
        assert_eq!(s.accounts.recall, 0.4);
        assert_eq!(s.accounts.f1, 0.4);
        let x = &s.networks[0];
        assert_eq!(
            (x.best_match.as_deref(), x.recall, x.precision),
            (Some("N1"), 0.6667, 0.6667)
        );
        let y = &s.networks[1];
        assert_eq!((y.best_match.as_deref(), y.recall), (None, 0.0));
        // Pairs: detected 3 + 1 = 4, true 3 + 1 = 4, common 1 (a-b).
        assert_eq!(
            (
                s.pairs.detected_pairs,
                s.pairs.true_pairs,
                s.pairs.common_pairs
            ),
            (4, 4, 1)
        );
        assert_eq!(s.pairs.precision, 0.25);
        assert_eq!(s.false_positive_ids, vec!["N2".to_string()]);
    }

    #[test]
    fn random_clustering_scores_low() {
        let mut rows = Vec::new();
        for i in 0..20 {
            rows.push((format!("c{i}"), "camp".to_string()));
        }
        for i in 0..200 {
            rows.push((format!("o{i}"), String::new()));
        }
        let t = Truth {
            labels: rows
                .iter()
                .map(|(a, n)| (a.clone(), (n.clone(), String::new())))
                .collect(),
        };
        // 4 networks of 10 accounts drawn by a fixed stride over everyone.
        let all: Vec<String> = t.labels.keys().cloned().collect();
        let d = Detected {
            networks: (0..4)
                .map(|k| {
                    (
                        format!("N{k}"),
                        (0..10)
                            .map(|j| all[(k * 53 + j * 17) % all.len()].clone())
                            .collect(),
                    )
                })
                .collect(),
        };
        let s = score(&t, &d);
        assert!(s.accounts.f1 < 0.3, "{}", s.accounts.f1);
        assert!(s.adjusted_rand_index < 0.2, "{}", s.adjusted_rand_index);
        assert!(s.false_positive_networks >= 3);
    }

    #[test]
    fn nothing_to_find_and_nothing_found() {
        let s = score(&truth(&[("o1", ""), ("o2", "")]), &Detected::default());
        assert_eq!(s.accounts.f1, 1.0);
        assert_eq!(s.adjusted_rand_index, 1.0);
    }

    #[test]
    fn missed_everything() {
        let s = score(&truth(T), &Detected::default());
        assert_eq!(s.accounts.recall, 0.0);
        assert_eq!(s.accounts.f1, 0.0);
    }
}
