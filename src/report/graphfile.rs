//! The account graph of a report, flattened for graph files (`gexf`, `graphml`): one node per
//! account of every network, lead and same-owner group, one edge per kept pair listed among
//! its members.
//!
//! Nodes come in report order (networks, leads, same-owner groups; members sorted by id); an
//! account already placed is not repeated. Edges are the report's own, so a group with more
//! than 2,000 kept pairs contributes its 2,000 heaviest (its `edges_omitted` says how many more;
//! `--format pairs` lists them all). Pure function of the report.

use std::collections::BTreeSet;

use super::network::{EdgeOut, Member, Network, Report};

/// An account with the figures of its group.
pub struct Node<'a> {
    pub member: &'a Member,
    pub group: &'a Network,
}

/// A kept pair with the id of the group it was listed in.
pub struct Link<'a> {
    pub edge: &'a EdgeOut,
    pub group: &'a Network,
}

/// Nodes, links and the signal names (for per-signal edge columns) of a report.
pub struct GraphFile<'a> {
    pub nodes: Vec<Node<'a>>,
    pub links: Vec<Link<'a>>,
    pub signals: Vec<&'a str>,
}

impl<'a> GraphFile<'a> {
    /// Flattens `r` (see the module doc).
    pub fn new(r: &'a Report) -> Self {
        let mut seen = BTreeSet::new();
        let mut nodes = Vec::new();
        let mut links = Vec::new();
        for g in r.networks.iter().chain(&r.leads).chain(&r.same_owner) {
            for m in &g.members {
                if seen.insert(m.account_id.as_str()) {
                    nodes.push(Node {
                        member: m,
                        group: g,
                    });
                }
            }
            links.extend(g.edges.iter().map(|edge| Link { edge, group: g }));
        }
        let mut signals: BTreeSet<&str> = r.graph.signals.keys().map(String::as_str).collect();
        for l in &links {
            signals.extend(l.edge.per_signal.keys().map(String::as_str));
        }
        Self {
            nodes,
            links,
            signals: signals.into_iter().collect(),
        }
    }
}
