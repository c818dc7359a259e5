//! GEXF 1.2 (Gephi's native format) of the report's account graph (`--format gexf`).
//!
//! Nodes carry `network`, `verdict`, `score`, `emptiness`, `emptiness_confidence`, `posts`,
//! `degree`, `created_at` and a `label` (handle, else account id); undirected edges carry
//! GEXF's own `weight` plus `network`, `acts`, `p_value`, `min_lag_seconds` and one
//! `acts_<signal>` count per signal. What is listed follows `graphfile`. Every string goes
//! through `escape::markup`, which also keeps XML-forbidden control characters out. No date
//! is written, so the same report gives byte-identical output.
//! Schema: <http://www.gexf.net/1.2draft/gexf.xsd>.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::markup;
use super::graphfile::GraphFile;
use super::network::Report;

const NODE_ATTRS: [(&str, &str); 8] = [
    ("network", "string"),
    ("verdict", "string"),
    ("score", "double"),
    ("emptiness", "double"),
    ("emptiness_confidence", "double"),
    ("posts", "integer"),
    ("degree", "integer"),
    ("created_at", "string"),
];

/// Writes the GEXF document.
pub fn write(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let gf = GraphFile::new(r);
    let mut s = String::with_capacity(4096 + gf.links.len() * 256);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd\" version=\"1.2\">\n  <meta>\n    <creator>{} {}</creator>\n    <description>accounts of suspected coordinated networks, leads and same-owner groups, and their kept co-action pairs ({})</description>\n  </meta>\n  <graph mode=\"static\" defaultedgetype=\"undirected\">\n    <attributes class=\"node\">\n",
        markup(&r.tool.name),
        markup(&r.tool.version),
        markup(&r.schema)
    );
    for (id, ty) in NODE_ATTRS {
        let _ = writeln!(
            s,
            "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>"
        );
    }
    s.push_str("    </attributes>\n    <attributes class=\"edge\">\n");
    let mut edge_attrs: Vec<(String, &str)> = vec![
        ("network".into(), "string"),
        ("acts".into(), "integer"),
        ("p_value".into(), "double"),
        ("min_lag_seconds".into(), "double"),
    ];
    edge_attrs.extend(gf.signals.iter().map(|k| (format!("acts_{k}"), "integer")));
    for (id, ty) in &edge_attrs {
        let id = markup(id);
        let _ = writeln!(
            s,
            "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>"
        );
    }
    s.push_str("    </attributes>\n    <nodes>\n");
    for n in &gf.nodes {
        let m = n.member;
        let label = m.handle.as_deref().unwrap_or(&m.account_id);
        let _ = write!(
            s,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            markup(&m.account_id),
            markup(label)
        );
        let values = [
            markup(&n.group.id),
            markup(&n.group.verdict),
            n.group.score.to_string(),
            m.emptiness.to_string(),
            m.emptiness_confidence.to_string(),
            m.posts.to_string(),
            m.degree.to_string(),
            markup(m.created_at.as_deref().unwrap_or("")),
        ];
        for ((id, _), v) in NODE_ATTRS.iter().zip(values) {
            let _ = write!(s, "<attvalue for=\"{id}\" value=\"{v}\"/>");
        }
        s.push_str("</attvalues>\n      </node>\n");
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, l) in gf.links.iter().enumerate() {
        let e = l.edge;
        let _ = write!(
            s,
            "      <edge id=\"e{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">\n        <attvalues><attvalue for=\"network\" value=\"{}\"/><attvalue for=\"acts\" value=\"{}\"/><attvalue for=\"p_value\" value=\"{:.6e}\"/><attvalue for=\"min_lag_seconds\" value=\"{}\"/>",
            markup(&e.source),
            markup(&e.target),
            e.weight,
            markup(&l.group.id),
            e.acts,
            e.p_value,
            e.min_lag_seconds
        );
        for k in &gf.signals {
            let _ = write!(
                s,
                "<attvalue for=\"acts_{}\" value=\"{}\"/>",
                markup(k),
                e.per_signal.get(*k).copied().unwrap_or(0)
            );
        }
        s.push_str("</attvalues>\n      </edge>\n");
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    w.write_all(s.as_bytes())
}
