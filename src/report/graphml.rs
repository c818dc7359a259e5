//! GraphML of the report's account graph (`--format graphml`), for Gephi, yEd, igraph,
//! NetworkX and Cytoscape.
//!
//! GraphML node ids must be XML name tokens, which account ids need not be, so nodes are
//! `n0`, `n1`, ... and the account id is the `account_id` attribute (with `label`: handle,
//! else account id). Node attributes: `network`, `verdict`, `score`, `emptiness`,
//! `emptiness_confidence`, `posts`, `degree`, `created_at`; edge attributes: `network`,
//! `weight`, `acts`, `p_value`, `min_lag_seconds` and `acts_<signal>` per signal. What is
//! listed follows `graphfile`. Strings go through `escape::markup`; the same report gives
//! byte-identical output. Schema:
//! <http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd>.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::markup;
use super::graphfile::GraphFile;
use super::network::Report;

const NODE_KEYS: [(&str, &str); 10] = [
    ("label", "string"),
    ("account_id", "string"),
    ("network", "string"),
    ("verdict", "string"),
    ("score", "double"),
    ("emptiness", "double"),
    ("emptiness_confidence", "double"),
    ("posts", "int"),
    ("degree", "int"),
    ("created_at", "string"),
];

/// Writes the GraphML document.
pub fn write(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let gf = GraphFile::new(r);
    let mut s = String::with_capacity(4096 + gf.links.len() * 256);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (i, (name, ty)) in NODE_KEYS.iter().enumerate() {
        let _ = writeln!(
            s,
            "  <key id=\"v{i}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    let mut edge_keys: Vec<(String, &str)> = vec![
        ("network".into(), "string"),
        ("weight".into(), "double"),
        ("acts".into(), "int"),
        ("p_value".into(), "double"),
        ("min_lag_seconds".into(), "double"),
    ];
    edge_keys.extend(gf.signals.iter().map(|k| (format!("acts_{k}"), "int")));
    for (i, (name, ty)) in edge_keys.iter().enumerate() {
        let _ = writeln!(
            s,
            "  <key id=\"e{i}\" for=\"edge\" attr.name=\"{}\" attr.type=\"{ty}\"/>",
            markup(name)
        );
    }
    s.push_str("  <graph id=\"lockstep\" edgedefault=\"undirected\">\n");
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in gf.nodes.iter().enumerate() {
        let m = n.member;
        ids.insert(m.account_id.as_str(), i);
        let values = [
            markup(m.handle.as_deref().unwrap_or(&m.account_id)),
            markup(&m.account_id),
            markup(&n.group.id),
            markup(&n.group.verdict),
            n.group.score.to_string(),
            m.emptiness.to_string(),
            m.emptiness_confidence.to_string(),
            m.posts.to_string(),
            m.degree.to_string(),
            markup(m.created_at.as_deref().unwrap_or("")),
        ];
        let _ = write!(s, "    <node id=\"n{i}\">");
        for (k, v) in values.iter().enumerate() {
            let _ = write!(s, "<data key=\"v{k}\">{v}</data>");
        }
        s.push_str("</node>\n");
    }
    for l in &gf.links {
        let e = l.edge;
        let (Some(a), Some(b)) = (ids.get(e.source.as_str()), ids.get(e.target.as_str())) else {
            continue;
        };
        let mut values = vec![
            markup(&l.group.id),
            e.weight.to_string(),
            e.acts.to_string(),
            format!("{:.6e}", e.p_value),
            e.min_lag_seconds.to_string(),
        ];
        values.extend(
            gf.signals
                .iter()
                .map(|k| e.per_signal.get(*k).copied().unwrap_or(0).to_string()),
        );
        let _ = write!(s, "    <edge source=\"n{a}\" target=\"n{b}\">");
        for (k, v) in values.iter().enumerate() {
            let _ = write!(s, "<data key=\"e{k}\">{v}</data>");
        }
        s.push_str("</edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    w.write_all(s.as_bytes())
}
